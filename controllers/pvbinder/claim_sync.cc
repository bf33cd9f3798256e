// Claims (upstream's syncClaim): an unbound claim finds its volume (or asks for one), a bound
// claim checks that its volume still points back at it, a deleted claim waits for its pods.
#include "controllers/common/pod_state.h"
#include "controllers/pvbinder/pod_claims.h"
#include "controllers/pvbinder/pv_controller.h"
#include "controllers/pvbinder/volume_helpers.h"
#include "controllers/pvbinder/volume_matching.h"
#include "registry/object_meta.h"

namespace kapi::controllers::pvbinder {

namespace resources = client::resources;

namespace {
using client::kEventTypeNormal;
using client::kEventTypeWarning;
}  // namespace

SyncResult PvController::sync_claim(const json& claim) {
  // A claim being deleted only waits for its pods to let go (pvc-protection); its volume is
  // released once the claim is gone.
  if (is_terminating(claim)) return release_claim_protection(claim);
  if (!has_annotation(claim, kAnnBindCompleted)) return sync_unbound_claim(claim);
  return sync_bound_claim(claim);
}

SyncResult PvController::sync_unbound_claim(const json& claim) {
  const std::string wanted = text_at(claim, "spec", "volumeName");
  if (wanted.empty()) {
    // The user did not name a volume: find the best one.
    std::string class_name = claim_class(claim);
    ObjectPtr cls = class_name.empty() ? nullptr : classes_.cache().get(class_name);
    const bool wait_for_consumer = cls && cls->value("volumeBindingMode", "") == "WaitForFirstConsumer";
    const std::string selected_node = annotation(claim, kAnnSelectedNode);
    MatchOptions options;
    options.delay_binding = wait_for_consumer;
    json node;
    if (wait_for_consumer && !selected_node.empty()) {
      // The scheduler chose a node: a static volume that fits that node may be bound now.
      auto cached = nodes_.cache().get(selected_node);
      node = cached ? *cached
                    : json{{"metadata", {{"name", selected_node}, {"labels", {{"kubernetes.io/hostname", selected_node}}}}}};
      options.node = &node;
    }
    ObjectPtr volume = find_best_match(claim, volumes_.cache().list(), options);
    if (volume) return bind(*volume, claim);
    return claim_without_match(claim, cls.get(), wait_for_consumer && selected_node.empty());
  }

  // The user asked for one volume by name.
  ObjectPtr cached = volumes_.cache().get(wanted);
  if (!cached) {
    auto pending = update_claim_status(claim, "Pending", nullptr);  // wait for the volume to appear
    return pending.ok() ? std::nullopt : SyncResult("claim status: " + pending.error().message);
  }
  const json& volume = *cached;
  const json& spec = volume.value("spec", json::object());
  if (!spec.contains("claimRef") || !spec["claimRef"].is_object()) {
    std::string mismatch = volume_mismatch(volume, claim);
    if (!mismatch.empty()) {
      event(claim, kEventTypeWarning, "VolumeMismatch",
            "Cannot bind to requested volume \"" + wanted + "\": " + mismatch);
      auto pending = update_claim_status(claim, "Pending", nullptr);
      return pending.ok() ? std::nullopt : SyncResult("claim status: " + pending.error().message);
    }
    return bind(volume, claim);
  }
  if (is_volume_bound_to_claim(volume, claim)) return bind(volume, claim);
  if (has_annotation(claim, kAnnBoundByController))
    return "claim " + client::object_key(claim) + " was bound by the controller to volume " + wanted +
           ", which is claimed by another claim";
  event(claim, kEventTypeWarning, "FailedBinding", "volume \"" + wanted + "\" already bound to a different claim.");
  auto pending = update_claim_status(claim, "Pending", nullptr);
  return pending.ok() ? std::nullopt : SyncResult("claim status: " + pending.error().message);
}

SyncResult PvController::claim_without_match(const json& claim, const json* cls, bool waiting_for_consumer) {
  // No volume: a nil-class claim may get the default class now (retroactive defaulting).
  std::string error;
  auto assigned = assign_default_class(claim, &error);
  if (!assigned) return error;
  if (*assigned) return std::nullopt;  // the update event syncs the claim again

  if (waiting_for_consumer) {
    emit_waiting_for_consumer(claim);
  } else if (!claim_class(claim).empty()) {
    return provision_claim(claim, cls);
  } else {
    event(claim, kEventTypeNormal, "FailedBinding",
          "no persistent volumes available for this claim and no storage class is set");
  }
  auto pending = update_claim_status(claim, "Pending", nullptr);
  return pending.ok() ? std::nullopt : SyncResult("claim status: " + pending.error().message);
}

std::optional<bool> PvController::assign_default_class(const json& claim, std::string* error) {
  if (claim_has_class(claim)) return false;
  std::string name = default_class_name(classes_.cache().list());
  if (name.empty()) return false;
  json updated = claim;
  updated["spec"]["storageClassName"] = name;
  auto written = client_->update(resources::kPersistentVolumeClaims, registry::meta_string(claim, "namespace"), updated);
  if (!written.ok() && written.error().code == 422) return false;  // a server that keeps the class immutable
  if (!written.ok()) {
    *error = "assigning default storage class " + name + ": " + written.error().message;
    return std::nullopt;
  }
  return true;
}

void PvController::emit_waiting_for_consumer(const json& claim) {
  // Name the pods that use the claim but are not scheduled yet, if any.
  std::string claim_name = registry::meta_string(claim, "name");
  std::vector<std::string> waiting;
  for (const auto& pod : pods_.cache().by_index(client::kNamespaceIndex, registry::meta_string(claim, "namespace"))) {
    if (!text_at(*pod, "spec", "nodeName").empty() || is_pod_terminal(*pod) || is_terminating(*pod)) continue;
    if (pod_uses_claim(*pod, claim_name)) waiting.push_back(registry::meta_string(*pod, "name"));
  }
  if (waiting.empty()) {
    event(claim, kEventTypeNormal, "WaitForFirstConsumer", "waiting for first consumer to be created before binding");
    return;
  }
  std::string names;
  for (const auto& n : waiting) names += (names.empty() ? "" : ",") + n;
  event(claim, kEventTypeNormal, "WaitForPodScheduled",
        (waiting.size() > 1 ? "waiting for pods " : "waiting for pod ") + names + " to be scheduled");
}

SyncResult PvController::provision_claim(const json& claim, const json* cls) {
  std::string class_name = claim_class(claim);
  if (!cls) {
    event(claim, kEventTypeWarning, "ProvisioningFailed", "storageclass.storage.k8s.io \"" + class_name + "\" not found");
    return std::nullopt;  // the class's creation requeues the claim
  }
  std::string provisioner = cls->value("provisioner", "");
  if (provisioner.rfind(kInTreePrefix, 0) == 0) {
    // kapi has no in-tree provisioning plugins; no-provisioner means static volumes only.
    event(claim, kEventTypeWarning, "ProvisioningFailed", "no volume plugin matched name: " + provisioner);
    return std::nullopt;
  }
  // An external provisioner: hand the claim over with both annotations; it creates pvc-<uid>.
  if (annotation(claim, kAnnStorageProvisioner) != provisioner ||
      annotation(claim, kAnnBetaStorageProvisioner) != provisioner) {
    json updated = claim;
    set_annotation(updated, kAnnStorageProvisioner, provisioner);
    set_annotation(updated, kAnnBetaStorageProvisioner, provisioner);
    auto written = client_->update(resources::kPersistentVolumeClaims, registry::meta_string(claim, "namespace"), updated);
    if (!written.ok()) return "setting storage provisioner: " + written.error().message;
  }
  event(claim, kEventTypeNormal, "ExternalProvisioning",
        "Waiting for a volume to be created either by the external provisioner '" + provisioner +
            "' or manually by the system administrator. If volume creation is delayed, please verify that the "
            "provisioner is running and correctly registered.");
  return std::nullopt;
}

SyncResult PvController::sync_bound_claim(const json& claim) {
  const std::string volume_name = text_at(claim, "spec", "volumeName");
  if (volume_name.empty())
    return update_claim_phase_with_event(claim, "Lost", kEventTypeWarning, "ClaimLost",
                                         "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!");
  ObjectPtr volume = volumes_.cache().get(volume_name);
  if (!volume)
    return update_claim_phase_with_event(claim, "Lost", kEventTypeWarning, "ClaimLost",
                                         "Bound claim has lost its PersistentVolume. Data on the volume is lost!");
  const json& spec = volume->value("spec", json::object());
  auto ref = spec.find("claimRef");
  // Unbound volume (a bind interrupted) or correctly bound: finish or confirm the bind.
  if (ref == spec.end() || !ref->is_object() || ref->value("uid", "") == registry::meta_string(claim, "uid"))
    return bind(*volume, claim);
  return update_claim_phase_with_event(claim, "Lost", kEventTypeWarning, "ClaimMisbound",
                                       "Two claims are bound to the same volume, this one is bound incorrectly");
}

}  // namespace kapi::controllers::pvbinder
