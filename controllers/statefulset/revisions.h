// ControllerRevisions of a StatefulSet (upstream's controller/history and the set's revision
// helpers): each holds the pod template as a strategic-merge patch
// {"spec":{"template":{...,"$patch":"replace"}}}, named <set>-<hash of that data>.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "client/client.h"

namespace kapi::controllers::statefulset {

using json = client::json;

inline constexpr const char* kRevisionHashLabel = "controller.kubernetes.io/hash";

// The patch a revision stores for the set's current template.
json revision_data(const json& set);
// "<set>-<hash>", the prefix cut to 223 characters as upstream does.
std::string revision_name(const json& set, const json& data, int64_t collision_count);
// The ControllerRevision for the set's current template: labels (template + hash), the set's
// annotations, the set as controller, data and revision number.
json new_revision(const json& set, int64_t revision_number, int64_t collision_count);
// The set with its template taken from `revision` (upstream's ApplyRevision).
json apply_revision(const json& set, const json& revision);

int64_t revision_number(const json& revision);
// By revision number, then creation time, then name (upstream's SortControllerRevisions).
void sort_revisions(std::vector<json>& revisions);
// One more than the highest revision number (1 when there is none).
int64_t next_revision_number(const std::vector<json>& revisions);
// Whether two revisions hold the same template.
bool same_data(const json& a, const json& b);

}  // namespace kapi::controllers::statefulset
