#include "registry/registry.h"

#include <algorithm>

namespace kapi::registry {

Registry::Registry(storage::StorePtr store)
    : store_(std::move(store)), admission_(std::make_shared<admission::Chain>()) {}

void Registry::add(ResourceDefinition definition) {
  auto store = std::make_unique<GenericStore>(std::move(definition.info), std::move(definition.strategy),
                                              store_, admission_);
  const auto& info = store->info();
  by_path_[info.group + "/" + info.version + "/" + info.plural] = store.get();
  stores_.push_back(std::move(store));
}

const GenericStore* Registry::find(const std::string& group, const std::string& version,
                                   const std::string& plural) const {
  auto it = by_path_.find(group + "/" + version + "/" + plural);
  return it == by_path_.end() ? nullptr : it->second;
}

const GenericStore* Registry::find_kind(const std::string& group, const std::string& version,
                                        const std::string& kind) const {
  for (const auto& s : stores_)
    if (s->info().group == group && s->info().version == version && s->info().kind == kind) return s.get();
  return nullptr;
}

std::vector<std::pair<std::string, std::vector<std::string>>> Registry::groups() const {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const auto& s : stores_) {
    const auto& info = s->info();
    auto it = std::find_if(out.begin(), out.end(), [&](auto& g) { return g.first == info.group; });
    if (it == out.end()) {
      out.push_back({info.group, {info.version}});
    } else if (std::find(it->second.begin(), it->second.end(), info.version) == it->second.end()) {
      it->second.push_back(info.version);
    }
  }
  return out;
}

void ensure_system_namespaces(const Registry& registry) {
  const GenericStore* namespaces = registry.find("", "v1", "namespaces");
  for (const char* name : {"default", "kube-system", "kube-public", "kube-node-lease"}) {
    if (namespaces->get("", name).ok()) continue;
    json ns = {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}}};
    (void)namespaces->create("", ns, WriteOptions{});
  }
}

}  // namespace kapi::registry
