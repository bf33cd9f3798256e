// The resources kapi serves, in discovery order, and the admission chain they share.
#include "admission/default_storage_class.h"
#include "admission/namespace_lifecycle.h"
#include "admission/storage_object_in_use_protection.h"
#include "registry/apps/resources.h"
#include "registry/coordination/resources.h"
#include "registry/core/resources.h"
#include "registry/json_span.h"
#include "registry/object_meta.h"
#include "registry/registry.h"
#include "registry/storage/resources.h"
#include "registry/stored_json.h"

namespace kapi::registry {

void register_builtin_resources(Registry& registry) {
  for (auto make : {core::namespaces, core::configmaps, core::secrets, core::pods, core::services,
                    core::endpoints, core::serviceaccounts, core::persistentvolumeclaims,
                    core::persistentvolumes, core::events, core::nodes, core::limitranges,
                    core::resourcequotas, core::replicationcontrollers, core::podtemplates})
    registry.add(make());
  core::connect_service_allocator(registry);
  for (auto make : {apps::deployments, apps::replicasets, apps::statefulsets, apps::daemonsets,
                    apps::controllerrevisions})
    registry.add(make());
  for (auto make : {storage_k8s_io::storageclasses, storage_k8s_io::volumeattachments,
                    storage_k8s_io::csidrivers, storage_k8s_io::csinodes,
                    storage_k8s_io::csistoragecapacities})
    registry.add(make());
  registry.add(coordination::leases());

  const GenericStore* namespaces = registry.find("", "v1", "namespaces");
  registry.admission()->add(std::make_unique<admission::NamespaceLifecycle>(
      [namespaces](const std::string& name) -> std::optional<json> {
        auto bytes = namespaces->get("", name);
        if (!bytes.ok()) return std::nullopt;
        // The plugin reads only status.phase: every namespaced create looks its namespace up, and
        // a parse of the whole object (managedFields included) was a tenth of a create's CPU.
        json ns = json::object();
        if (auto status = find_member(*bytes.value(), "status"))
          ns["status"] = parse_stored_json(std::string_view(*bytes.value())
                                               .substr(status->value_begin, status->value_end - status->value_begin));
        return ns;
      }));
  const GenericStore* storageclasses = registry.find("storage.k8s.io", "v1", "storageclasses");
  registry.admission()->add(std::make_unique<admission::DefaultStorageClass>([storageclasses] {
    std::vector<json> classes;
    auto page = storageclasses->list("", {});
    if (page.ok())
      for (const auto& bytes : page->items) classes.push_back(parse_stored_json(*bytes));
    return classes;
  }));
  registry.admission()->add(std::make_unique<admission::StorageObjectInUseProtection>());
}

}  // namespace kapi::registry
