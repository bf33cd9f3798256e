// The coordination.k8s.io/v1 resources: one strategy file each.
#pragma once
#include "registry/registry.h"

namespace kapi::registry::coordination {
ResourceDefinition leases();
}  // namespace kapi::registry::coordination
