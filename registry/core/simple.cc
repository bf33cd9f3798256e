// Core resources whose rules, for now, are the generic store's alone. Each moves to its own
// strategy file when it gains behaviour of its own.
#include "registry/core/resources.h"

namespace kapi::registry::core {
namespace {
// Resources with a status subresource whose spec changes nothing server-side yet.
std::shared_ptr<const Strategy> plain() { return std::make_shared<Strategy>(); }
}  // namespace

ResourceDefinition services() {
  return {{"", "v1", "Service", "services", "service", {"svc"}, {"all"}, true, {"status", "proxy"}}, plain()};
}
ResourceDefinition endpoints() {
  return {{"", "v1", "Endpoints", "endpoints", "endpoints", {"ep"}, {}, true, {}}, plain()};
}
ResourceDefinition serviceaccounts() {
  return {{"", "v1", "ServiceAccount", "serviceaccounts", "serviceaccount", {"sa"}, {}, true, {"token"}}, plain()};
}
ResourceDefinition persistentvolumeclaims() {
  return {{"", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", "persistentvolumeclaim", {"pvc"}, {}, true, {"status"}}, plain()};
}
ResourceDefinition persistentvolumes() {
  return {{"", "v1", "PersistentVolume", "persistentvolumes", "persistentvolume", {"pv"}, {}, false, {"status"}}, plain()};
}
ResourceDefinition events() {
  return {{"", "v1", "Event", "events", "event", {"ev"}, {}, true, {}}, plain()};
}
ResourceDefinition nodes() {
  return {{"", "v1", "Node", "nodes", "node", {"no"}, {}, false, {"status", "proxy"}}, plain()};
}
}  // namespace kapi::registry::core
