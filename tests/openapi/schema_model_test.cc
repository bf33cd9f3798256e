// The built-in schema model: every required kind is defined, and the patch metadata that
// client-side apply and strategic merge patch rely on sits where upstream puts it.
#include <gtest/gtest.h>

#include "openapi/schema_model.h"

namespace kapi::openapi {
namespace {

const Schema& kind(const std::string& group, const std::string& version, const std::string& k) {
  const Schema* s = builtin_schemas().find_kind({group, version, k});
  if (s == nullptr) throw std::runtime_error("no schema for " + k);
  return *s;
}

// Follows a dotted field path ("spec.template.spec.containers") through objects; `[]` steps
// into list items.
const Schema* at(const Schema& root, const std::vector<std::string>& path) {
  const Schema* node = &root;
  for (const std::string& step : path) {
    if (step == "[]") {
      node = node->item_schema();
    } else {
      node = node->field(step);
    }
    if (node == nullptr) return nullptr;
  }
  return node;
}

TEST(SchemaModel, DefinesEveryRequiredKindAndItsList) {
  const std::vector<std::pair<std::string, std::string>> kinds = {
      {"", "Namespace"}, {"", "ConfigMap"}, {"", "Secret"}, {"", "Pod"}, {"", "Service"},
      {"", "PersistentVolumeClaim"}, {"", "PersistentVolume"}, {"", "Event"}, {"", "Node"},
      {"", "Endpoints"}, {"", "ServiceAccount"}, {"apps", "StatefulSet"}, {"apps", "Deployment"},
      {"apps", "ReplicaSet"}, {"apps", "DaemonSet"}, {"apps", "ControllerRevision"},
      {"storage.k8s.io", "StorageClass"}, {"", "LimitRange"}, {"", "ResourceQuota"},
      {"", "ReplicationController"}, {"", "PodTemplate"}, {"storage.k8s.io", "VolumeAttachment"},
      {"storage.k8s.io", "CSIDriver"}, {"storage.k8s.io", "CSINode"}, {"storage.k8s.io", "CSIStorageCapacity"}};
  for (const auto& [group, k] : kinds) {
    EXPECT_NE(builtin_schemas().find_kind({group, "v1", k}), nullptr) << k;
    EXPECT_NE(builtin_schemas().find_kind({group, "v1", k + "List"}), nullptr) << k << "List";
  }
  EXPECT_NE(builtin_schemas().find_kind({"autoscaling", "v1", "Scale"}), nullptr);
  EXPECT_EQ(builtin_schemas().find_kind({"", "v1", "NoSuchKind"}), nullptr);
  EXPECT_EQ(builtin_schemas().definition_name({"apps", "v1", "Deployment"}), "io.k8s.api.apps.v1.Deployment");
}

TEST(SchemaModel, SharedMetaTypesExist) {
  for (const char* name : {"ObjectMeta", "ListMeta", "Status", "OwnerReference", "ManagedFieldsEntry",
                           "LabelSelector", "Time", "DeleteOptions", "Patch", "WatchEvent"}) {
    EXPECT_NE(builtin_schemas().find(std::string("io.k8s.apimachinery.pkg.apis.meta.v1.") + name), nullptr) << name;
  }
  EXPECT_NE(builtin_schemas().find("io.k8s.apimachinery.pkg.api.resource.Quantity"), nullptr);
  EXPECT_NE(builtin_schemas().find("io.k8s.apimachinery.pkg.util.intstr.IntOrString"), nullptr);
}

TEST(SchemaModel, ContainerListsMergeByUpstreamKeys) {
  const Schema& pod = kind("", "v1", "Pod");
  const Schema* containers = at(pod, {"spec", "containers"});
  ASSERT_NE(containers, nullptr);
  EXPECT_EQ(containers->patch_merge_key, "name");
  EXPECT_TRUE(containers->has_strategy("merge"));
  EXPECT_EQ(containers->list_type, "map");

  struct Case { std::vector<std::string> path; std::string key; };
  const std::vector<Case> cases = {
      {{"spec", "initContainers"}, "name"},
      {{"spec", "ephemeralContainers"}, "name"},
      {{"spec", "containers", "[]", "env"}, "name"},
      {{"spec", "containers", "[]", "ports"}, "containerPort"},
      {{"spec", "containers", "[]", "volumeMounts"}, "mountPath"},
      {{"spec", "containers", "[]", "volumeDevices"}, "devicePath"},
      {{"spec", "volumes"}, "name"},
      {{"spec", "imagePullSecrets"}, "name"},
      {{"metadata", "ownerReferences"}, "uid"},
      {{"status", "conditions"}, "type"},
  };
  for (const Case& c : cases) {
    const Schema* node = at(pod, c.path);
    ASSERT_NE(node, nullptr) << c.path.back();
    EXPECT_EQ(node->patch_merge_key, c.key) << c.path.back();
    EXPECT_TRUE(node->has_strategy("merge")) << c.path.back();
  }
  EXPECT_TRUE(at(pod, {"spec", "volumes"})->has_strategy("retainKeys"));
  EXPECT_EQ(at(pod, {"spec", "tolerations"})->patch_strategy, "");
  EXPECT_EQ(at(pod, {"spec", "tolerations"})->list_type, "atomic");
}

TEST(SchemaModel, FinalizersAreAMergedSet) {
  const Schema* finalizers = at(kind("", "v1", "ConfigMap"), {"metadata", "finalizers"});
  ASSERT_NE(finalizers, nullptr);
  EXPECT_EQ(finalizers->patch_strategy, "merge");
  EXPECT_EQ(finalizers->patch_merge_key, "");
  EXPECT_EQ(finalizers->list_type, "set");
}

TEST(SchemaModel, WorkloadTemplatesReachPodSpec) {
  for (const char* k : {"Deployment", "StatefulSet", "ReplicaSet", "DaemonSet"}) {
    const Schema* env = at(kind("apps", "v1", k), {"spec", "template", "spec", "containers", "[]", "env"});
    ASSERT_NE(env, nullptr) << k;
    EXPECT_EQ(env->patch_merge_key, "name") << k;
  }
  const Schema& sts = kind("apps", "v1", "StatefulSet");
  const Schema* vct = at(sts, {"spec", "volumeClaimTemplates"});
  ASSERT_NE(vct, nullptr);
  EXPECT_EQ(vct->list_type, "atomic");
  EXPECT_NE(at(sts, {"spec", "volumeClaimTemplates", "[]", "spec", "resources", "requests"}), nullptr);
  EXPECT_TRUE(at(kind("apps", "v1", "Deployment"), {"spec", "strategy"})->has_strategy("retainKeys"));
}

TEST(SchemaModel, ServicePortsMergeByPortAndMapsHaveValueTypes) {
  const Schema* ports = at(kind("", "v1", "Service"), {"spec", "ports"});
  ASSERT_NE(ports, nullptr);
  EXPECT_EQ(ports->patch_merge_key, "port");
  EXPECT_EQ(ports->list_map_keys, (std::vector<std::string>{"port", "protocol"}));
  const Schema* labels = at(kind("", "v1", "Pod"), {"metadata", "labels"});
  ASSERT_NE(labels, nullptr);
  EXPECT_TRUE(labels->is_map());
  ASSERT_NE(labels->value_schema(), nullptr);
  EXPECT_EQ(labels->value_schema()->type, SchemaType::kString);
}

TEST(SchemaModel, QuotaTemplateAndCsiKindsCarryUpstreamListSemantics) {
  const Schema& rc = kind("", "v1", "ReplicationController");
  EXPECT_EQ(at(rc, {"status", "conditions"})->patch_merge_key, "type");
  EXPECT_EQ(at(rc, {"spec", "selector"})->map_type, "atomic");
  const Schema* rc_env = at(rc, {"spec", "template", "spec", "containers", "[]", "env"});
  ASSERT_NE(rc_env, nullptr);
  EXPECT_EQ(rc_env->patch_merge_key, "name");
  EXPECT_NE(at(kind("", "v1", "PodTemplate"), {"template", "spec", "volumes"}), nullptr);

  const Schema* limits = at(kind("", "v1", "LimitRange"), {"spec", "limits"});
  ASSERT_NE(limits, nullptr);
  EXPECT_EQ(limits->list_type, "atomic");
  const Schema* max = at(kind("", "v1", "LimitRange"), {"spec", "limits", "[]", "max"});
  ASSERT_NE(max, nullptr);
  EXPECT_EQ(max->resolved().additional_properties->ref, "io.k8s.apimachinery.pkg.api.resource.Quantity");
  EXPECT_EQ(at(kind("", "v1", "ResourceQuota"), {"spec", "scopeSelector"})->resolved().map_type, "atomic");
  EXPECT_NE(at(kind("", "v1", "ResourceQuota"), {"status", "used"}), nullptr);

  const Schema* drivers = at(kind("storage.k8s.io", "v1", "CSINode"), {"spec", "drivers"});
  ASSERT_NE(drivers, nullptr);
  EXPECT_EQ(drivers->patch_merge_key, "name");
  EXPECT_TRUE(drivers->has_strategy("merge"));
  const Schema* modes = at(kind("storage.k8s.io", "v1", "CSIDriver"), {"spec", "volumeLifecycleModes"});
  ASSERT_NE(modes, nullptr);
  EXPECT_EQ(modes->list_type, "set");
  EXPECT_EQ(modes->patch_strategy, "");
  EXPECT_NE(at(kind("storage.k8s.io", "v1", "VolumeAttachment"), {"spec", "source", "inlineVolumeSpec", "csi"}),
            nullptr);
  const Schema& capacity = kind("storage.k8s.io", "v1", "CSIStorageCapacity");
  EXPECT_EQ(capacity.required, std::vector<std::string>{"storageClassName"});
  EXPECT_NE(at(capacity, {"nodeTopology", "matchLabels"}), nullptr);
}

TEST(SchemaModel, LinkRejectsDanglingReferences) {
  SchemaModel m;
  auto node = std::make_shared<Schema>();
  node->type = SchemaType::kObject;
  auto dangling = std::make_shared<Schema>();
  dangling->ref = "io.example.Missing";
  node->properties.push_back({"x", dangling});
  m.define("io.example.Thing", node);
  EXPECT_THROW(m.link(), std::logic_error);
}

}  // namespace
}  // namespace kapi::openapi
