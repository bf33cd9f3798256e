// StatefulSet status as upstream computes it (computeReplicaStatus, completeRollingUpdate,
// inconsistentStatus).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "client/client.h"

namespace kapi::controllers::statefulset {

using json = client::json;

struct SetStatus {
  int64_t observed_generation = 0;
  int64_t replicas = 0;            // created pods (phase set), terminating and condemned included
  int64_t ready_replicas = 0;      // Running and Ready
  int64_t available_replicas = 0;  // ... and Ready for minReadySeconds
  int64_t current_replicas = 0;    // non-terminating pods at the current revision
  int64_t updated_replicas = 0;    // non-terminating pods at the update revision
  std::string current_revision;
  std::string update_revision;
  int64_t collision_count = 0;

  // Counts `pods` (the pass's in-memory view: pods not yet created have no phase).
  void count(const std::vector<const json*>& pods, int64_t min_ready_seconds,
             std::chrono::system_clock::time_point now);
  // RollingUpdate: once every pod is updated and ready, the update revision becomes current.
  void complete_rolling_update(const json& set);
  // Differs from what the set's status says (so it needs writing).
  bool differs_from(const json& set) const;
  json to_json() const;
};

// Created: the API gave it a phase (upstream's isCreated).
bool is_created(const json& pod);
bool is_running_and_ready(const json& pod);
bool is_running_and_available(const json& pod, int64_t min_ready_seconds, std::chrono::system_clock::time_point now);
// Running, Ready and not terminating.
bool is_healthy(const json& pod);

}  // namespace kapi::controllers::statefulset
