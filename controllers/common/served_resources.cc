#include "controllers/common/served_resources.h"

namespace kapi::controllers {

const std::vector<ServedResource>& served_resources() {
  using client::Resource;
  static const std::vector<ServedResource> all = {
      {{"", "v1", "pods"}, "Pod", true},
      {{"", "v1", "configmaps"}, "ConfigMap", true},
      {{"", "v1", "secrets"}, "Secret", true},
      {{"", "v1", "services"}, "Service", true},
      {{"", "v1", "endpoints"}, "Endpoints", true},
      {{"", "v1", "serviceaccounts"}, "ServiceAccount", true},
      {{"", "v1", "persistentvolumeclaims"}, "PersistentVolumeClaim", true},
      {{"", "v1", "events"}, "Event", true},
      {{"", "v1", "limitranges"}, "LimitRange", true},
      {{"", "v1", "resourcequotas"}, "ResourceQuota", true},
      {{"", "v1", "replicationcontrollers"}, "ReplicationController", true},
      {{"", "v1", "podtemplates"}, "PodTemplate", true},
      {{"", "v1", "namespaces"}, "Namespace", false},
      {{"", "v1", "nodes"}, "Node", false},
      {{"", "v1", "persistentvolumes"}, "PersistentVolume", false},
      {{"apps", "v1", "deployments"}, "Deployment", true},
      {{"apps", "v1", "replicasets"}, "ReplicaSet", true},
      {{"apps", "v1", "statefulsets"}, "StatefulSet", true},
      {{"apps", "v1", "daemonsets"}, "DaemonSet", true},
      {{"apps", "v1", "controllerrevisions"}, "ControllerRevision", true},
      {{"storage.k8s.io", "v1", "csistoragecapacities"}, "CSIStorageCapacity", true},
      {{"storage.k8s.io", "v1", "storageclasses"}, "StorageClass", false},
      {{"storage.k8s.io", "v1", "volumeattachments"}, "VolumeAttachment", false},
      {{"storage.k8s.io", "v1", "csidrivers"}, "CSIDriver", false},
      {{"storage.k8s.io", "v1", "csinodes"}, "CSINode", false},
      {{"coordination.k8s.io", "v1", "leases"}, "Lease", true},
  };
  return all;
}

const ServedResource* find_served_kind(const std::string& api_version, const std::string& kind) {
  auto slash = api_version.find('/');
  std::string group = slash == std::string::npos ? "" : api_version.substr(0, slash);
  for (const auto& served : served_resources())
    if (served.kind == kind && served.resource.group == group) return &served;
  return nullptr;
}

}  // namespace kapi::controllers
