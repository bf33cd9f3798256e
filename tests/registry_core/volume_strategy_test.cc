// PersistentVolumeClaims and PersistentVolumes: defaults, validation, the bound-claim update
// rules, the status split and the tables.
#include <gtest/gtest.h>

#include "tests/registry_core/test_support.h"

namespace kapi::registry::core {
namespace {

const auto kNow = std::chrono::system_clock::from_time_t(1700000000);

json pvc(const char* spec) { return {{"metadata", {{"name", "data"}}}, {"spec", json::parse(spec)}}; }
json pv(const char* spec) { return {{"metadata", {{"name", "pv1"}}}, {"spec", json::parse(spec)}}; }

constexpr const char* kClaim =
    R"({"accessModes":["ReadWriteOnce"],"storageClassName":"local","resources":{"requests":{"storage":"1024Mi"}}})";
constexpr const char* kVolume =
    R"({"accessModes":["ReadWriteOnce","ReadWriteMany","ReadWriteOnce"],"capacity":{"storage":"10Gi"},"hostPath":{"path":"/data"}})";

class VolumeTest : public testing::RegistryFixture {};

TEST_F(VolumeTest, ClaimDefaultsPendingAndCanonicalQuantity) {
  json claim = create_ok("persistentvolumeclaims", "default", pvc(kClaim));
  EXPECT_EQ(claim["spec"]["volumeMode"], "Filesystem");
  EXPECT_EQ(claim["status"]["phase"], "Pending");
  EXPECT_EQ(claim["spec"]["resources"]["requests"]["storage"], "1Gi");
  auto cells = store("persistentvolumeclaims").strategy().table_printer().cells(claim, kNow);
  EXPECT_EQ(cells[1], "Pending");
  EXPECT_EQ(cells[2], "");
  EXPECT_EQ(cells[3], "");  // no capacity before binding
  EXPECT_EQ(cells[5], "local");
  EXPECT_EQ(cells[6], "<unset>");
  EXPECT_EQ(cells[8], "Filesystem");
}

TEST_F(VolumeTest, ClaimValidation) {
  auto err = create_error("persistentvolumeclaims", "default", pvc(R"({"accessModes":["ReadWriteSometimes"],"volumeMode":"Odd"})"));
  auto c = causes(err);
  EXPECT_FIELD_ERROR(c, "spec.accessModes", "Unsupported value: \"ReadWriteSometimes\": supported values: \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"");
  EXPECT_FIELD_ERROR(c, "spec.resources[storage]", "Required value");
  EXPECT_FIELD_ERROR(c, "spec.volumeMode", "Unsupported value: \"Odd\"");
  auto none = create_error("persistentvolumeclaims", "default", pvc(R"({"resources":{"requests":{"storage":"1Gi"}}})"));
  EXPECT_FIELD_ERROR(causes(none), "spec.accessModes", "Required value: at least 1 access mode is required");
  auto zero = create_error("persistentvolumeclaims", "default",
                           pvc(R"({"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"0"}}})"));
  EXPECT_FIELD_ERROR(causes(zero), "spec.resources[storage]", "Invalid value: \"0\": must be greater than zero");
}

TEST_F(VolumeTest, ClaimSpecImmutableExceptGrowingABoundClaim) {
  create_ok("persistentvolumeclaims", "default", pvc(kClaim));
  auto& claims = store("persistentvolumeclaims");
  json changed = pvc(kClaim);
  changed["spec"]["accessModes"] = json::array({"ReadWriteMany"});
  auto refused = claims.update("default", "data", changed, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_FIELD_ERROR(causes(refused.error()), "spec",
                     "Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims");
  // Binding: volumeName may be set once, and status goes through /status.
  json bind = pvc(kClaim);
  bind["spec"]["volumeName"] = "pv1";
  ASSERT_TRUE(claims.update("default", "data", bind, {}).ok());
  json status = bind;
  status["status"] = {{"phase", "Bound"}, {"capacity", {{"storage", "1Gi"}}}, {"accessModes", {"ReadWriteOnce"}}};
  auto bound = claims.update("default", "data", status, {false, "status"});
  ASSERT_TRUE(bound.ok()) << bound.error().message;
  json grow = bind;
  grow["spec"]["resources"]["requests"]["storage"] = "2Gi";
  ASSERT_TRUE(claims.update("default", "data", grow, {}).ok());
  json shrink = bind;
  auto refused_shrink = claims.update("default", "data", shrink, {});
  ASSERT_FALSE(refused_shrink.ok());
  EXPECT_FIELD_ERROR(causes(refused_shrink.error()), "spec.resources.requests.storage",
                     "Forbidden: field can not be less than previous value");
  json stored = json::parse(*claims.get("default", "data").value());
  auto cells = claims.strategy().table_printer().cells(stored, kNow);
  EXPECT_EQ(cells[1], "Bound");
  EXPECT_EQ(cells[2], "pv1");
  EXPECT_EQ(cells[3], "1Gi");
  EXPECT_EQ(cells[4], "RWO");
}

// Retroactive default StorageClass: a claim created without a class may have one written in
// once (what the PV controller does when a default class appears later); a class, once set, or
// "" set on purpose, is immutable like the rest of the spec.
TEST_F(VolumeTest, ClaimStorageClassMayBeSetOnceFromUnset) {
  constexpr const char* kNoClass =
      R"({"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}})";
  auto& claims = store("persistentvolumeclaims");
  create_ok("persistentvolumeclaims", "default", pvc(kNoClass));
  json assigned = pvc(kNoClass);
  assigned["spec"]["storageClassName"] = "standard";
  auto ok = claims.update("default", "data", assigned, {});
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(json::parse(*claims.get("default", "data").value())["spec"]["storageClassName"], "standard");

  json changed = assigned;
  changed["spec"]["storageClassName"] = "fast";
  auto refused = claims.update("default", "data", changed, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_FIELD_ERROR(causes(refused.error()), "spec", "Forbidden: spec is immutable after creation");
  json cleared = pvc(kNoClass);
  ASSERT_FALSE(claims.update("default", "data", cleared, {}).ok());

  // "" is a class (no dynamic provisioning), not an unset one.
  json empty_class = pvc(kNoClass);
  empty_class["metadata"]["name"] = "static";
  empty_class["spec"]["storageClassName"] = "";
  create_ok("persistentvolumeclaims", "default", empty_class);
  json later = empty_class;
  later["spec"]["storageClassName"] = "standard";
  ASSERT_FALSE(claims.update("default", "static", later, {}).ok());
}

