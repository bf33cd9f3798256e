#include "controllers/common/pod_state.h"

#include "registry/object_meta.h"

namespace kapi::controllers {

std::string pod_phase(const json& pod) {
  if (!pod.contains("status") || !pod["status"].is_object()) return "";
  return pod["status"].value("phase", "");
}

bool is_terminating(const json& obj) {
  const json* ts = registry::meta_field(obj, "deletionTimestamp");
  return ts && !ts->is_null();
}

bool is_pod_terminal(const json& pod) {
  auto phase = pod_phase(pod);
  return phase == "Failed" || phase == "Succeeded";
}

bool is_pod_active(const json& pod) { return !is_pod_terminal(pod) && !is_terminating(pod); }

const json* find_condition(const json& obj, const std::string& type) {
  if (!obj.contains("status") || !obj["status"].is_object()) return nullptr;
  const json& status = obj["status"];
  if (!status.contains("conditions") || !status["conditions"].is_array()) return nullptr;
  for (const auto& c : status["conditions"])
    if (c.is_object() && c.value("type", "") == type) return &c;
  return nullptr;
}

bool is_pod_ready(const json& pod) {
  const json* ready = find_condition(pod, "Ready");
  return ready && ready->value("status", "") == "True";
}

std::optional<std::chrono::system_clock::time_point> ready_since(const json& pod) {
  const json* ready = find_condition(pod, "Ready");
  if (!ready || ready->value("status", "") != "True") return std::nullopt;
  const auto& t = ready->contains("lastTransitionTime") && (*ready)["lastTransitionTime"].is_string()
                      ? (*ready)["lastTransitionTime"].get<std::string>()
                      : std::string();
  return registry::parse_rfc3339(t);
}

bool is_pod_available(const json& pod, int64_t min_ready_seconds, std::chrono::system_clock::time_point now) {
  if (!is_pod_ready(pod)) return false;
  if (min_ready_seconds <= 0) return true;
  auto since = ready_since(pod);
  return since && *since + std::chrono::seconds(min_ready_seconds) <= now;
}

}  // namespace kapi::controllers
