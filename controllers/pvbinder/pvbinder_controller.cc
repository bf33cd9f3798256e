// The PV controller's wiring: informer handlers that turn changes into claim and volume keys, the
// key dispatch, the periodic resync, and the factory the manager calls.
#include "controllers/factories.h"
#include "controllers/pvbinder/pod_claims.h"
#include "controllers/pvbinder/pv_controller.h"
#include "controllers/pvbinder/volume_helpers.h"
#include "controllers/shared_informers.h"
#include "registry/object_meta.h"

namespace kapi::controllers {

namespace pvbinder {

namespace {
constexpr const char* kClaimPrefix = "claim:";
constexpr const char* kVolumePrefix = "volume:";
constexpr const char* kResyncKey = "resync";

// Upstream's event source and service account.
constexpr const char* kComponent = "persistentvolume-controller";
constexpr const char* kServiceAccount = "persistent-volume-binder";

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

PvController::PvController(ControllerContext& context)
    : client_(context.client_for(kServiceAccount)),
      volumes_(context.informers->informer(client::resources::kPersistentVolumes)),
      claims_(context.informers->informer(client::resources::kPersistentVolumeClaims)),
      classes_(context.informers->informer(client::resources::kStorageClasses)),
      pods_(context.informers->informer(client::resources::kPods)),
      nodes_(context.informers->informer(client::resources::kNodes)),
      recorder_(client_, client::EventSource{kComponent, ""}),
      queue_("pvbinder", context.clock),
      runner_(queue_, [this](const std::string& key) { return sync(key); }),
      workers_(context.options.workers) {
  auto on_volume = [this](const ObjectPtr& pv) {
    enqueue_volume(registry::meta_string(*pv, "name"));
    // A new or changed volume may be what a waiting claim needs (a provisioned pvc-<uid>).
    const json& spec = pv->value("spec", json::object());
    if (auto ref = spec.find("claimRef"); ref != spec.end() && ref->is_object())
      enqueue_claim(ref->value("namespace", ""), ref->value("name", ""));
  };
  auto on_volume_update = [this, on_volume](const ObjectPtr& old_pv, const ObjectPtr& pv) {
    on_volume(pv);
    // A volume joining the pool may be what a pending claim waits for; upstream leaves this to
    // the 15 s resync, kapi binds at once.
    if (phase_of(*pv) == "Available" && phase_of(*old_pv) != "Available")
      for (const auto& pvc : claims_.cache().list())
        if (phase_of(*pvc) == "Pending" && !has_annotation(*pvc, kAnnBindCompleted))
          enqueue_claim(registry::meta_string(*pvc, "namespace"), registry::meta_string(*pvc, "name"));
  };
  volumes_.add_handlers({on_volume, on_volume_update,
                         [this](const ObjectPtr& pv) {
                           // A deleted volume: a claim bound to it becomes Lost.
                           const json& spec = pv->value("spec", json::object());
                           if (auto ref = spec.find("claimRef"); ref != spec.end() && ref->is_object())
                             enqueue_claim(ref->value("namespace", ""), ref->value("name", ""));
                         }});
  auto on_claim = [this](const ObjectPtr& pvc) {
    enqueue_claim(registry::meta_string(*pvc, "namespace"), registry::meta_string(*pvc, "name"));
    std::string volume = text_at(*pvc, "spec", "volumeName");
    if (!volume.empty()) enqueue_volume(volume);
  };
  claims_.add_handlers({on_claim, [on_claim](const ObjectPtr&, const ObjectPtr& pvc) { on_claim(pvc); },
                        [this](const ObjectPtr& pvc) {
                          // The claim is gone: its volume (by volumeName, or any claimRef naming it)
                          // is released.
                          std::string volume = text_at(*pvc, "spec", "volumeName");
                          if (!volume.empty()) enqueue_volume(volume);
                          for (const auto& pv : volumes_.cache().list())
                            if (is_volume_bound_to_claim(*pv, *pvc)) enqueue_volume(registry::meta_string(*pv, "name"));
                        }});
  // A new class (a default one, or the one a waiting claim names) may unblock pending claims.
  auto on_class = [this](const ObjectPtr&) {
    for (const auto& pvc : claims_.cache().list())
      if (phase_of(*pvc) == "Pending")
        enqueue_claim(registry::meta_string(*pvc, "namespace"), registry::meta_string(*pvc, "name"));
  };
  classes_.add_handlers({on_class, [on_class](const ObjectPtr&, const ObjectPtr& c) { on_class(c); }, nullptr});
  // Pods matter for claims being deleted (pvc-protection waits until no pod uses them).
  pods_.add_handlers({[this](const ObjectPtr& pod) { enqueue_pod_claims(*pod); },
                      [this](const ObjectPtr&, const ObjectPtr& pod) { enqueue_pod_claims(*pod); },
                      [this](const ObjectPtr& pod) { enqueue_pod_claims(*pod); }});
}

void PvController::start() {
  if (started_) return;
  started_ = true;
  runner_.start(workers_);
  queue_.add_after(kResyncKey, kResyncPeriod);
}

void PvController::stop() {
  if (!started_) return;
  started_ = false;
  runner_.stop();
}

void PvController::enqueue_claim(const std::string& ns, const std::string& name) {
  if (!name.empty()) queue_.add(kClaimPrefix + client::object_key(ns, name));
}

void PvController::enqueue_volume(const std::string& name) {
  if (!name.empty()) queue_.add(kVolumePrefix + name);
}

void PvController::enqueue_pod_claims(const json& pod) {
  std::string ns = registry::meta_string(pod, "namespace");
  for (const auto& name : claims_of_pod(pod)) {
    auto claim = claims_.cache().get(ns, name);
    // Only claims being deleted care about pods; unscheduled pods are named by the next resync.
    if (claim && is_terminating(*claim)) enqueue_claim(ns, name);
  }
}

void PvController::resync() {
  for (const auto& pvc : claims_.cache().list())
    enqueue_claim(registry::meta_string(*pvc, "namespace"), registry::meta_string(*pvc, "name"));
  for (const auto& pv : volumes_.cache().list()) enqueue_volume(registry::meta_string(*pv, "name"));
  queue_.add_after(kResyncKey, kResyncPeriod);
}

SyncResult PvController::sync(const std::string& key) {
  if (key == kResyncKey) {
    resync();
    return std::nullopt;
  }
  if (starts_with(key, kClaimPrefix)) {
    auto claim = claims_.cache().get(key.substr(std::string(kClaimPrefix).size()));
    if (!claim) return std::nullopt;  // deleted: the volume's sync releases what it held
    return sync_claim(*claim);
  }
  if (starts_with(key, kVolumePrefix)) {
    auto volume = volumes_.cache().get(key.substr(std::string(kVolumePrefix).size()));
    if (!volume) return std::nullopt;
    return sync_volume(*volume);
  }
  return std::nullopt;
}

void PvController::event(const json& object, const std::string& type, const std::string& reason,
                         const std::string& message) {
  recorder_.event(object, type, reason, message);  // best effort, as upstream
}

}  // namespace pvbinder

ControllerPtr make_pvbinder_controller(ControllerContext& context) {
  return std::make_unique<pvbinder::PvController>(context);
}

}  // namespace kapi::controllers
