#include "controllers/scheduler/volume_plan.h"

#include <set>

#include "controllers/common/json_fields.h"
#include "controllers/common/pod_state.h"
#include "controllers/scheduler/node_fit.h"
#include "registry/object_meta.h"
#include "registry/quantity.h"
#include "registry/selector/label_selector.h"

namespace kapi::controllers::scheduler {

namespace {

std::vector<std::string> claim_names(const json& pod) {
  std::vector<std::string> names;
  const json& volumes = field(field(pod, "spec"), "volumes");
  if (volumes.is_array())
    for (const auto& v : volumes) {
      std::string claim = text(field(v, "persistentVolumeClaim"), "claimName");
      if (!claim.empty()) names.push_back(claim);
    }
  return names;
}

std::optional<registry::Quantity> storage_of(const json& resources_list) {
  const json& v = field(resources_list, "storage");
  if (v.is_null()) return std::nullopt;
  auto parsed = registry::Quantity::from_json(v);
  if (auto* q = std::get_if<registry::Quantity>(&parsed)) return *q;
  return std::nullopt;
}

std::string volume_mode(const json& spec) {
  std::string mode = text(spec, "volumeMode");
  return mode.empty() ? "Filesystem" : mode;
}

bool pv_allows_node(const json& pv, const json& node) {
  const json& required = field(field(field(pv, "spec"), "nodeAffinity"), "required");
  return required.is_null() || node_selector_matches(required, node);
}

std::string class_of_claim(const json& claim) { return text(field(claim, "spec"), "storageClassName"); }

bool is_wait_for_first_consumer(const json* storage_class) {
  return storage_class && text(*storage_class, "volumeBindingMode") == "WaitForFirstConsumer";
}

// A static PV for an unbound claim on this node (upstream's FindMatchingVolume): pre-bound to
// the claim first, else the smallest Available match by class, modes, size, mode and selector.
client::ObjectPtr matching_volume(const json& claim, const json& node, const client::ObjectCache& volumes,
                                  const std::set<std::string>& taken) {
  const json& spec = field(claim, "spec");
  auto wanted = storage_of(field(field(spec, "resources"), "requests")).value_or(registry::Quantity());
  std::set<std::string> modes;
  if (field(spec, "accessModes").is_array())
    for (const auto& m : spec["accessModes"]) modes.insert(m.get<std::string>());
  std::string ns = registry::meta_string(claim, "namespace"), name = registry::meta_string(claim, "name");
  std::string uid = registry::meta_string(claim, "uid");
  std::optional<registry::selector::LabelSelector> selector;
  if (spec.contains("selector") && !spec["selector"].is_null()) {
    auto parsed = registry::selector::LabelSelector::from_json(spec["selector"]);
    if (auto* s = std::get_if<registry::selector::LabelSelector>(&parsed)) selector = *s;
  }
  client::ObjectPtr best;
  std::optional<registry::Quantity> best_size;
  for (const auto& pv : volumes.list()) {
    if (is_terminating(*pv) || taken.count(registry::meta_string(*pv, "name"))) continue;
    const json& pv_spec = field(*pv, "spec");
    if (!pv_allows_node(*pv, node)) continue;
    auto size = storage_of(field(pv_spec, "capacity"));
    if (!size || *size < wanted) continue;
    if (volume_mode(pv_spec) != volume_mode(spec)) continue;
    const json& ref = field(pv_spec, "claimRef");
    if (!ref.is_null()) {
      bool prebound = text(ref, "namespace") == ns && text(ref, "name") == name &&
                      (text(ref, "uid").empty() || text(ref, "uid") == uid);
      if (prebound) return pv;
      continue;
    }
    if (text(field(*pv, "status"), "phase") != "Available") continue;
    if (text(pv_spec, "storageClassName") != class_of_claim(claim)) continue;
    std::set<std::string> pv_modes;
    if (field(pv_spec, "accessModes").is_array())
      for (const auto& m : pv_spec["accessModes"]) pv_modes.insert(m.get<std::string>());
    if (!std::includes(pv_modes.begin(), pv_modes.end(), modes.begin(), modes.end())) continue;
    if (selector && !selector->matches(field(field(*pv, "metadata"), "labels"))) continue;
    if (!best || *size < *best_size) {
      best = pv;
      best_size = size;
    }
  }
  return best;
}

}  // namespace

std::optional<std::string> pod_volume_problem(const json& pod, const VolumeCaches& caches) {
  std::string ns = registry::meta_string(pod, "namespace");
  for (const auto& name : claim_names(pod)) {
    auto claim = caches.claims.get(ns, name);
    if (!claim) return "persistentvolumeclaim \"" + name + "\" not found";
    if (is_terminating(*claim)) return "persistentvolumeclaim \"" + name + "\" is being deleted";
    if (!text(field(*claim, "spec"), "volumeName").empty()) continue;
    auto storage_class = caches.classes.get(class_of_claim(*claim));
    if (!is_wait_for_first_consumer(storage_class.get())) return "pod has unbound immediate PersistentVolumeClaims";
  }
  return std::nullopt;
}

std::variant<VolumePlan, std::string> plan_volumes(const json& pod, const json& node, const VolumeCaches& caches) {
  VolumePlan plan;
  std::string ns = registry::meta_string(pod, "namespace");
  std::string node_name = registry::meta_string(node, "name");
  std::set<std::string> taken;
  for (const auto& name : claim_names(pod)) {
    auto claim = caches.claims.get(ns, name);
    if (!claim) return std::string("persistentvolumeclaim \"" + name + "\" not found");
    std::string volume_name = text(field(*claim, "spec"), "volumeName");
    if (!volume_name.empty()) {
      auto pv = caches.volumes.get(volume_name);
      if (pv && !pv_allows_node(*pv, node)) return std::string("node(s) had volume node affinity conflict");
      if (text(field(*claim, "status"), "phase") != "Bound") plan.all_bound = false;
      continue;
    }
    plan.all_bound = false;
    const json& annotations = field(field(*claim, "metadata"), "annotations");
    std::string selected = text(annotations, kSelectedNodeAnnotation);
    if (!selected.empty()) {
      // Already handed to a provisioner for some node: only that node will do.
      if (selected != node_name) return std::string("node(s) didn't find available persistent volumes to bind");
      continue;
    }
    if (auto pv = matching_volume(*claim, node, caches.volumes, taken)) {
      taken.insert(registry::meta_string(*pv, "name"));
      plan.static_binds.emplace_back(claim, pv);
      continue;
    }
    auto storage_class = caches.classes.get(class_of_claim(*claim));
    std::string provisioner = storage_class ? text(*storage_class, "provisioner") : "";
    if (provisioner.empty() || provisioner == "kubernetes.io/no-provisioner")
      return std::string("node(s) didn't find available persistent volumes to bind");
    plan.provision.push_back(claim);
  }
  return plan;
}

}  // namespace kapi::controllers::scheduler
