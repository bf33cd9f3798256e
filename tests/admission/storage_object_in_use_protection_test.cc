// StorageObjectInUseProtection: new claims and volumes get their protection finalizer, once, and
// only on create; through the registry a deleted claim stays (terminating) until it is removed.
#include <gtest/gtest.h>

#include "admission/storage_object_in_use_protection.h"
#include "registry/registry.h"
#include "storage/memory_store.h"

namespace kapi::admission {
namespace {

const registry::ResourceInfo kClaims{"", "v1", "PersistentVolumeClaim", "persistentvolumeclaims",
                                     "persistentvolumeclaim", {"pvc"}, {}, true, {"status"}};
const registry::ResourceInfo kVolumes{"", "v1", "PersistentVolume", "persistentvolumes",
                                      "persistentvolume", {"pv"}, {}, false, {"status"}};
const registry::ResourceInfo kConfigMaps{"", "v1", "ConfigMap", "configmaps", "configmap", {"cm"}, {}, true, {}};

json admit(const registry::ResourceInfo& resource, json obj, Operation op = Operation::kCreate) {
  StorageObjectInUseProtection plugin;
  Attributes attrs{op, resource, "", "default", "x", &obj, nullptr, false};
  EXPECT_FALSE(plugin.admit(attrs).has_value());
  return obj;
}

TEST(StorageObjectInUseProtection, AddsTheFinalizerOnCreate) {
  json object = {{"metadata", {{"name", "x"}}}};
  EXPECT_EQ(admit(kClaims, object)["metadata"]["finalizers"], json::array({"kubernetes.io/pvc-protection"}));
  EXPECT_EQ(admit(kVolumes, object)["metadata"]["finalizers"], json::array({"kubernetes.io/pv-protection"}));
  json with_other = {{"metadata", {{"name", "x"}, {"finalizers", {"example.com/keep", "kubernetes.io/pvc-protection"}}}}};
  EXPECT_EQ(admit(kClaims, with_other)["metadata"]["finalizers"],
            json::array({"example.com/keep", "kubernetes.io/pvc-protection"}));
  EXPECT_FALSE(admit(kConfigMaps, object)["metadata"].contains("finalizers"));
  EXPECT_FALSE(admit(kClaims, object, Operation::kUpdate)["metadata"].contains("finalizers"));
}

TEST(StorageObjectInUseProtection, RegistryKeepsADeletedClaimUntilTheFinalizerGoes) {
  registry::Registry registry(storage::make_memory_store());
  registry::register_builtin_resources(registry);
  registry::ensure_system_namespaces(registry);
  const auto* claims = registry.find("", "v1", "persistentvolumeclaims");
  json pvc = {{"metadata", {{"name", "data"}}},
              {"spec", {{"accessModes", {"ReadWriteOnce"}}, {"storageClassName", ""},
                        {"resources", {{"requests", {{"storage", "1Gi"}}}}}}}};
  auto made = claims->create("default", pvc, {});
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(json::parse(*made.value())["metadata"]["finalizers"], json::array({"kubernetes.io/pvc-protection"}));
  auto deleted = claims->remove("default", "data", {});
  ASSERT_TRUE(deleted.ok());
  EXPECT_FALSE(deleted->deleted_now);
  auto still = claims->get("default", "data");
  ASSERT_TRUE(still.ok());
  EXPECT_TRUE(json::parse(*still.value())["metadata"].contains("deletionTimestamp"));
}

}  // namespace
}  // namespace kapi::admission
