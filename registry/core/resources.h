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
ResourceDefinition limitranges();
ResourceDefinition resourcequotas();
ResourceDefinition replicationcontrollers();
ResourceDefinition podtemplates();

// Lets the Service strategy see stored Services, so ClusterIPs and NodePorts are never handed
// out twice. Call once the services store is registered.
void connect_service_allocator(const Registry& registry);
}  // namespace kapi::registry::core
