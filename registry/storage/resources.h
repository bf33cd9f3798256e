// The storage.k8s.io/v1 resources: one strategy file each.
#pragma once
#include "registry/registry.h"

namespace kapi::registry::storage_k8s_io {
ResourceDefinition storageclasses();
ResourceDefinition volumeattachments();
ResourceDefinition csidrivers();
ResourceDefinition csinodes();
ResourceDefinition csistoragecapacities();
}  // namespace kapi::registry::storage_k8s_io
