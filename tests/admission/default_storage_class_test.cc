// DefaultStorageClass: a claim without storageClassName gets the default class (newest wins),
// "" and an explicit class are left alone, and the registry's chain applies it on create.
#include <gtest/gtest.h>

#include "admission/default_storage_class.h"
#include "registry/registry.h"
#include "storage/memory_store.h"

namespace kapi::admission {
namespace {

const registry::ResourceInfo kClaims{"", "v1", "PersistentVolumeClaim", "persistentvolumeclaims",
                                     "persistentvolumeclaim", {"pvc"}, {}, true, {"status"}};

json storage_class(const std::string& name, const std::string& created, const char* key = kIsDefaultClassAnnotation,
                   const std::string& value = "true") {
  return {{"metadata", {{"name", name}, {"creationTimestamp", created}, {"annotations", {{key, value}}}}},
          {"provisioner", "example.com/p"}};
}

json claim(const json& spec) {
  return {{"metadata", {{"name", "data"}, {"namespace", "default"}}}, {"spec", spec}};
}

json admit(const DefaultStorageClass& plugin, json obj, Operation op = Operation::kCreate) {
  Attributes attrs{op, kClaims, "", "default", "data", &obj, nullptr, false};
  EXPECT_FALSE(plugin.admit(attrs).has_value());
  return obj;
}

TEST(DefaultStorageClass, NewestDefaultWinsAndEitherKeyCounts) {
  std::vector<json> classes = {storage_class("old", "2024-01-01T00:00:00Z"),
                               storage_class("beta", "2024-03-01T00:00:00Z", kBetaIsDefaultClassAnnotation),
                               storage_class("notdefault", "2025-01-01T00:00:00Z", kIsDefaultClassAnnotation, "false")};
  EXPECT_EQ(default_storage_class_name(classes), "beta");
  classes.push_back(storage_class("b-same-time", "2024-03-01T00:00:00Z"));
  classes.push_back(storage_class("a-same-time", "2024-03-01T00:00:00Z"));
  EXPECT_EQ(default_storage_class_name(classes), "a-same-time");  // equal times: the first name
  EXPECT_EQ(default_storage_class_name({storage_class("x", "2024-01-01T00:00:00Z", kIsDefaultClassAnnotation, "")}), "");
}

TEST(DefaultStorageClass, SetsOnlyAnAbsentOrNullClass) {
  DefaultStorageClass plugin([] { return std::vector<json>{storage_class("standard", "2024-01-01T00:00:00Z")}; });
  EXPECT_EQ(admit(plugin, claim({{"accessModes", {"ReadWriteOnce"}}}))["spec"]["storageClassName"], "standard");
  EXPECT_EQ(admit(plugin, claim({{"storageClassName", nullptr}}))["spec"]["storageClassName"], "standard");
  EXPECT_EQ(admit(plugin, claim({{"storageClassName", ""}}))["spec"]["storageClassName"], "");
  EXPECT_EQ(admit(plugin, claim({{"storageClassName", "fast"}}))["spec"]["storageClassName"], "fast");
  json beta = claim(json::object());
  beta["metadata"]["annotations"] = {{"volume.beta.kubernetes.io/storage-class", "fast"}};
  EXPECT_FALSE(admit(plugin, beta)["spec"].contains("storageClassName"));
  // Updates are never defaulted (the controller's retroactive assignment does that).
  EXPECT_FALSE(admit(plugin, claim(json::object()), Operation::kUpdate)["spec"].contains("storageClassName"));
}

TEST(DefaultStorageClass, NoDefaultLeavesTheClaimAlone) {
  DefaultStorageClass plugin([] { return std::vector<json>{}; });
  EXPECT_FALSE(admit(plugin, claim(json::object()))["spec"].contains("storageClassName"));
}

TEST(DefaultStorageClass, RegistryChainDefaultsOnCreate) {
  registry::Registry registry(storage::make_memory_store());
  registry::register_builtin_resources(registry);
  registry::ensure_system_namespaces(registry);
  json sc = storage_class("standard", "");
  sc["metadata"].erase("creationTimestamp");
  ASSERT_TRUE(registry.find("storage.k8s.io", "v1", "storageclasses")->create("", sc, {}).ok());
  json pvc = claim({{"accessModes", {"ReadWriteOnce"}}, {"resources", {{"requests", {{"storage", "1Gi"}}}}}});
  auto made = registry.find("", "v1", "persistentvolumeclaims")->create("default", pvc, {});
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(json::parse(*made.value())["spec"]["storageClassName"], "standard");
}

}  // namespace
}  // namespace kapi::admission
