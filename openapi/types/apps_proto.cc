// Protobuf field numbers of apps/v1 Deployment (k8s.io/api apps/v1/generated.proto) and of
// autoscaling/v1 Scale.
#include "openapi/proto_fields.h"
#include "openapi/schema_builder.h"
#include "openapi/types/types.h"

namespace kapi::openapi::types {
using namespace dsl;

void number_apps_types(SchemaModel& m) {
  number_fields(m, apps("Deployment"), {"metadata", "spec", "status"});
  number_fields(m, apps("DeploymentSpec"), {
      nullable("replicas"), "selector", "template", "strategy", "minReadySeconds",
      nullable("revisionHistoryLimit"), "paused", nullable("progressDeadlineSeconds", 9)});
  number_fields(m, apps("DeploymentStrategy"), {"type", "rollingUpdate"});
  number_fields(m, apps("RollingUpdateDeployment"), {nullable("maxUnavailable"), nullable("maxSurge")});
  number_fields(m, apps("DeploymentStatus"), {
      "observedGeneration", "replicas", "updatedReplicas", "availableReplicas", "unavailableReplicas",
      "conditions", "readyReplicas", nullable("collisionCount"), nullable("terminatingReplicas")});
  number_fields(m, apps("DeploymentCondition"), {
      "type", "status", {"reason", 4}, "message", "lastUpdateTime", "lastTransitionTime"});

  const std::string autoscaling = "io.k8s.api.autoscaling.v1.";
  number_fields(m, autoscaling + "Scale", {"metadata", "spec", "status"});
  number_fields(m, autoscaling + "ScaleSpec", {"replicas"});
  number_fields(m, autoscaling + "ScaleStatus", {"replicas", "selector"});
}

}  // namespace kapi::openapi::types
