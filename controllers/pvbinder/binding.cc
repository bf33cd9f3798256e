// A bind, in upstream's order (CONTROLLERS.md §3 "Binding"): the volume's claimRef, the volume's
// phase, the claim's volumeName and annotations, the claim's status. Each step writes only when
// something changes and hands the written object to the next, so a bind interrupted anywhere is
// finished by the next sync of either object.
#include "controllers/pvbinder/pv_controller.h"
#include "controllers/pvbinder/volume_helpers.h"
#include "registry/object_meta.h"

namespace kapi::controllers::pvbinder {

namespace resources = client::resources;

namespace {
json claim_reference(const json& claim) {
  return {{"kind", "PersistentVolumeClaim"},
          {"namespace", registry::meta_string(claim, "namespace")},
          {"name", registry::meta_string(claim, "name")},
          {"uid", registry::meta_string(claim, "uid")},
          {"apiVersion", "v1"},
          {"resourceVersion", registry::meta_string(claim, "resourceVersion")}};
}

bool claim_ref_points_at(const json& volume, const json& claim) {
  const json& spec = volume.value("spec", json::object());
  auto ref = spec.find("claimRef");
  return ref != spec.end() && ref->is_object() && ref->value("name", "") == registry::meta_string(claim, "name") &&
         ref->value("namespace", "") == registry::meta_string(claim, "namespace") &&
         ref->value("uid", "") == registry::meta_string(claim, "uid");
}
}  // namespace

SyncResult PvController::bind(const json& volume, const json& claim) {
  auto bound_volume = bind_volume_to_claim(volume, claim);
  if (!bound_volume.ok()) return "binding volume: " + bound_volume.error().message;
  auto phased = update_volume_phase(*bound_volume, "Bound");
  if (!phased.ok()) return "volume phase: " + phased.error().message;
  auto bound_claim = bind_claim_to_volume(claim, *phased);
  if (!bound_claim.ok()) return "binding claim: " + bound_claim.error().message;
  auto status = update_claim_status(*bound_claim, "Bound", &*phased);
  if (!status.ok()) return "claim status: " + status.error().message;
  return std::nullopt;
}

client::ApiResult<json> PvController::bind_volume_to_claim(const json& volume, const json& claim) {
  json updated = volume;
  bool dirty = false;
  // The controller made this binding unless the volume already named the claim (a user's
  // pre-bind, or a provisioner's pvc-<uid>).
  const bool by_controller = !is_volume_bound_to_claim(volume, claim);
  if (!claim_ref_points_at(volume, claim)) {
    updated["spec"]["claimRef"] = claim_reference(claim);
    dirty = true;
  }
  if (by_controller && !has_annotation(updated, kAnnBoundByController)) {
    set_annotation(updated, kAnnBoundByController, "yes");
    dirty = true;
  }
  if (!dirty) return updated;
  return client_->update(resources::kPersistentVolumes, "", updated);
}

client::ApiResult<json> PvController::bind_claim_to_volume(const json& claim, const json& volume) {
  json updated = claim;
  bool dirty = false;
  std::string volume_name = registry::meta_string(volume, "name");
  if (text_at(claim, "spec", "volumeName") != volume_name) {
    // The claim did not ask for this volume by name: the controller chose it.
    updated["spec"]["volumeName"] = volume_name;
    if (!has_annotation(updated, kAnnBoundByController)) set_annotation(updated, kAnnBoundByController, "yes");
    dirty = true;
  }
  if (!has_annotation(updated, kAnnBindCompleted)) {
    set_annotation(updated, kAnnBindCompleted, "yes");
    dirty = true;
  }
  if (!dirty) return updated;
  return client_->update(resources::kPersistentVolumeClaims, registry::meta_string(claim, "namespace"), updated);
}

client::ApiResult<json> PvController::update_volume_phase(const json& volume, const std::string& phase,
                                                          const std::string& message) {
  if (phase_of(volume) == phase) return volume;
  json updated = volume;
  json& status = updated["status"];
  if (!status.is_object()) status = json::object();
  status["phase"] = phase;
  if (message.empty()) status.erase("message");
  else status["message"] = message;
  status["lastPhaseTransitionTime"] = registry::now_rfc3339();
  return client_->update_status(resources::kPersistentVolumes, "", updated);
}

client::ApiResult<json> PvController::update_claim_status(const json& claim, const std::string& phase,
                                                          const json* volume) {
  json updated = claim;
  json& status = updated["status"];
  if (!status.is_object()) status = json::object();
  status["phase"] = phase;
  if (volume) {
    const json& spec = volume->value("spec", json::object());
    status["accessModes"] = spec.value("accessModes", json::array());
    status["capacity"] = spec.value("capacity", json::object());
  } else {
    status.erase("accessModes");
    status.erase("capacity");
  }
  if (updated["status"] == claim.value("status", json::object())) return claim;
  return client_->update_status(resources::kPersistentVolumeClaims, registry::meta_string(claim, "namespace"),
                                updated);
}

SyncResult PvController::update_claim_phase_with_event(const json& claim, const std::string& phase,
                                                       const std::string& type, const std::string& reason,
                                                       const std::string& message) {
  if (phase_of(claim) == phase) return std::nullopt;
  auto updated = update_claim_status(claim, phase, nullptr);
  if (!updated.ok()) return "claim status: " + updated.error().message;
  event(*updated, type, reason, message);
  return std::nullopt;
}

SyncResult PvController::update_volume_phase_with_event(const json& volume, const std::string& phase,
                                                        const std::string& type, const std::string& reason,
                                                        const std::string& message) {
  if (phase_of(volume) == phase) return std::nullopt;
  auto updated = update_volume_phase(volume, phase, message);
  if (!updated.ok()) return "volume phase: " + updated.error().message;
  event(*updated, type, reason, message);
  return std::nullopt;
}

}  // namespace kapi::controllers::pvbinder
