// Volumes (upstream's syncVolume): Available until claimed, Bound while their claim points back,
// Released once the claim is gone, then the reclaim policy; a deleted volume lets go of its
// pv-protection finalizer once it is not Bound.
#include "controllers/pvbinder/pv_controller.h"
#include "controllers/pvbinder/volume_helpers.h"
#include "registry/object_meta.h"

namespace kapi::controllers::pvbinder {

namespace resources = client::resources;

namespace {
using client::kEventTypeNormal;
using client::kEventTypeWarning;

const json* claim_ref(const json& volume) {
  auto spec = volume.find("spec");
  if (spec == volume.end() || !spec->is_object()) return nullptr;
  auto ref = spec->find("claimRef");
  return ref != spec->end() && ref->is_object() ? &*ref : nullptr;
}

bool is_external_provisioned(const json& volume) {
  std::string by = annotation(volume, kAnnProvisionedBy);
  return !by.empty() && by.rfind(kInTreePrefix, 0) != 0;
}
}  // namespace

SyncResult PvController::sync_volume(json volume) {
  auto result = [&]() -> SyncResult {
    const json* ref = claim_ref(volume);
    if (!ref || ref->value("uid", "").empty()) {
      // Unused, or pre-bound by a user to a claim that has not been bound yet: Available.
      auto updated = update_volume_phase(volume, "Available");
      if (!updated.ok()) return "volume phase: " + updated.error().message;
      volume = *updated;
      return std::nullopt;
    }
    auto found = claim_of(volume);
    if (!found.ok()) return "reading claim: " + found.error().message;
    const std::optional<json>& claim = *found;
    if (!claim) {
      // The claim is gone: Released (a Failed volume keeps showing its failure), then reclaim.
      if (phase_of(volume) != "Released" && phase_of(volume) != "Failed") {
        auto released = update_volume_phase(volume, "Released");
        if (!released.ok()) return "volume phase: " + released.error().message;
        volume = *released;
      }
      return reclaim_volume(volume);
    }
    const std::string claim_volume = text_at(*claim, "spec", "volumeName");
    if (claim_volume.empty()) {
      // Pointed at the claim but the claim does not know yet (a provisioned pvc-<uid>, or a bind
      // in progress): the claim's sync finishes it.
      enqueue_claim(registry::meta_string(*claim, "namespace"), registry::meta_string(*claim, "name"));
      return std::nullopt;
    }
    if (claim_volume == registry::meta_string(volume, "name")) {
      auto bound = update_volume_phase(volume, "Bound");
      if (!bound.ok()) return "volume phase: " + bound.error().message;
      volume = *bound;
      return std::nullopt;
    }
    // The claim got bound to another volume.
    if (has_annotation(volume, kAnnProvisionedBy) && reclaim_policy(volume) == "Delete") {
      // Provisioned for this claim and not needed any more.
      if (phase_of(volume) != "Released" && phase_of(volume) != "Failed") {
        auto released = update_volume_phase(volume, "Released");
        if (!released.ok()) return "volume phase: " + released.error().message;
        volume = *released;
      }
      return reclaim_volume(volume);
    }
    return unbind_volume(volume);
  }();
  if (result) return result;
  return release_volume_protection(volume);
}

client::ApiResult<std::optional<json>> PvController::claim_of(const json& volume) {
  const json* ref = claim_ref(volume);
  std::string ns = ref->value("namespace", ""), name = ref->value("name", "");
  std::optional<json> claim;
  if (auto cached = claims_.cache().get(ns, name)) {
    claim = *cached;
  } else {
    // The claims informer may lag behind the volumes one: never release a volume on its word.
    auto got = client_->get(resources::kPersistentVolumeClaims, ns, name);
    if (got.ok()) claim = std::move(got.value());
    else if (got.error().code != 404) return got.error();
  }
  // Same name, another claim: the one the volume was bound to was deleted.
  if (claim && registry::meta_string(*claim, "uid") != ref->value("uid", "")) claim.reset();
  return claim;
}

SyncResult PvController::reclaim_volume(json volume) {
  const std::string policy = reclaim_policy(volume);
  const std::string name = registry::meta_string(volume, "name");
  if (policy == "Retain") return std::nullopt;  // Released, with its stale claimRef, until an admin acts
  if (policy == "Recycle") {
    const json& spec = volume.value("spec", json::object());
    if (!spec.contains("hostPath") && !spec.contains("nfs"))
      return update_volume_phase_with_event(volume, "Failed", kEventTypeWarning, "VolumeFailedRecycle",
                                            "No recycler plugin found for the volume!");
    // Recycling is deprecated and kapi runs no scrubber pod: the volume goes back to the pool.
    json updated = volume;
    updated["spec"].erase("claimRef");
    remove_annotation(updated, kAnnBoundByController);
    auto written = client_->update(resources::kPersistentVolumes, "", updated);
    if (!written.ok()) return "recycling: " + written.error().message;
    event(*written, kEventTypeNormal, "VolumeRecycled", "Volume recycled");
    auto available = update_volume_phase(*written, "Available");
    return available.ok() ? std::nullopt : SyncResult("volume phase: " + available.error().message);
  }
  if (policy != "Delete") return std::nullopt;
  if (is_terminating(volume)) return std::nullopt;  // already on its way out
  // A dynamically provisioned volume belongs to its external provisioner, which deletes the
  // storage and then the object.
  if (is_external_provisioned(volume)) return std::nullopt;
  // In-tree and static volumes: kapi has no storage to delete (hostPath is not scrubbed), so
  // deleting is removing the object; pv-protection lets go once it is no longer Bound.
  auto removed = client_->remove(resources::kPersistentVolumes, "", name);
  if (removed.ok() || removed.error().code == 404) return std::nullopt;
  auto failed = update_volume_phase_with_event(volume, "Failed", kEventTypeWarning, "VolumeFailedDelete",
                                               removed.error().message);
  return failed ? failed : SyncResult("deleting volume: " + removed.error().message);
}

SyncResult PvController::unbind_volume(json volume) {
  json updated = volume;
  if (has_annotation(volume, kAnnBoundByController)) {
    // The controller made this binding and the claim went elsewhere: back to the pool.
    updated["spec"].erase("claimRef");
    remove_annotation(updated, kAnnBoundByController);
  } else {
    // A user's pre-bind: keep pointing at the claim, forget the old claim's UID.
    updated["spec"]["claimRef"].erase("uid");
  }
  auto written = client_->update(resources::kPersistentVolumes, "", updated);
  if (!written.ok()) return "unbinding volume: " + written.error().message;
  auto available = update_volume_phase(*written, "Available");
  return available.ok() ? std::nullopt : SyncResult("volume phase: " + available.error().message);
}

}  // namespace kapi::controllers::pvbinder
