// The resources kapi serves, in discovery order, and the admission chain they share.
#include <map>
#include <mutex>

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

namespace {

// NamespaceLifecycle's lookup, made by every namespaced create: the namespace's status member
// (the plugin reads only status.phase), parsed once per stored version of the namespace rather
// than once per create (finding and parsing it in the stored bytes, managedFields and all, was
// ~4% of a configmap create's instructions). A stored version's bytes never change, so the same
// bytes object means the same status; the cached weak_ptr keeps that object's control block, so
// a later version can never be taken for it.
class NamespaceStatuses {
 public:
  explicit NamespaceStatuses(const GenericStore* namespaces) : namespaces_(namespaces) {}

  std::optional<json> lookup(const std::string& name) {
    auto bytes = namespaces_->get("", name);
    std::lock_guard lock(mu_);
    if (!bytes.ok()) {
      seen_.erase(name);
      return std::nullopt;
    }
    const storage::Bytes& current = bytes.value();
    auto& entry = seen_[name];
    if (entry.bytes.owner_before(current) || current.owner_before(entry.bytes)) {
      entry.status = status_of(*current);
      entry.bytes = current;
    }
    return entry.status;
  }

 private:
  static json status_of(const std::string& stored) {
    json ns = json::object();
    if (auto status = find_member(stored, "status"))
      ns["status"] = parse_stored_json(std::string_view(stored).substr(status->value_begin,
                                                                       status->value_end - status->value_begin));
    return ns;
  }

  struct Entry {
    std::weak_ptr<const std::string> bytes;
    json status;
  };
  const GenericStore* namespaces_;
  std::mutex mu_;
  std::map<std::string, Entry, std::less<>> seen_;  // namespaces that exist, as last looked up
};

}  // namespace

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

  auto statuses = std::make_shared<NamespaceStatuses>(registry.find("", "v1", "namespaces"));
  registry.admission()->add(std::make_unique<admission::NamespaceLifecycle>(
      [statuses](const std::string& name) { return statuses->lookup(name); }));
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
