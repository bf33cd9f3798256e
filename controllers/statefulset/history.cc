#include "controllers/statefulset/history.h"

#include <algorithm>
#include <set>

#include "controllers/statefulset/identity.h"
#include "controllers/statefulset/revisions.h"
#include "registry/object_meta.h"

namespace kapi::controllers::statefulset {

namespace resources = client::resources;
using registry::meta_string;

namespace {

int64_t status_collision_count(const json& set) {
  if (!set.contains("status") || !set["status"].is_object()) return 0;
  auto it = set["status"].find("collisionCount");
  return it != set["status"].end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

// Creates the revision for the set's template, moving past names held by other data.
std::variant<json, std::string> create_revision(client::Client& api, const json& set, int64_t number,
                                                int64_t& collision_count) {
  const std::string ns = meta_string(set, "namespace");
  while (true) {
    json revision = new_revision(set, number, collision_count);
    auto made = api.create(resources::kControllerRevisions, ns, revision);
    if (made.ok()) return made.value();
    if (made.error().reason != "AlreadyExists") return made.error().message;
    auto existing = api.get(resources::kControllerRevisions, ns, meta_string(revision, "name"));
    if (!existing.ok()) return existing.error().message;
    if (same_data(existing.value(), revision)) return existing.value();
    collision_count++;
  }
}

// A rollback: the equal older revision becomes the newest by taking the next number.
std::variant<json, std::string> renumber_revision(client::Client& api, const json& revision, int64_t number) {
  if (revision_number(revision) == number) return revision;
  json body = {{"revision", number}};
  auto patched = api.patch(resources::kControllerRevisions, meta_string(revision, "namespace"),
                           meta_string(revision, "name"), client::PatchType::kMerge, body.dump());
  if (!patched.ok()) return patched.error().message;
  return patched.value();
}

}  // namespace

std::variant<RevisionPair, std::string> pick_revisions(client::Client& api, const json& set,
                                                       const std::vector<json>& revisions) {
  RevisionPair pair;
  pair.collision_count = status_collision_count(set);
  int64_t next = next_revision_number(revisions);
  json candidate = new_revision(set, next, pair.collision_count);

  const json* last_equal = nullptr;
  for (const auto& revision : revisions)
    if (same_data(revision, candidate)) last_equal = &revision;

  std::variant<json, std::string> update;
  if (last_equal && same_data(revisions.back(), *last_equal)) update = revisions.back();
  else if (last_equal) update = renumber_revision(api, *last_equal, next);
  else update = create_revision(api, set, next, pair.collision_count);
  if (auto* error = std::get_if<std::string>(&update)) return *error;
  pair.update = std::get<json>(update);

  std::string current_name;
  if (set.contains("status") && set["status"].is_object()) current_name = set["status"].value("currentRevision", "");
  pair.current = pair.update;
  for (const auto& revision : revisions)
    if (!current_name.empty() && meta_string(revision, "name") == current_name) pair.current = revision;
  return pair;
}

std::optional<std::string> truncate_history(client::Client& api, const json& set, const std::vector<json>& pods,
                                            const std::vector<json>& revisions, const std::string& current,
                                            const std::string& update) {
  std::set<std::string> live = {current, update};
  for (const auto& pod : pods) live.insert(pod_revision(pod));
  std::vector<const json*> history;
  for (const auto& revision : revisions)
    if (!live.count(meta_string(revision, "name"))) history.push_back(&revision);
  int64_t limit = 10;
  if (set.contains("spec") && set["spec"].contains("revisionHistoryLimit") &&
      set["spec"]["revisionHistoryLimit"].is_number_integer())
    limit = set["spec"]["revisionHistoryLimit"].get<int64_t>();
  if (static_cast<int64_t>(history.size()) <= limit) return std::nullopt;
  size_t excess = history.size() - static_cast<size_t>(std::max<int64_t>(limit, 0));
  for (size_t i = 0; i < excess; i++) {
    auto removed = api.remove(resources::kControllerRevisions, meta_string(*history[i], "namespace"),
                              meta_string(*history[i], "name"));
    if (!removed.ok() && removed.error().code != 404) return removed.error().message;
  }
  return std::nullopt;
}

}  // namespace kapi::controllers::statefulset
