// Protobuf field numbers of the storage.k8s.io/v1 kinds (k8s.io/api storage/v1/generated.proto).
#include "openapi/proto_fields.h"
#include "openapi/schema_builder.h"
#include "openapi/types/types.h"

namespace kapi::openapi::types {
using namespace dsl;

void number_storage_types(SchemaModel& m) {
  number_fields(m, storage("StorageClass"), {
      "metadata", "provisioner", "parameters", nullable("reclaimPolicy"), "mountOptions",
      nullable("allowVolumeExpansion"), nullable("volumeBindingMode"), "allowedTopologies"});
  number_fields(m, core("TopologySelectorTerm"), {"matchLabelExpressions"});
  number_fields(m, core("TopologySelectorLabelRequirement"), {"key", "values"});

  number_fields(m, storage("VolumeAttachment"), {"metadata", "spec", "status"});
  number_fields(m, storage("VolumeAttachmentSpec"), {"attacher", "source", "nodeName"});
  number_fields(m, storage("VolumeAttachmentSource"), {nullable("persistentVolumeName"), "inlineVolumeSpec"});
  number_fields(m, storage("VolumeAttachmentStatus"), {"attached", "attachmentMetadata", "attachError", "detachError"});
  number_fields(m, storage("VolumeError"), {"time", "message", nullable("errorCode")});

  number_fields(m, storage("CSIDriver"), {"metadata", "spec"});
  number_fields(m, storage("CSIDriverSpec"), {
      nullable("attachRequired"), nullable("podInfoOnMount"), "volumeLifecycleModes", nullable("storageCapacity"),
      nullable("fsGroupPolicy"), "tokenRequests", nullable("requiresRepublish"), nullable("seLinuxMount")});
  number_fields(m, storage("TokenRequest"), {"audience", nullable("expirationSeconds")});

  number_fields(m, storage("CSINode"), {"metadata", "spec"});
  number_fields(m, storage("CSINodeSpec"), {"drivers"});
  number_fields(m, storage("CSINodeDriver"), {"name", "nodeID", "topologyKeys", "allocatable"});
  number_fields(m, storage("VolumeNodeResources"), {nullable("count")});

  number_fields(m, storage("CSIStorageCapacity"), {
      "metadata", "nodeTopology", "storageClassName", "capacity", "maximumVolumeSize"});
}

}  // namespace kapi::openapi::types
