// The Deployment controller (upstream's pkg/controller/deployment): rolls a Deployment's pod
// template out through ReplicaSets named <deployment>-<pod-template-hash>. Internal to this folder:
// the manager knows only make_deployment_controller.
//
// One sync, as upstream's syncDeployment: claim the ReplicaSets (adopt/release), then
//   paused            → resize proportionally, status only (no new ReplicaSet);
//   a scale change    → resize proportionally;
//   Recreate          → old sets to 0, wait for their pods to go, then the new set to spec;
//   RollingUpdate     → grow the new set within maxSurge, shrink old ones within maxUnavailable;
// then status and conditions. Every step reads the informer caches and writes with the
// resourceVersion it read, so a stale cache costs a retry, never a wrong write.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "client/controller_runner.h"
#include "client/event_recorder.h"
#include "controllers/controller.h"
#include "controllers/shared_informers.h"

namespace kapi::controllers {

class DeploymentController : public Controller {
 public:
  explicit DeploymentController(ControllerContext& context);
  ~DeploymentController() override { stop(); }

  void start() override { runner_->start(workers_); }
  void stop() override { runner_->stop(); }

 private:
  using json = client::json;
  using ObjectPtr = client::ObjectPtr;
  using Sets = std::vector<ObjectPtr>;
  using Error = std::optional<std::string>;

  // --- handlers (deployment_controller.cc) ---
  void replica_set_changed(const ObjectPtr& old_rs, const ObjectPtr& rs);
  void pod_deleted(const json& pod);
  std::optional<std::string> owner_key(const json& rs) const;
  void enqueue_matching_deployments(const json& rs);

  // --- sync (deployment_controller.cc) ---
  Error sync(const std::string& key);
  Error claim_replica_sets(const json& d, Sets& owned);
  Error check_paused_conditions(json& d);
  // The new set (found, or created when `create`) and the old ones; syncs revisions.
  Error new_and_old_sets(json& d, const Sets& sets, bool create, ObjectPtr& new_rs, Sets& old_sets);
  Error create_new_set(json& d, const Sets& old_sets, int64_t revision, ObjectPtr& new_rs);
  // Sets the revision annotation in `d` only; true when it changed (write_status then stores it).
  bool set_deployment_revision(json& d, int64_t revision);
  // Writes `status` (and `d`'s annotations, when `metadata_changed`) through deployments/status.
  Error write_status(json& d, const json& status, bool metadata_changed = false);
  // Status with Progressing and ReplicaFailure (rollouts) or without touching them (paused/scale).
  Error sync_rollout_status(json& d, const Sets& all, const ObjectPtr& new_rs);
  Error sync_status_only(json& d, const Sets& all, const ObjectPtr& new_rs);
  void requeue_for_deadline(const json& d);

  // --- rollouts (deployment_rollout.cc) ---
  Error sync_paused_or_scaled(json& d, const Sets& sets);
  Error rollout_rolling(json& d, const Sets& sets);
  Error rollout_recreate(json& d, const Sets& sets);
  bool is_scaling_event(json& d, const Sets& sets, Error& error);
  Error scale(const json& d, ObjectPtr& new_rs, Sets& old_sets);
  Error reconcile_new_set(const json& d, const Sets& all, ObjectPtr& new_rs, bool& scaled);
  Error reconcile_old_sets(const json& d, Sets& old_sets, const ObjectPtr& new_rs, bool& scaled);
  bool old_pods_running(const json& d, const ObjectPtr& new_rs, const Sets& old_sets) const;
  Error cleanup_old_sets(const json& d, const Sets& old_sets);
  // Sets `rs` to `size` and its desired/max-replicas annotations to the Deployment's (upstream's
  // scaleReplicaSet); records ScalingReplicaSet when the size moves.
  Error scale_set(const json& d, ObjectPtr& rs, int64_t size);
  // The same, but nothing at all when the size is already right (scaleReplicaSetAndRecordEvent).
  Error resize(const json& d, ObjectPtr& rs, int64_t size, bool* scaled = nullptr);

  client::ClientPtr client_;
  client::Informer& deployments_;
  client::Informer& sets_;
  client::Informer& pods_;
  client::KeyQueue queue_;
  client::EventRecorder recorder_;
  int workers_;
  std::unique_ptr<client::ControllerRunner> runner_;
};

}  // namespace kapi::controllers
