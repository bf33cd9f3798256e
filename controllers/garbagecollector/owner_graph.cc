#include "controllers/garbagecollector/owner_graph.h"

#include <algorithm>

namespace kapi::controllers::gc {

OwnerGraph::OwnerGraph(SharedInformers& informers) {
  for (const auto& served : served_resources()) {
    if (served.kind == "Event") continue;
    monitored_.push_back({&served, &informers.metadata_informer(served.resource)});
  }
}

const Monitored* OwnerGraph::find(const std::string& resource) const {
  for (const auto& m : monitored_)
    if (m.served->resource.to_string() == resource) return &m;
  return nullptr;
}

std::vector<Dependent> OwnerGraph::dependents_of(const std::string& uid) const {
  std::vector<Dependent> out;
  if (uid.empty()) return out;
  for (const auto& m : monitored_)
    for (auto& obj : m.informer->cache().by_index(client::kOwnerUidIndex, uid)) out.push_back({&m, obj});
  return out;
}

std::string OwnerGraph::key(const Monitored& m, const json& obj) {
  return m.served->resource.to_string() + "|" + client::object_key(obj);
}

std::optional<std::string> OwnerGraph::owner_key(const json& dependent, const json& ref) const {
  const ServedResource* owner = find_served_kind(ref.value("apiVersion", ""), ref.value("kind", ""));
  if (!owner) return std::nullopt;
  std::string ns = owner->namespaced ? dependent["metadata"].value("namespace", "") : "";
  return owner->resource.to_string() + "|" + client::object_key(ns, ref.value("name", ""));
}

std::pair<std::string, std::string> OwnerGraph::split_key(const std::string& key) {
  auto bar = key.find('|');
  if (bar == std::string::npos) return {"", key};
  return {key.substr(0, bar), key.substr(bar + 1)};
}

std::vector<json> owner_references(const json& obj) {
  std::vector<json> refs;
  if (!obj.contains("metadata")) return refs;
  const json& meta = obj["metadata"];
  if (meta.contains("ownerReferences") && meta["ownerReferences"].is_array())
    for (const auto& ref : meta["ownerReferences"])
      if (ref.is_object()) refs.push_back(ref);
  return refs;
}

bool has_finalizer(const json& obj, const char* name) {
  if (!obj.contains("metadata") || !obj["metadata"].contains("finalizers")) return false;
  const json& f = obj["metadata"]["finalizers"];
  return f.is_array() && std::find(f.begin(), f.end(), name) != f.end();
}

bool being_deleted(const json& obj) {
  return obj.contains("metadata") && obj["metadata"].contains("deletionTimestamp") &&
         !obj["metadata"]["deletionTimestamp"].is_null();
}

std::string uid_of(const json& obj) {
  return obj.contains("metadata") ? obj["metadata"].value("uid", "") : "";
}

}  // namespace kapi::controllers::gc
