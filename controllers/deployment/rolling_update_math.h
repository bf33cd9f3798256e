// The arithmetic of a Deployment rollout (upstream's deployment/util), kept pure so it is tested
// on its own: how many pods above and below spec.replicas a rolling update may go, how big the
// new ReplicaSet may grow, and how a scale change is shared between ReplicaSets.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "client/client.h"

namespace kapi::controllers::rollout {

// An IntOrString against `total`: an int as is; "N%" as N% of total, rounded up or down.
// nullopt for anything else (a string without %, a negative or malformed number).
std::optional<int64_t> scaled_value(const client::json& int_or_percent, int64_t total, bool round_up);

struct Fenceposts {
  int64_t max_surge = 0;
  int64_t max_unavailable = 0;
};
// maxSurge rounds up, maxUnavailable down; both 0 gives maxUnavailable 1, so a rollout can move.
Fenceposts resolve_fenceposts(const client::json& max_surge, const client::json& max_unavailable, int64_t desired);

// For a Deployment object: 0 unless the strategy is RollingUpdate. max_unavailable is also capped
// at spec.replicas (and is 0 for 0 replicas).
int64_t max_surge(const client::json& deployment);
int64_t max_unavailable(const client::json& deployment);

// The new ReplicaSet's next size under RollingUpdate: grow into the room spec+surge leaves,
// never past spec. `all_specs` sums spec.replicas over every ReplicaSet, the new one included.
int64_t new_rs_replicas_rolling(int64_t desired, int64_t surge, int64_t all_specs, int64_t new_rs_spec);

// How many pods old ReplicaSets may lose now: total − (desired − maxUnavailable) − the new set's
// unavailable pods. ≤ 0 means wait.
int64_t max_scaled_down(int64_t all_specs, int64_t desired, int64_t unavailable, int64_t new_rs_spec,
                        int64_t new_rs_available);

// Proportional scaling: a ReplicaSet's share of `to_add` (negative when shrinking), from its size
// and the deployment size (max-replicas annotation) it was sized for, limited to what is left.
int64_t proportion(int64_t rs_spec, int64_t desired, int64_t deployment_max_now, int64_t deployment_max_before, int64_t to_add,
                   int64_t added);

}  // namespace kapi::controllers::rollout
