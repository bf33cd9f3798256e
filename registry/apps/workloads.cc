// apps/v1 workloads: spec changes bump metadata.generation; status and scale are subresources.
// Each moves to its own strategy file when it gains defaults and validation (resources issue).
#include "registry/apps/resources.h"

namespace kapi::registry::apps {
namespace {
class WorkloadStrategy : public Strategy {
 public:
  bool tracks_generation() const override { return true; }
};
std::shared_ptr<const Strategy> workload() { return std::make_shared<WorkloadStrategy>(); }
}  // namespace

ResourceDefinition deployments() {
  return {{"apps", "v1", "Deployment", "deployments", "deployment", {"deploy"}, {"all"}, true, {"status", "scale"}}, workload()};
}
ResourceDefinition replicasets() {
  return {{"apps", "v1", "ReplicaSet", "replicasets", "replicaset", {"rs"}, {"all"}, true, {"status", "scale"}}, workload()};
}
ResourceDefinition statefulsets() {
  return {{"apps", "v1", "StatefulSet", "statefulsets", "statefulset", {"sts"}, {"all"}, true, {"status", "scale"}}, workload()};
}
ResourceDefinition daemonsets() {
  return {{"apps", "v1", "DaemonSet", "daemonsets", "daemonset", {"ds"}, {"all"}, true, {"status"}}, workload()};
}
ResourceDefinition controllerrevisions() {
  return {{"apps", "v1", "ControllerRevision", "controllerrevisions", "controllerrevision", {}, {}, true, {}},
          std::make_shared<Strategy>()};
}
}  // namespace kapi::registry::apps
