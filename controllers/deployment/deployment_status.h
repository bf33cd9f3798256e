// A Deployment's status and conditions (upstream's deployment/util and sync.go): computed from
// its ReplicaSets, with the Progressing and Available reasons and messages kubectl shows.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "client/object_cache.h"

namespace kapi::controllers::rollout {

using json = client::json;
using TimePoint = std::chrono::system_clock::time_point;

// Reasons, as upstream spells them.
inline constexpr const char* kNewRSAvailableReason = "NewReplicaSetAvailable";
inline constexpr const char* kTimedOutReason = "ProgressDeadlineExceeded";
inline constexpr const char* kReplicaSetUpdatedReason = "ReplicaSetUpdated";
inline constexpr const char* kNewReplicaSetReason = "NewReplicaSetCreated";
inline constexpr const char* kFoundNewRSReason = "FoundNewReplicaSet";
inline constexpr const char* kFailedRSCreateReason = "FailedRSCreate";
inline constexpr const char* kPausedReason = "DeploymentPaused";
inline constexpr const char* kResumedReason = "DeploymentResumed";
inline constexpr const char* kMinimumReplicasAvailable = "MinimumReplicasAvailable";
inline constexpr const char* kMinimumReplicasUnavailable = "MinimumReplicasUnavailable";

json new_condition(const std::string& type, const std::string& status, const std::string& reason,
                   const std::string& message, TimePoint now);
const json* get_condition(const json& status, const std::string& type);
// obj.status, or an empty object (a reference that stays valid as long as obj).
const json& status_of(const json& obj);
// Adds or replaces the condition of its type. Same status and reason: nothing changes. Same
// status: the old lastTransitionTime is kept.
void set_condition(json& status, json condition);
void remove_condition(json& status, const std::string& type);

bool has_progress_deadline(const json& deployment);

// observedGeneration, replica counts summed over `all` (`new_rs` may be null), collisionCount and
// the Available condition; other conditions are carried over from the Deployment's status.
json calculate_status(const json& deployment, const std::vector<client::ObjectPtr>& all,
                      const client::ObjectPtr& new_rs, TimePoint now);

// Every pod updated and available, and the status is of the current generation.
bool deployment_complete(const json& deployment, const json& status);
// Some measurable progress since the Deployment's recorded status.
bool deployment_progressing(const json& deployment, const json& status);
// Progressing last moved more than progressDeadlineSeconds before `now`.
bool deployment_timed_out(const json& deployment, const json& status, TimePoint now);

// Sets Progressing from where the rollout stands (upstream's syncRolloutStatus conditions).
void update_progressing(const json& deployment, json& status, const client::ObjectPtr& new_rs, TimePoint now);

}  // namespace kapi::controllers::rollout
