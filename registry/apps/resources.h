// The apps/v1 resources: one strategy file each.
#pragma once
#include "registry/registry.h"

namespace kapi::registry::apps {
ResourceDefinition deployments();
ResourceDefinition replicasets();
ResourceDefinition statefulsets();
ResourceDefinition daemonsets();
ResourceDefinition controllerrevisions();
}  // namespace kapi::registry::apps
