#include "openapi/schema_model.h"

#include <functional>
#include <stdexcept>

namespace kapi::openapi {
namespace {

// Calls fn on every node below (and including) root, depth first.
void visit(Schema& root, const std::function<void(Schema&)>& fn) {
  fn(root);
  for (Property& p : root.properties) visit(*p.schema, fn);
  if (root.items) visit(*root.items, fn);
  if (root.additional_properties) visit(*root.additional_properties, fn);
}

}  // namespace

void SchemaModel::define(const std::string& name, SchemaPtr schema) {
  defs_[name] = std::move(schema);
}

void SchemaModel::link() {
  for (auto& [name, def] : defs_) {
    visit(*def, [&](Schema& node) {
      if (node.ref.empty()) return;
      auto it = defs_.find(node.ref);
      if (it == defs_.end()) {
        throw std::logic_error("schema " + name + " refers to undefined " + node.ref);
      }
      node.target_ = it->second.get();
    });
  }
}

const Schema* SchemaModel::find(std::string_view name) const {
  auto it = defs_.find(name);
  return it == defs_.end() ? nullptr : it->second.get();
}

std::string SchemaModel::definition_name(const GroupVersionKind& gvk) const {
  for (const auto& [name, def] : defs_) {
    for (const GroupVersionKind& g : def->gvks) {
      if (g == gvk) return name;
    }
  }
  return {};
}

const Schema* SchemaModel::find_kind(const GroupVersionKind& gvk) const {
  std::string name = definition_name(gvk);
  return name.empty() ? nullptr : find(name);
}

std::set<std::string> SchemaModel::closure(const std::vector<std::string>& roots) const {
  std::set<std::string> seen;
  std::vector<std::string> todo(roots.begin(), roots.end());
  while (!todo.empty()) {
    std::string name = std::move(todo.back());
    todo.pop_back();
    if (!seen.insert(name).second) continue;
    auto it = defs_.find(name);
    if (it == defs_.end()) continue;
    visit(*it->second, [&](Schema& node) {
      if (!node.ref.empty() && !seen.count(node.ref)) todo.push_back(node.ref);
    });
  }
  return seen;
}

}  // namespace kapi::openapi
