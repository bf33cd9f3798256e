// Deciding whether a claim is ours to provision, and the PV that answers it: sig-storage-lib's
// shouldProvision/provisionClaimOperation and local-path-provisioner's Provision, as pure
// functions over JSON (the controller does the I/O).
#pragma once

#include <optional>
#include <string>

#include "client/client.h"

namespace kapi::controllers::localpath {

using client::json;

// The claim's class: spec.storageClassName, else the beta annotation; "" for none.
std::string claim_class_name(const json& claim);
// The provisioner the PV binder handed the claim to (GA annotation, else beta); "" for none.
std::string claim_provisioner(const json& claim);
// The node the scheduler picked (volume.kubernetes.io/selected-node); "" for none.
std::string selected_node(const json& claim);
// "pvc-<claim uid>": the one name the PV may have, so a retry never makes a second one.
std::string volume_name_for(const json& claim);

// Whether the claim asks this provisioner for a volume now: unbound, handed to
// rancher.io/local-path, and (for WaitForFirstConsumer classes) placed on a node. The PV's
// existence is the caller's to check.
bool wants_volume(const json& claim, const json& storage_class);

// Checks before provisioning starts (sig-storage-lib's canProvision): "" when fine, else the
// ProvisioningFailed message.
std::string unprovisionable_reason(const json& claim);
// local-path's own refusals, reported after the Provisioning event: "" when fine.
std::string rejection_reason(const json& claim, const std::string& node);

// "hostPath" or "local": the PVC's volumeType annotation, else the class's defaultVolumeType
// annotation, else hostPath (any case). Anything else is an error.
struct VolumeType {
  std::string type;
  std::string error;
};
VolumeType volume_type(const json& claim, const json& storage_class);
// The node-affinity key: class parameter nodeAffinityKey, else kubernetes.io/hostname.
std::string node_affinity_key(const json& storage_class);

struct VolumePlacement {
  std::string node;            // the node's name (the PV's selected-node annotation)
  std::string affinity_value;  // the node's label under the affinity key, else its name
  std::string path;            // the volume directory
  std::string volume_type;     // hostPath or local
};

// The PV for `claim` (the PV binder binds them: the claimRef already points at the claim).
json build_volume(const json& claim, const json& storage_class, const VolumePlacement& placement);

}  // namespace kapi::controllers::localpath
