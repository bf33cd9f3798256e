// One reconcile of a StatefulSet (upstream's defaultStatefulSetControl.UpdateStatefulSet): pick
// the current and update revisions, bring pods and claims toward the spec as far as the pod
// management policy allows, write status when it changed, prune revision history.
//
// Level-triggered: everything is derived from the set, its pods and revisions as read now, so a
// pass may run any number of times (a restarted controller simply carries on). Pods and claims
// have fixed names, so a create the cache has not caught up with gets AlreadyExists, never a
// duplicate.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "controllers/statefulset/pod_control.h"
#include "controllers/statefulset/status.h"

namespace kapi::controllers::statefulset {

class SyncPass {
 public:
  SyncPass(client::Client& api, PodControl& control, std::chrono::system_clock::time_point now)
      : api_(api), control_(control), now_(now) {}

  // `pods` are the set's (already claimed), `revisions` its ControllerRevisions. Returns an error
  // to retry with backoff; `status` is what the pass computed (when it got that far).
  std::optional<std::string> run(const json& set, const std::vector<json>& pods, std::vector<json> revisions,
                                 std::optional<SetStatus>* status);

 private:
  // The pod steps; returns an error, and sets `status`.
  std::optional<std::string> update_pods(const json& set, const json& current_revision, const json& update_revision,
                                         const std::vector<json>& pods, SetStatus& status);
  // One in-range pod (upstream's processReplica): true ends the pass in monotonic mode.
  bool process_replica(const json& set, const json& update_set, bool monotonic, const json& pod,
                       std::optional<std::string>& error);
  // One out-of-range pod (processCondemned).
  bool process_condemned(const json& set, const json* first_unhealthy, bool monotonic, const json& pod,
                         std::optional<std::string>& error);
  std::optional<std::string> write_status(const json& set, SetStatus& status);

  client::Client& api_;
  PodControl& control_;
  std::chrono::system_clock::time_point now_;
};

}  // namespace kapi::controllers::statefulset