// The beta annotation: the field may take the annotation's class; any other class is refused,
// and the annotation itself is immutable.
TEST_F(VolumeTest, ClaimStorageClassFromTheBetaAnnotation) {
  constexpr const char* kNoClass =
      R"({"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}})";
  auto& claims = store("persistentvolumeclaims");
  json annotated = pvc(kNoClass);
  annotated["metadata"]["annotations"] = {{"volume.beta.kubernetes.io/storage-class", "gold"}};
  create_ok("persistentvolumeclaims", "default", annotated);
  json other = annotated;
  other["spec"]["storageClassName"] = "silver";
  auto refused = claims.update("default", "data", other, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_FIELD_ERROR(causes(refused.error()), "spec", "Forbidden: spec is immutable after creation");
  json relabelled = annotated;
  relabelled["metadata"]["annotations"]["volume.beta.kubernetes.io/storage-class"] = "silver";
  auto refused_annotation = claims.update("default", "data", relabelled, {});
  ASSERT_FALSE(refused_annotation.ok());
  EXPECT_FIELD_ERROR(causes(refused_annotation.error()),
                     "metadata.annotations.volume.beta.kubernetes.io/storage-class",
                     "Invalid value: \"silver\": field is immutable");
  json same = annotated;
  same["spec"]["storageClassName"] = "gold";
  auto ok = claims.update("default", "data", same, {});
  ASSERT_TRUE(ok.ok()) << ok.error().message;
}

TEST_F(VolumeTest, VolumeDefaultsAndTable) {
  json volume = create_ok("persistentvolumes", "", pv(kVolume));
  EXPECT_EQ(volume["spec"]["persistentVolumeReclaimPolicy"], "Retain");
  EXPECT_EQ(volume["spec"]["volumeMode"], "Filesystem");
  EXPECT_EQ(volume["status"]["phase"], "Pending");
  volume["spec"]["claimRef"] = {{"namespace", "default"}, {"name", "data"}};
  volume["metadata"]["creationTimestamp"] = "2023-11-14T22:13:00Z";
  auto cells = store("persistentvolumes").strategy().table_printer().cells(volume, kNow);
  EXPECT_EQ(cells, json::parse(R"(["pv1","10Gi","RWO,RWX","Retain","Pending","default/data","","<unset>","","20s","Filesystem"])"));
}

TEST_F(VolumeTest, VolumeValidationAndImmutableSource) {
  auto err = create_error("persistentvolumes", "", pv(R"({"persistentVolumeReclaimPolicy":"Keep"})"));
  auto c = causes(err);
  EXPECT_FIELD_ERROR(c, "spec.accessModes", "Required value");
  EXPECT_FIELD_ERROR(c, "spec.capacity", "Required value");
  EXPECT_FIELD_ERROR(c, "spec.persistentVolumeReclaimPolicy", "Unsupported value: \"Keep\"");
  EXPECT_FIELD_ERROR(c, "spec", "Required value: must specify a volume type");
  auto two = create_error("persistentvolumes", "",
      pv(R"({"accessModes":["ReadWriteOnce"],"capacity":{"storage":"1Gi"},"hostPath":{"path":"/a"},"nfs":{"server":"s","path":"/"}})"));
  EXPECT_FIELD_ERROR(causes(two), "spec.nfs", "Forbidden: may not specify more than 1 volume type");
  create_ok("persistentvolumes", "", pv(kVolume));
  json moved = pv(kVolume);
  moved["spec"]["hostPath"]["path"] = "/elsewhere";
  auto refused = store("persistentvolumes").update("", "pv1", moved, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_FIELD_ERROR(causes(refused.error()), "spec.persistentvolumesource",
                     "Forbidden: spec.persistentvolumesource is immutable after creation");
}

}  // namespace
}  // namespace kapi::registry::core
