#include "controllers/pvbinder/pod_claims.h"

#include <algorithm>

#include "registry/object_meta.h"

namespace kapi::controllers::pvbinder {

std::vector<std::string> claims_of_pod(const client::json& pod) {
  std::vector<std::string> names;
  auto spec = pod.find("spec");
  if (spec == pod.end() || !spec->is_object()) return names;
  auto volumes = spec->find("volumes");
  if (volumes == spec->end() || !volumes->is_array()) return names;
  for (const auto& volume : *volumes) {
    if (!volume.is_object()) continue;
    if (auto pvc = volume.find("persistentVolumeClaim"); pvc != volume.end() && pvc->is_object())
      names.push_back(pvc->value("claimName", ""));
    else if (volume.contains("ephemeral"))
      names.push_back(registry::meta_string(pod, "name") + "-" + volume.value("name", ""));
  }
  return names;
}

bool pod_uses_claim(const client::json& pod, const std::string& claim_name) {
  auto names = claims_of_pod(pod);
  return std::find(names.begin(), names.end(), claim_name) != names.end();
}

}  // namespace kapi::controllers::pvbinder
