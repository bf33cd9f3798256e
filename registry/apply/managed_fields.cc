#include "registry/apply/managed_fields.h"

#include <algorithm>
#include <map>
#include <tuple>

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

namespace {
// upstream's capManagersManager: beyond kMaxUpdateEntries Update entries, the oldest are merged
// into one "ancient-changes" entry per apiVersion. Walking oldest first, the first entry of a
// version stays until a second one of that version is found; then the first becomes the bucket
// (unless that version has one already) and the second is merged into it. The bucket carries the
// time of the newest entry merged into it.
constexpr size_t kMaxUpdateEntries = 10;
constexpr const char* kAncientChanges = "ancient-changes";

void cap_update_entries(std::vector<ManagedEntry>& entries) {
  std::vector<size_t> updaters;
  for (size_t i = 0; i < entries.size(); ++i)
    if (entries[i].operation == "Update") updaters.push_back(i);
  if (updaters.size() <= kMaxUpdateEntries) return;
  // Oldest first (RFC 3339 times at one precision order as text; no time counts as oldest), then
  // by identity, as upstream orders its manager identifiers.
  auto identity = [&entries](size_t i) {
    const auto& e = entries[i];
    return std::tie(e.manager, e.operation, e.api_version, e.subresource);
  };
  std::sort(updaters.begin(), updaters.end(), [&](size_t a, size_t b) {
    if (entries[a].time != entries[b].time) return entries[a].time < entries[b].time;
    return identity(a) < identity(b);
  });
  auto existing_bucket = [&entries](const std::string& api_version) -> ManagedEntry* {
    for (auto& e : entries)
      if (e.manager == kAncientChanges && e.operation == "Update" && e.subresource.empty() &&
          e.api_version == api_version)
        return &e;
    return nullptr;
  };
  std::map<std::string, size_t> first_of_version;
  std::vector<bool> merged_away(entries.size(), false);
  size_t remaining = updaters.size();
  for (size_t i = 0; i < updaters.size() && remaining > kMaxUpdateEntries; ++i) {
    ManagedEntry& e = entries[updaters[i]];
    auto first = first_of_version.find(e.api_version);
    if (first == first_of_version.end()) {
      first_of_version[e.api_version] = updaters[i];
      continue;
    }
    ManagedEntry* bucket = existing_bucket(e.api_version);
    if (!bucket) {
      bucket = &entries[first->second];
      bucket->manager = kAncientChanges;
      bucket->subresource.clear();
    }
    if (bucket == &e) continue;
    bucket->fields = set_union(bucket->fields, e.fields);
    bucket->time = e.time;
    merged_away[updaters[i]] = true;
    --remaining;
  }
  std::vector<ManagedEntry> kept;
  for (size_t i = 0; i < entries.size(); ++i)
    if (!merged_away[i]) kept.push_back(std::move(entries[i]));
  entries = std::move(kept);
}
}  // namespace

namespace {
// One managedFields item, its keys in upstream's order.
json entry_json(const ManagedEntry& e, json fields_v1) {
  json item = {{"manager", e.manager}, {"operation", e.operation}, {"apiVersion", e.api_version}};
  if (!e.time.empty()) item["time"] = e.time;
  item["fieldsType"] = "FieldsV1";
  item["fieldsV1"] = std::move(fields_v1);
  if (!e.subresource.empty()) item["subresource"] = e.subresource;
  return item;
}
}  // namespace

void write_managed_fields(json& obj, std::vector<ManagedEntry> entries) {
  std::erase_if(entries, [](const ManagedEntry& e) { return e.fields.empty(); });
  cap_update_entries(entries);
  json list = json::array();
  for (const auto& e : entries) list.push_back(entry_json(e, to_fields_v1(e.fields)));
  if (list.empty()) obj["metadata"].erase("managedFields");
  else obj["metadata"]["managedFields"] = std::move(list);
}

void record_update(json& obj, const json& old, const openapi::Schema* kind_schema, const Writer& writer) {
  if (old.is_null()) {
    // A create: one entry of the writer's owning every member, written as write_managed_fields
    // writes it, without the field sets in between.
    json fields = fields_v1_of(obj, kind_schema);
    if (fields.empty()) {
      obj["metadata"].erase("managedFields");
      return;
    }
    const ManagedEntry mine{writer.manager, "Update", writer.api_version, writer.time, writer.subresource, {}};
    obj["metadata"]["managedFields"] = json::array({entry_json(mine, std::move(fields))});
    return;
  }
  std::vector<ManagedEntry> entries = read_managed_fields(old);
  FieldChanges changes = changed_fields(old, obj, kind_schema);
  if (!entries.empty()) {
    const FieldSet taken = set_union(changes.changed, changes.removed);
    for (auto& e : entries) e.fields = set_difference(e.fields, taken);
  }
  auto mine = std::find_if(entries.begin(), entries.end(), [&writer](const ManagedEntry& e) {
    return e.manager == writer.manager && e.operation == "Update" && e.subresource == writer.subresource;
  });
  if (!changes.changed.empty()) {
    if (mine == entries.end()) {
      entries.push_back({writer.manager, "Update", writer.api_version, writer.time, writer.subresource, {}});
      mine = entries.end() - 1;
    }
    mine->fields = mine->fields.empty() ? std::move(changes.changed) : set_union(mine->fields, changes.changed);
    mine->api_version = writer.api_version;
    mine->time = writer.time;
  }
  write_managed_fields(obj, entries);
}

std::string manager_from_user_agent(const std::string& user_agent) {
  return user_agent.substr(0, user_agent.find('/'));
}

}  // namespace kapi::registry::apply
