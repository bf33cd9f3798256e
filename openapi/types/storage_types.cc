// storage.k8s.io/v1: StorageClass, VolumeAttachment, CSIDriver, CSINode, CSIStorageCapacity.
#include "openapi/schema_builder.h"
#include "openapi/types/types.h"

namespace kapi::openapi::types {
using namespace dsl;

namespace {

void define_kind(SchemaModel& m, const std::string& type, const std::string& description,
                 std::vector<Field> fields) {
  define_kind_and_list(m, storage(type), {"storage.k8s.io", "v1", type}, description, std::move(fields));
}

void add_volume_attachment(SchemaModel& m) {
  m.define(storage("VolumeAttachmentSource"), object("The volume to attach: a PV by name, or an inline spec.", {
      {"inlineVolumeSpec", ref_to(core("PersistentVolumeSpec"), "An inline volume migrated to CSI.")},
      {"persistentVolumeName", str("Name of the PersistentVolume.")},
  }));
  m.define(storage("VolumeAttachmentSpec"), object("Desired attachment.", {
      {"attacher", str("The volume driver that attaches, as GetPluginName() names it."), kRequired},
      {"nodeName", str("The node to attach to."), kRequired},
      {"source", ref_to(storage("VolumeAttachmentSource"), "The volume."), kRequired},
  }));
  m.define(storage("VolumeError"), object("An error met while attaching or detaching.", {
      {"errorCode", int32("Numeric gRPC code, if known.")},
      {"message", str("What went wrong; may be logged.")},
      {"time", timestamp("When it happened.")},
  }));
  m.define(storage("VolumeAttachmentStatus"), object("Observed attachment, written by the attacher.", {
      {"attachError", ref_to(storage("VolumeError"), "The last attach error, if any.")},
      {"attached", boolean("Whether the volume is attached."), kRequired},
      {"attachmentMetadata", string_map("What the attacher returns for later mounts.")},
      {"detachError", ref_to(storage("VolumeError"), "The last detach error, if any.")},
  }));
  define_kind(m, "VolumeAttachment", "A request to attach a volume to a node, or to detach it.", {
      {"spec", ref_to(storage("VolumeAttachmentSpec"), "Desired attachment."), kRequired},
      {"status", ref_to(storage("VolumeAttachmentStatus"), "Observed attachment. Read-only.")},
  });
}

void add_csi(SchemaModel& m) {
  m.define(storage("TokenRequest"), object("A service account token the driver wants for a pod.", {
      {"audience", str("Intended audience of the token."), kRequired},
      {"expirationSeconds", int64("Token lifetime in seconds.")},
  }));
  m.define(storage("CSIDriverSpec"), object("What the driver supports and needs.", {
      {"attachRequired", boolean("Whether volumes need an attach step (ControllerPublishVolume); true by default.")},
      {"fsGroupPolicy", str_enum({"File", "None", "ReadWriteOnceWithFSType"},
                                 "Whether ownership and permissions may change with fsGroup.")},
      {"podInfoOnMount", boolean("Pass pod name, namespace, UID and service account to NodePublishVolume.")},
      {"requiresRepublish", boolean("Call NodePublishVolume again from time to time, e.g. to refresh tokens.")},
      {"seLinuxMount", boolean("The driver supports the -o context mount option.")},
      {"storageCapacity", boolean("The scheduler checks CSIStorageCapacity objects for this driver.")},
      {"tokenRequests", atomic_list(ref_to(storage("TokenRequest")), "Tokens passed to NodePublishVolume.")},
      {"volumeLifecycleModes", [] {
         SchemaPtr s = array(str(), "Persistent and/or Ephemeral: the volume kinds the driver serves.");
         s->list_type = "set";
         return s;
       }()},
  }));
  define_kind(m, "CSIDriver", "A CSI volume driver installed in the cluster; named after the driver.", {
      {"spec", ref_to(storage("CSIDriverSpec"), "What the driver supports."), kRequired},
  });
  m.define(storage("VolumeNodeResources"), object("Limits of a driver on one node.", {
      {"count", int32("Most volumes of this driver the node can use; unlimited when unset.")},
  }));
  m.define(storage("CSINodeDriver"), object("One CSI driver on the node.", {
      {"allocatable", ref_to(storage("VolumeNodeResources"), "Volume limits on this node.")},
      {"name", str("Name of the driver, as its CSIDriver object."), kRequired},
      {"nodeID", str("The node as the driver knows it."), kRequired},
      {"topologyKeys", strings("Topology label keys the driver supports.")},
  }));
  m.define(storage("CSINodeSpec"), object("The CSI drivers on a node.", {
      {"drivers", merge_list(ref_to(storage("CSINodeDriver")), "name", {}, "The drivers."), kRequired},
  }));
  define_kind(m, "CSINode", "The CSI drivers installed on a node; named after the node.", {
      {"spec", ref_to(storage("CSINodeSpec"), "The drivers."), kRequired},
  });
  define_kind(m, "CSIStorageCapacity", "Storage of one class available in one topology segment.", {
      {"capacity", quantity("Capacity left for new volumes; unknown when unset.")},
      {"maximumVolumeSize", quantity("Largest volume that can be created; capacity when unset.")},
      {"nodeTopology", ref_to(meta("LabelSelector"), "The nodes that can reach this storage.")},
      {"storageClassName", str("The StorageClass this capacity is for."), kRequired},
  });
}

}  // namespace

void add_storage_types(SchemaModel& m) {
  m.define(core("TopologySelectorLabelRequirement"), object("A label key and the values it may take.", {
      {"key", str("Label key."), kRequired},
      {"values", strings("Allowed values."), kRequired},
  }));
  m.define(core("TopologySelectorTerm"), [] {
    SchemaPtr s = object("Topology requirements ANDed together.", {
        {"matchLabelExpressions", atomic_list(ref_to(core("TopologySelectorLabelRequirement")), "The requirements.")},
    });
    s->map_type = "atomic";
    return s;
  }());
  define_kind_and_list(m, storage("StorageClass"), {"storage.k8s.io", "v1", "StorageClass"}, "A class of storage that volumes are provisioned from.", {
      {"allowVolumeExpansion", boolean("Whether claims of this class may grow.")},
      {"allowedTopologies", atomic_list(ref_to(core("TopologySelectorTerm")), "Where volumes may be provisioned.")},
      {"mountOptions", strings("Mount options of provisioned volumes.")},
      {"parameters", string_map("Parameters for the provisioner.")},
      {"provisioner", str("Name of the volume plugin."), kRequired},
      {"reclaimPolicy", str_enum({"Delete", "Recycle", "Retain"}, "Reclaim policy of provisioned volumes; Delete by default.")},
      {"volumeBindingMode", str_enum({"Immediate", "WaitForFirstConsumer"}, "When volumes are bound; Immediate by default.")},
  });
  add_volume_attachment(m);
  add_csi(m);
}

}  // namespace kapi::openapi::types
