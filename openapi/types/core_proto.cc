// Protobuf field numbers of the core/v1 kinds kubectl's typed clients create (k8s.io/api
// core/v1/generated.proto): Namespace, ConfigMap, Secret, ServiceAccount, Service, ResourceQuota;
// and of the other quota and template kinds.
#include "openapi/proto_fields.h"
#include "openapi/schema_builder.h"
#include "openapi/types/types.h"

namespace kapi::openapi::types {
using namespace dsl;

namespace {

void number_namespace_config(SchemaModel& m) {
  number_fields(m, core("Namespace"), {"metadata", "spec", "status"});
  number_fields(m, core("NamespaceSpec"), {"finalizers"});
  number_fields(m, core("NamespaceStatus"), {"phase", "conditions"});
  number_fields(m, core("NamespaceCondition"), {"type", "status", {"lastTransitionTime", 4}, "reason", "message"});
  number_fields(m, core("ConfigMap"), {"metadata", "data", "binaryData", nullable("immutable")});
  number_fields(m, core("Secret"), {"metadata", "data", "type", "stringData", nullable("immutable")});
  number_fields(m, core("ServiceAccount"), {
      "metadata", "secrets", "imagePullSecrets", nullable("automountServiceAccountToken")});
  number_fields(m, core("ObjectReference"), {
      "kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"});
}

void number_service(SchemaModel& m) {
  number_fields(m, core("Service"), {"metadata", "spec", "status"});
  number_fields(m, core("ServiceSpec"), {
      "ports", "selector", "clusterIP", "type", "externalIPs", {"sessionAffinity", 7}, "loadBalancerIP",
      "loadBalancerSourceRanges", "externalName", "externalTrafficPolicy", "healthCheckNodePort",
      "publishNotReadyAddresses", "sessionAffinityConfig", nullable("ipFamilyPolicy", 17), "clusterIPs",
      "ipFamilies", nullable("allocateLoadBalancerNodePorts"), nullable("loadBalancerClass"),
      nullable("internalTrafficPolicy"), nullable("trafficDistribution")});
  number_fields(m, core("ServicePort"), {
      "name", "protocol", "port", "targetPort", "nodePort", nullable("appProtocol")});
  number_fields(m, core("SessionAffinityConfig"), {"clientIP"});
  number_fields(m, core("ClientIPConfig"), {nullable("timeoutSeconds")});
  number_fields(m, core("ServiceStatus"), {"loadBalancer", "conditions"});
  number_fields(m, core("LoadBalancerStatus"), {"ingress"});
  number_fields(m, core("LoadBalancerIngress"), {"ip", "hostname", nullable("ipMode"), "ports"});
  number_fields(m, core("PortStatus"), {"port", "protocol", nullable("error")});
}

void number_policy(SchemaModel& m) {
  number_fields(m, core("LimitRange"), {"metadata", "spec"});
  number_fields(m, core("LimitRangeSpec"), {"limits"});
  number_fields(m, core("LimitRangeItem"), {"type", "max", "min", "default", "defaultRequest", "maxLimitRequestRatio"});
  number_fields(m, core("ResourceQuota"), {"metadata", "spec", "status"});
  number_fields(m, core("ResourceQuotaSpec"), {"hard", "scopes", "scopeSelector"});
  number_fields(m, core("ScopeSelector"), {"matchExpressions"});
  number_fields(m, core("ScopedResourceSelectorRequirement"), {"scopeName", "operator", "values"});
  number_fields(m, core("ResourceQuotaStatus"), {"hard", "used"});
  number_fields(m, core("ReplicationController"), {"metadata", "spec", "status"});
  number_fields(m, core("ReplicationControllerSpec"), {
      nullable("replicas"), "selector", "template", "minReadySeconds"});
  number_fields(m, core("ReplicationControllerStatus"), {
      "replicas", "fullyLabeledReplicas", "observedGeneration", "readyReplicas", "availableReplicas", "conditions"});
  number_fields(m, core("ReplicationControllerCondition"), {
      "type", "status", "lastTransitionTime", "reason", "message"});
  number_fields(m, core("PodTemplate"), {"metadata", "template"});
}

}  // namespace

void number_core_types(SchemaModel& m) {
  number_namespace_config(m);
  number_service(m);
  number_policy(m);
}

}  // namespace kapi::openapi::types
