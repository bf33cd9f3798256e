// Protobuf field numbers of the meta/v1 types (k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto).
// Time, MicroTime, Quantity, IntOrString, FieldsV1 and RawExtension are strings or free-form
// objects in JSON but small messages in protobuf; the decoder knows their shapes by name.
#include "openapi/proto_fields.h"
#include "openapi/schema_builder.h"
#include "openapi/types/types.h"

namespace kapi::openapi::types {
using namespace dsl;

void number_meta_types(SchemaModel& m) {
  number_fields(m, meta("ObjectMeta"), {
      "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
      "creationTimestamp", "deletionTimestamp", nullable("deletionGracePeriodSeconds"), "labels", "annotations",
      "ownerReferences", "finalizers", {"managedFields", 17}});
  number_fields(m, meta("OwnerReference"), {
      {"kind", 1}, {"name", 3}, "uid", "apiVersion", nullable("controller"), nullable("blockOwnerDeletion")});
  number_fields(m, meta("ManagedFieldsEntry"), {
      "manager", "operation", "apiVersion", "time", {"fieldsType", 6}, "fieldsV1", "subresource"});
  number_fields(m, meta("ListMeta"), {"selfLink", "resourceVersion", "continue", nullable("remainingItemCount")});
  number_fields(m, meta("LabelSelector"), {"matchLabels", "matchExpressions"});
  number_fields(m, meta("LabelSelectorRequirement"), {"key", "operator", "values"});
  number_fields(m, meta("Condition"), {
      "type", "status", "observedGeneration", "lastTransitionTime", "reason", "message"});
  number_fields(m, meta("Preconditions"), {nullable("uid"), nullable("resourceVersion")});
  number_fields(m, meta("DeleteOptions"), {
      nullable("gracePeriodSeconds"), "preconditions", nullable("orphanDependents"), nullable("propagationPolicy"),
      "dryRun", nullable("ignoreStoreReadErrorWithClusterBreakingPotential")});
}

}  // namespace kapi::openapi::types
