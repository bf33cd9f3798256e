// The core (v1) resources: one strategy file each.
#pragma once
#include "registry/registry.h"

namespace kapi::registry::core {
ResourceDefinition namespaces();
ResourceDefinition configmaps();
ResourceDefinition secrets();
ResourceDefinition pods();
ResourceDefinition services();
ResourceDefinition endpoints();
ResourceDefinition serviceaccounts();
ResourceDefinition persistentvolumeclaims();
ResourceDefinition persistentvolumes();
ResourceDefinition events();
ResourceDefinition nodes();
}  // namespace kapi::registry::core
