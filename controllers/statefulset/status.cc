#include "controllers/statefulset/status.h"

#include "controllers/common/pod_state.h"
#include "controllers/statefulset/identity.h"

namespace kapi::controllers::statefulset {

bool is_created(const json& pod) { return !pod_phase(pod).empty(); }

bool is_running_and_ready(const json& pod) { return pod_phase(pod) == "Running" && is_pod_ready(pod); }

bool is_running_and_available(const json& pod, int64_t min_ready_seconds, std::chrono::system_clock::time_point now) {
  return pod_phase(pod) == "Running" && is_pod_available(pod, min_ready_seconds, now);
}

bool is_healthy(const json& pod) { return is_running_and_ready(pod) && !is_terminating(pod); }

void SetStatus::count(const std::vector<const json*>& pods, int64_t min_ready_seconds,
                      std::chrono::system_clock::time_point now) {
  replicas = ready_replicas = available_replicas = current_replicas = updated_replicas = 0;
  for (const json* pod : pods) {
    if (is_created(*pod)) replicas++;
    if (is_running_and_ready(*pod)) {
      ready_replicas++;
      if (is_running_and_available(*pod, min_ready_seconds, now)) available_replicas++;
    }
    if (is_created(*pod) && !is_terminating(*pod)) {
      std::string revision = pod_revision(*pod);
      if (revision == current_revision) current_replicas++;
      if (revision == update_revision) updated_replicas++;
    }
  }
}

void SetStatus::complete_rolling_update(const json& set) {
  if (is_on_delete(set)) return;
  if (updated_replicas == replicas && ready_replicas == replicas && replicas == replicas_of(set)) {
    current_replicas = updated_replicas;
    current_revision = update_revision;
  }
}

bool SetStatus::differs_from(const json& set) const {
  const json status = set.contains("status") && set["status"].is_object() ? set["status"] : json::object();
  auto number = [&](const char* key) {
    auto it = status.find(key);
    return it != status.end() && it->is_number_integer() ? it->get<int64_t>() : int64_t{0};
  };
  auto text = [&](const char* key) {
    auto it = status.find(key);
    return it != status.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  return observed_generation > number("observedGeneration") || replicas != number("replicas") ||
         ready_replicas != number("readyReplicas") || available_replicas != number("availableReplicas") ||
         current_replicas != number("currentReplicas") || updated_replicas != number("updatedReplicas") ||
         current_revision != text("currentRevision") || update_revision != text("updateRevision") ||
         collision_count != number("collisionCount");
}

json SetStatus::to_json() const {
  return {{"observedGeneration", observed_generation},
          {"replicas", replicas},
          {"readyReplicas", ready_replicas},
          {"availableReplicas", available_replicas},
          {"currentReplicas", current_replicas},
          {"updatedReplicas", updated_replicas},
          {"currentRevision", current_revision},
          {"updateRevision", update_revision},
          {"collisionCount", collision_count}};
}

}  // namespace kapi::controllers::statefulset
