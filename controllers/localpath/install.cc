#include "controllers/localpath/install.h"

#include "controllers/localpath/names.h"

namespace kapi::controllers::localpath {

using client::json;
namespace resources = client::resources;

namespace {

// Upstream's helper scripts and pod, kept in the ConfigMap as deploy/local-path-storage.yaml has
// them so that `kubectl get cm -n local-path-storage local-path-config -o yaml` looks the same.
// kapi runs their effect inline (volume_paths.h) rather than in helper pods.
constexpr const char* kSetupScript = "#!/bin/sh\nset -eu\nmkdir -m 0777 -p \"$VOL_DIR\"";
constexpr const char* kTeardownScript = "#!/bin/sh\nset -eu\nrm -rf \"$VOL_DIR\"";
constexpr const char* kHelperPod =
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata:\n"
    "  name: helper-pod\n"
    "spec:\n"
    "  priorityClassName: system-node-critical\n"
    "  tolerations:\n"
    "    - key: node.kubernetes.io/disk-pressure\n"
    "      operator: Exists\n"
    "      effect: NoSchedule\n"
    "  containers:\n"
    "  - name: helper-pod\n"
    "    image: docker.io/library/busybox\n"
    "    imagePullPolicy: IfNotPresent";

// Create, where AlreadyExists means done.
std::optional<std::string> create_unless_present(client::Client& client, const client::Resource& resource,
                                                 const std::string& ns, const json& obj) {
  auto made = client.create(resource, ns, obj);
  if (made.ok() || made.error().code == 409) return std::nullopt;
  return "cannot create " + resource.plural + " " + obj["metadata"].value("name", "") + ": " + made.error().message;
}

}  // namespace

json storage_namespace() {
  return {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", kStorageNamespace}}}};
}

json local_path_config(const std::string& root) {
  json config = {{"nodePathMap", json::array({{{"node", kDefaultNodeKey}, {"paths", json::array({root})}}})}};
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", kConfigMapName}, {"namespace", kStorageNamespace}}},
          {"data",
           {{"config.json", config.dump(8)},
            {"setup", kSetupScript},
            {"teardown", kTeardownScript},
            {"helperPod.yaml", kHelperPod}}}};
}

json local_path_storage_class() {
  // No allowVolumeExpansion: `kubectl get sc` shows false, as upstream's class.
  return {{"apiVersion", "storage.k8s.io/v1"},
          {"kind", "StorageClass"},
          {"metadata", {{"name", kStorageClassName}, {"annotations", {{kAnnIsDefaultClass, "true"}}}}},
          {"provisioner", kProvisionerName},
          {"reclaimPolicy", "Delete"},
          {"volumeBindingMode", "WaitForFirstConsumer"}};
}

std::optional<std::string> install_defaults(client::Client& client, const std::string& root) {
  if (auto err = create_unless_present(client, resources::kNamespaces, "", storage_namespace())) return err;
  if (auto err = create_unless_present(client, resources::kConfigMaps, kStorageNamespace, local_path_config(root)))
    return err;
  return create_unless_present(client, resources::kStorageClasses, "", local_path_storage_class());
}

}  // namespace kapi::controllers::localpath
