#include "registry/apply/server_side_apply.h"

#include <algorithm>
#include <map>

#include "registry/patch/strategic_merge_patch.h"

namespace kapi::registry::apply {
namespace {

struct Conflict {
  const ManagedEntry* owner;
  FieldPath path;
};

// upstream's printManager: "name" for an applier, "name" using apps/v1 for an updater.
std::string describe(const ManagedEntry& e) {
  std::string out = json(e.manager).dump();
  if (!e.subresource.empty()) out += " with subresource " + json(e.subresource).dump();
  if (e.operation == "Update") out += " using " + e.api_version;
  return out;
}

ApiError conflict_error(const std::vector<Conflict>& conflicts) {
  json causes = json::array();
  for (const auto& c : conflicts)
    causes.push_back({{"reason", "FieldManagerConflict"},
                      {"message", "conflict with " + describe(*c.owner)},
                      {"field", path_string(c.path)}});
  std::string text;
  if (conflicts.size() == 1) {
    text = "conflict with " + describe(*conflicts[0].owner) + ": " + path_string(conflicts[0].path);
  } else {
    std::map<std::string, std::vector<std::string>> by_owner;  // sorted by manager, as upstream
    for (const auto& c : conflicts) by_owner[describe(*c.owner)].push_back(path_string(c.path));
    for (const auto& [owner, paths] : by_owner) {
      text += (text.empty() ? "" : "\n") + std::string("conflicts with ") + owner + ":";
      for (const auto& p : paths) text += "\n- " + p;
    }
  }
  const size_t n = conflicts.size();
  return ApiError{409, "Conflict",
                  "Apply failed with " + std::to_string(n) + " conflict" + (n == 1 ? "" : "s") + ": " + text,
                  {{"causes", causes}}};
}

bool has_member_under(const FieldSet& set, const FieldPath& prefix) {
  auto it = set.lower_bound(prefix);
  return it != set.end() && it->size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), it->begin());
}

}  // namespace

ApiResult<json> server_side_apply(const json& live, const json& config, const openapi::Schema* kind_schema,
                                  const ApplyOptions& options) {
  if (!config.is_object()) return bad_request("the applied configuration must be an object");
  if (const json* meta = config.contains("metadata") ? &config["metadata"] : nullptr;
      meta && meta->is_object() && meta->contains("managedFields") && !(*meta)["managedFields"].is_null())
    return bad_request("metadata.managedFields must be nil");

  const FieldSet applied = fields_of(config, kind_schema, Members::kApplied);
  std::vector<ManagedEntry> entries = live.is_null() ? std::vector<ManagedEntry>{} : read_managed_fields(live);
  auto is_mine = [&options](const ManagedEntry& e) { return e.manager == options.manager && e.operation == "Apply"; };

  std::vector<Conflict> conflicts;
  for (const auto& e : entries) {
    if (is_mine(e)) continue;
    for (const auto& path : set_intersection(e.fields, applied)) {
      if (!is_leaf(applied, path)) continue;
      const json* now = value_at(live, path);
      if (!now || *now != *value_at(config, path)) conflicts.push_back({&e, path});
    }
  }
  if (!conflicts.empty() && !options.force) return conflict_error(conflicts);
  std::map<const ManagedEntry*, FieldSet> taken;
  for (const auto& c : conflicts) taken[c.owner].insert(c.path);
  for (auto& e : entries)
    if (auto it = taken.find(&e); it != taken.end()) e.fields = set_difference(e.fields, it->second);

  FieldSet others;
  FieldSet previous;
  for (const auto& e : entries) {
    if (is_mine(e)) previous = set_union(previous, e.fields);
    else others = set_union(others, e.fields);
  }
  json merged = live.is_null() ? json::object() : live;
  // What this manager applied before and applies no longer goes, unless someone else owns it;
  // deepest paths first, and a list item only when nothing under it is still owned.
  std::vector<FieldPath> dropped;
  for (const auto& path : set_difference(previous, applied))
    if (!others.count(path)) dropped.push_back(path);
  std::sort(dropped.begin(), dropped.end(), [](const FieldPath& a, const FieldPath& b) { return a.size() > b.size(); });
  const FieldSet kept = set_union(others, applied);
  for (const auto& path : dropped)
    if (!has_member_under(kept, path)) erase_at(merged, path);

  if (live.is_null()) {
    merged = config;
  } else {
    auto result = patch::apply_strategic_merge_patch(merged, config.dump(), kind_schema);
    if (auto* err = std::get_if<patch::PatchError>(&result))
      return ApiError{err->code, err->reason, err->message, err->details};
    merged = std::get<json>(std::move(result));
  }

  auto mine = std::find_if(entries.begin(), entries.end(), is_mine);
  if (mine == entries.end()) {
    entries.push_back({options.manager, "Apply", options.api_version, options.time, "", {}});
    mine = entries.end() - 1;
  }
  mine->fields = applied;
  mine->api_version = options.api_version;
  mine->time = options.time;
  if (!merged.contains("metadata") || !merged["metadata"].is_object()) merged["metadata"] = json::object();
  write_managed_fields(merged, entries);
  return merged;
}

}  // namespace kapi::registry::apply
