#include "controllers/replicaset/pod_deletion_order.h"

#include <algorithm>
#include <map>

#include "controllers/common/pod_state.h"
#include "registry/object_meta.h"

namespace kapi::controllers {

namespace {

std::string node_of(const client::json& pod) {
  if (!pod.contains("spec") || !pod["spec"].is_object()) return "";
  const auto& node = pod["spec"].value("nodeName", client::json());
  return node.is_string() ? node.get<std::string>() : "";
}

int phase_ordinal(const client::json& pod) {
  auto phase = pod_phase(pod);
  if (phase == "Pending") return 0;
  if (phase == "Unknown") return 1;
  if (phase == "Running") return 2;
  return 3;
}

int max_restarts(const client::json& pod) {
  int most = 0;
  if (!pod.contains("status") || !pod["status"].is_object()) return 0;
  const auto& statuses = pod["status"].value("containerStatuses", client::json::array());
  if (!statuses.is_array()) return 0;
  for (const auto& s : statuses)
    if (s.is_object()) most = std::max(most, s.value("restartCount", 0));
  return most;
}

struct Ranked {
  client::ObjectPtr pod;
  bool assigned;
  int phase;
  bool ready;
  int crowding;  // pods of this set on the same node
  std::optional<std::chrono::system_clock::time_point> ready_at;
  int restarts;
  std::optional<std::chrono::system_clock::time_point> created;
};

// True when a should be deleted before b.
bool before(const Ranked& a, const Ranked& b) {
  if (a.assigned != b.assigned) return !a.assigned;
  if (a.phase != b.phase) return a.phase < b.phase;
  if (a.ready != b.ready) return !a.ready;
  if (a.crowding != b.crowding) return a.crowding > b.crowding;
  if (a.ready && b.ready && a.ready_at != b.ready_at) {
    if (!a.ready_at || !b.ready_at) return !a.ready_at;  // unknown ready time counts as newest
    return *a.ready_at > *b.ready_at;
  }
  if (a.restarts != b.restarts) return a.restarts > b.restarts;
  if (a.created != b.created) {
    if (!a.created || !b.created) return !a.created;
    return *a.created > *b.created;
  }
  return false;
}

}  // namespace

std::vector<client::ObjectPtr> order_for_deletion(std::vector<client::ObjectPtr> pods) {
  std::map<std::string, int> per_node;
  for (const auto& pod : pods)
    if (auto node = node_of(*pod); !node.empty()) ++per_node[node];
  std::vector<Ranked> ranked;
  ranked.reserve(pods.size());
  for (auto& pod : pods) {
    std::string node = node_of(*pod);
    ranked.push_back({pod, !node.empty(), phase_ordinal(*pod), is_pod_ready(*pod),
                      node.empty() ? 0 : per_node[node], ready_since(*pod), max_restarts(*pod),
                      registry::parse_rfc3339(registry::meta_string(*pod, "creationTimestamp"))});
  }
  std::stable_sort(ranked.begin(), ranked.end(), before);
  std::vector<client::ObjectPtr> out;
  out.reserve(ranked.size());
  for (auto& r : ranked) out.push_back(std::move(r.pod));
  return out;
}

}  // namespace kapi::controllers
