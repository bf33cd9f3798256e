// The controller side of StorageObjectInUseProtection (upstream's pvc-protection and
// pv-protection controllers): a deleted claim keeps kubernetes.io/pvc-protection while a
// scheduled, non-terminated pod uses it; a deleted volume keeps kubernetes.io/pv-protection while
// it is Bound. Without this, `kubectl delete pvc` never returns.
#include "controllers/common/pod_state.h"
#include "controllers/pvbinder/pod_claims.h"
#include "controllers/pvbinder/pv_controller.h"
#include "controllers/pvbinder/volume_helpers.h"
#include "registry/object_meta.h"

namespace kapi::controllers::pvbinder {

namespace resources = client::resources;

namespace {
// The kubelet only starts scheduled pods and refuses a claim being deleted, so an unscheduled or
// finished pod cannot be using the claim.
bool pod_blocks_claim(const json& pod, const std::string& claim_name) {
  return !text_at(pod, "spec", "nodeName").empty() && !is_pod_terminal(pod) && pod_uses_claim(pod, claim_name);
}
}  // namespace

client::ApiResult<bool> PvController::claim_in_use(const json& claim) {
  const std::string ns = registry::meta_string(claim, "namespace");
  const std::string name = registry::meta_string(claim, "name");
  for (const auto& pod : pods_.cache().by_index(client::kNamespaceIndex, ns))
    if (pod_blocks_claim(*pod, name)) return true;
  // The cache may not have seen a pod created just before the claim was deleted: ask the API
  // before letting go, as upstream does.
  auto pods = client_->list(resources::kPods, ns, {});
  if (!pods.ok()) return pods.error();
  for (const auto& pod : pods->items)
    if (pod_blocks_claim(pod, name)) return true;
  return false;
}

SyncResult PvController::release_claim_protection(const json& claim) {
  if (!has_finalizer(claim, kPvcProtectionFinalizer)) return std::nullopt;
  auto in_use = claim_in_use(claim);
  if (!in_use.ok()) return "listing pods: " + in_use.error().message;
  if (*in_use) return std::nullopt;  // the pod's own changes requeue the claim
  json updated = claim;
  remove_finalizer(updated, kPvcProtectionFinalizer);
  auto written = client_->update(resources::kPersistentVolumeClaims, registry::meta_string(claim, "namespace"), updated);
  if (!written.ok() && written.error().code != 404) return "removing pvc-protection: " + written.error().message;
  return std::nullopt;
}

SyncResult PvController::release_volume_protection(const json& volume) {
  if (!is_terminating(volume) || !has_finalizer(volume, kPvProtectionFinalizer)) return std::nullopt;
  if (phase_of(volume) == "Bound") return std::nullopt;  // the claim's deletion releases it first
  json updated = volume;
  remove_finalizer(updated, kPvProtectionFinalizer);
  auto written = client_->update(resources::kPersistentVolumes, "", updated);
  if (!written.ok() && written.error().code != 404) return "removing pv-protection: " + written.error().message;
  return std::nullopt;
}

}  // namespace kapi::controllers::pvbinder
