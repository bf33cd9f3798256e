// The PV controller (upstream's persistentvolume-controller, kapi's "pvbinder"): binds claims to
// volumes, keeps their phases, hands claims to external provisioners, reclaims released volumes
// and lets go of the pvc-/pv-protection finalizers once nothing uses the object. Behaviour:
// CONTROLLERS.md §3.
//
// One queue of keys: "claim:<ns>/<name>", "volume:<name>" and a periodic "resync" that requeues
// everything (upstream re-syncs every 15 s: waiting claims repeat their events, failed deletes
// retry). Every sync reads the informer caches and writes with the resourceVersion it read, so a
// stale cache only costs a conflict and a retry.
//
// Files: pvbinder_controller.cc (wiring, handlers), claim_sync.cc, volume_sync.cc, binding.cc
// (the four writes of a bind, phases), protection.cc (finalizers), volume_matching.* (which PV).
#pragma once

#include <optional>
#include <string>

#include "client/controller_runner.h"
#include "client/event_recorder.h"
#include "client/informer.h"
#include "controllers/controller.h"

namespace kapi::controllers::pvbinder {

using client::json;
using client::ObjectPtr;
using SyncResult = std::optional<std::string>;  // an error asks for a retry

class PvController : public Controller {
 public:
  explicit PvController(ControllerContext& context);
  ~PvController() override { stop(); }
  void start() override;
  void stop() override;

  static constexpr std::chrono::seconds kResyncPeriod{15};

 private:
  SyncResult sync(const std::string& key);
  void resync();
  void enqueue_claim(const std::string& ns, const std::string& name);
  void enqueue_volume(const std::string& name);
  void enqueue_pod_claims(const json& pod);

  // claim_sync.cc
  SyncResult sync_claim(const json& claim);
  SyncResult sync_unbound_claim(const json& claim);
  SyncResult sync_bound_claim(const json& claim);
  SyncResult claim_without_match(const json& claim, const json* cls, bool waiting_for_consumer);
  SyncResult provision_claim(const json& claim, const json* cls);
  // Writes the default class into a nil-class claim; true when it did.
  std::optional<bool> assign_default_class(const json& claim, std::string* error);
  void emit_waiting_for_consumer(const json& claim);

  // volume_sync.cc
  SyncResult sync_volume(json volume);
  SyncResult reclaim_volume(json volume);
  SyncResult unbind_volume(json volume);
  // The claim a volume's claimRef names, fresh from the API when the cache lacks it; null when
  // it does not exist (or is another claim of the same name).
  client::ApiResult<std::optional<json>> claim_of(const json& volume);

  // binding.cc
  SyncResult bind(const json& volume, const json& claim);
  client::ApiResult<json> bind_volume_to_claim(const json& volume, const json& claim);
  client::ApiResult<json> bind_claim_to_volume(const json& claim, const json& volume);
  client::ApiResult<json> update_volume_phase(const json& volume, const std::string& phase,
                                              const std::string& message = "");
  client::ApiResult<json> update_claim_status(const json& claim, const std::string& phase, const json* volume);
  // The phase change plus an event, the event only when the phase really changes.
  SyncResult update_claim_phase_with_event(const json& claim, const std::string& phase, const std::string& type,
                                           const std::string& reason, const std::string& message);
  SyncResult update_volume_phase_with_event(const json& volume, const std::string& phase, const std::string& type,
                                            const std::string& reason, const std::string& message);
  void event(const json& object, const std::string& type, const std::string& reason, const std::string& message);

  // protection.cc
  SyncResult release_claim_protection(const json& claim);
  SyncResult release_volume_protection(const json& volume);
  client::ApiResult<bool> claim_in_use(const json& claim);

  client::ClientPtr client_;
  client::Informer& volumes_;
  client::Informer& claims_;
  client::Informer& classes_;
  client::Informer& pods_;
  client::Informer& nodes_;
  client::EventRecorder recorder_;
  client::KeyQueue queue_;
  client::ControllerRunner runner_;
  int workers_;
  bool started_ = false;
};

}  // namespace kapi::controllers::pvbinder
