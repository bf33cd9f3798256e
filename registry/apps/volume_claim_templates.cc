#include "registry/apps/volume_claim_templates.h"

#include "registry/apps/workload_validation.h"
#include "registry/quantity.h"

namespace kapi::registry::apps {

void default_volume_claim_templates(json& spec) {
  if (!spec.contains("volumeClaimTemplates") || !spec["volumeClaimTemplates"].is_array()) return;
  for (json& claim : spec["volumeClaimTemplates"]) {
    if (!claim.is_object()) continue;
    // Upstream's conversion to apps/v1 sets these on every template (issue 87583).
    claim["apiVersion"] = "v1";
    claim["kind"] = "PersistentVolumeClaim";
    json& metadata = object_member(claim, "metadata");
    if (!metadata.contains("creationTimestamp")) metadata["creationTimestamp"] = nullptr;
    json& claim_spec = object_member(claim, "spec");
    if (string_at(claim_spec, {"volumeMode"}).empty()) claim_spec["volumeMode"] = "Filesystem";
    json& status = object_member(claim, "status");
    if (string_at(status, {"phase"}).empty()) status["phase"] = "Pending";
  }
}

void canonicalize_volume_claim_templates(json& obj) {
  if (!field_at(obj, {"spec", "volumeClaimTemplates"}).is_array()) return;
  for (json& claim : obj["spec"]["volumeClaimTemplates"])
    for (const char* list : {"requests", "limits"}) {
      if (!field_at(claim, {"spec", "resources", list}).is_object()) continue;
      for (auto& [name, value] : claim["spec"]["resources"][list].items())
        if (auto canonical = canonical_quantity(value)) value = *canonical;
    }
}

}  // namespace kapi::registry::apps
