#include "openapi/schema_model.h"
#include "openapi/types/types.h"

namespace kapi::openapi {

const SchemaModel& builtin_schemas() {
  // Built on first use, then immutable; C++ guarantees one thread-safe initialisation.
  static const SchemaModel model = [] {
    SchemaModel m;
    types::add_meta_types(m);
    types::add_core_pod_types(m);
    types::add_core_types(m);
    types::add_core_volume_plugin_types(m);
    types::add_core_policy_types(m);
    types::add_apps_types(m);
    types::add_storage_types(m);
    types::add_coordination_types(m);
    types::add_autoscaling_types(m);
    types::number_meta_types(m);
    types::number_core_pod_types(m);
    types::number_core_types(m);
    types::number_core_volume_plugin_types(m);
    types::number_apps_types(m);
    types::number_storage_types(m);
    m.link();
    return m;
  }();
  return model;
}

}  // namespace kapi::openapi
