// Every served resource, each a GenericStore with its strategy, looked up by URL parts.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "admission/admission.h"
#include "registry/generic_store.h"

namespace kapi::registry {

// One resource's definition: what builtin.cc lists, one per strategy file.
struct ResourceDefinition {
  ResourceInfo info;
  std::shared_ptr<const Strategy> strategy;
};

class Registry {
 public:
  explicit Registry(storage::StorePtr store);

  void add(ResourceDefinition definition);
  const GenericStore* find(const std::string& group, const std::string& version,
                           const std::string& plural) const;
  const GenericStore* find_kind(const std::string& group, const std::string& version,
                                const std::string& kind) const;
  // In registration order, which is also discovery order.
  const std::vector<std::unique_ptr<GenericStore>>& all() const { return stores_; }
  // Group names in discovery order ("" first), each with its versions.
  std::vector<std::pair<std::string, std::vector<std::string>>> groups() const;

  const storage::StorePtr& storage() const { return store_; }
  const std::shared_ptr<admission::Chain>& admission() const { return admission_; }

 private:
  storage::StorePtr store_;
  std::shared_ptr<admission::Chain> admission_;
  std::vector<std::unique_ptr<GenericStore>> stores_;
  std::map<std::string, GenericStore*> by_path_;  // "group/version/plural"
};

// Registers v1, apps/v1 and storage.k8s.io/v1 (registry/builtin.cc) and the admission plugins.
void register_builtin_resources(Registry& registry);

// Creates the namespaces every cluster starts with (default, kube-system, kube-public,
// kube-node-lease) when missing.
void ensure_system_namespaces(const Registry& registry);

}  // namespace kapi::registry
