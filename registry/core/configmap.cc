// ConfigMaps: data and binaryData, no status.
#include "registry/core/resources.h"

namespace kapi::registry::core {
ResourceDefinition configmaps() {
  return {{"", "v1", "ConfigMap", "configmaps", "configmap", {"cm"}, {}, true, {}},
          std::make_shared<Strategy>()};
}
}  // namespace kapi::registry::core
