// storage.k8s.io/v1: StorageClass.
#include "openapi/schema_builder.h"
#include "openapi/types/types.h"

namespace kapi::openapi::types {
using namespace dsl;

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
}

}  // namespace kapi::openapi::types
