// What workload controllers ask about a pod, with upstream's meanings (podutil).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "client/client.h"

namespace kapi::controllers {

using json = client::json;

std::string pod_phase(const json& pod);
bool is_terminating(const json& obj);                  // metadata.deletionTimestamp set
bool is_pod_terminal(const json& pod);                 // phase Failed or Succeeded
// Not terminal and not being deleted (upstream's IsPodActive).
bool is_pod_active(const json& pod);
// The Ready condition is True.
bool is_pod_ready(const json& pod);
// Since when Ready has been True (its lastTransitionTime), if it is.
std::optional<std::chrono::system_clock::time_point> ready_since(const json& pod);
// Ready for at least `min_ready_seconds` at `now` (upstream's IsPodAvailable).
bool is_pod_available(const json& pod, int64_t min_ready_seconds, std::chrono::system_clock::time_point now);
// A condition of status.conditions by type, if present.
const json* find_condition(const json& obj, const std::string& type);

}  // namespace kapi::controllers
