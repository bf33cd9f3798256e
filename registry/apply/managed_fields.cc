#include "registry/apply/managed_fields.h"

#include <algorithm>

namespace kapi::registry::apply {

std::vector<ManagedEntry> read_managed_fields(const json& obj) {
  std::vector<ManagedEntry> entries;
  if (!obj.is_object() || !obj.contains("metadata") || !obj["metadata"].is_object()) return entries;
  const json& list = obj["metadata"].value("managedFields", json::array());
  if (!list.is_array()) return entries;
  for (const auto& item : list) {
    if (!item.is_object() || item.value("fieldsType", "FieldsV1") != "FieldsV1") continue;
    auto fields = from_fields_v1(item.value("fieldsV1", json::object()));
    if (!fields) continue;
    auto text = [&item](const char* key) {
      auto it = item.find(key);
      return it != item.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    entries.push_back({text("manager"), text("operation"), text("apiVersion"), text("time"), text("subresource"),
                       std::move(*fields)});
  }
  return entries;
}

void write_managed_fields(json& obj, const std::vector<ManagedEntry>& entries) {
  json list = json::array();
  for (const auto& e : entries) {
    if (e.fields.empty()) continue;
    json item = {{"manager", e.manager}, {"operation", e.operation}, {"apiVersion", e.api_version}};
    if (!e.time.empty()) item["time"] = e.time;
    item["fieldsType"] = "FieldsV1";
    item["fieldsV1"] = to_fields_v1(e.fields);
    if (!e.subresource.empty()) item["subresource"] = e.subresource;
    list.push_back(std::move(item));
  }
  if (list.empty()) obj["metadata"].erase("managedFields");
  else obj["metadata"]["managedFields"] = std::move(list);
}

void record_update(json& obj, const json& old, const openapi::Schema* kind_schema, const Writer& writer) {
  std::vector<ManagedEntry> entries = old.is_null() ? std::vector<ManagedEntry>{} : read_managed_fields(old);
  FieldChanges changes = changed_fields(old.is_null() ? json::object() : old, obj, kind_schema);
  const FieldSet taken = set_union(changes.changed, changes.removed);
  for (auto& e : entries) e.fields = set_difference(e.fields, taken);
  auto mine = std::find_if(entries.begin(), entries.end(), [&writer](const ManagedEntry& e) {
    return e.manager == writer.manager && e.operation == "Update" && e.subresource == writer.subresource;
  });
  if (!changes.changed.empty()) {
    if (mine == entries.end()) {
      entries.push_back({writer.manager, "Update", writer.api_version, writer.time, writer.subresource, {}});
      mine = entries.end() - 1;
    }
    mine->fields = set_union(mine->fields, changes.changed);
    mine->api_version = writer.api_version;
    mine->time = writer.time;
  }
  write_managed_fields(obj, entries);
}

std::string manager_from_user_agent(const std::string& user_agent) {
  return user_agent.substr(0, user_agent.find('/'));
}

}  // namespace kapi::registry::apply
