// A StatefulSet's revision history through the API (upstream's getStatefulSetRevisions and
// truncateHistory over controller/history): which revision is current and which is the update
// target, creating or renumbering revisions as the template changes, and pruning old ones.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "client/client.h"

namespace kapi::controllers::statefulset {

using json = client::json;

struct RevisionPair {
  json current;                  // the revision named by status.currentRevision, else `update`
  json update;                   // the revision of the set's template now
  int64_t collision_count = 0;   // status.collisionCount, plus the collisions met creating `update`
};

// `revisions` are the set's own, sorted (sort_revisions). The update revision is the newest one
// if it holds the same template; an older equal one (a rollback) gets the next number; otherwise
// a new one is created, skipping names taken by other data (each skip counts a collision).
std::variant<RevisionPair, std::string> pick_revisions(client::Client& api, const json& set,
                                                       const std::vector<json>& revisions);

// Deletes the oldest revisions that are neither current, update, nor named by a pod's label,
// beyond spec.revisionHistoryLimit.
std::optional<std::string> truncate_history(client::Client& api, const json& set, const std::vector<json>& pods,
                                            const std::vector<json>& revisions, const std::string& current,
                                            const std::string& update);

}  // namespace kapi::controllers::statefulset
