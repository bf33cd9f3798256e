#include "controllers/pvbinder/volume_matching.h"

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <set>

#include "controllers/pvbinder/volume_helpers.h"
#include "registry/object_meta.h"
#include "registry/quantity.h"
#include "registry/selector/label_selector.h"

namespace kapi::controllers::pvbinder {

namespace {

using ModeSet = std::set<std::string>;

ModeSet access_modes(const json& obj) {
  ModeSet modes;
  auto spec = obj.find("spec");
  if (spec == obj.end() || !spec->is_object()) return modes;
  auto list = spec->find("accessModes");
  if (list == spec->end() || !list->is_array()) return modes;
  for (const auto& m : *list)
    if (m.is_string()) modes.insert(m.get<std::string>());
  return modes;
}

std::optional<registry::Quantity> quantity_at(const json& obj, std::initializer_list<const char*> path) {
  const json* at = &obj;
  for (const char* step : path) {
    if (!at->is_object()) return std::nullopt;
    auto it = at->find(step);
    if (it == at->end()) return std::nullopt;
    at = &*it;
  }
  auto parsed = registry::Quantity::from_json(*at);
  if (!std::holds_alternative<registry::Quantity>(parsed)) return std::nullopt;
  return std::get<registry::Quantity>(parsed);
}

registry::Quantity requested(const json& claim) {
  return quantity_at(claim, {"spec", "resources", "requests", "storage"}).value_or(registry::Quantity());
}

std::optional<registry::Quantity> capacity(const json& volume) {
  return quantity_at(volume, {"spec", "capacity", "storage"});
}

std::string volume_mode(const json& obj) {
  std::string mode = text_at(obj, "spec", "volumeMode");
  return mode.empty() ? "Filesystem" : mode;
}

bool has_claim_ref(const json& volume) {
  auto spec = volume.find("spec");
  return spec != volume.end() && spec->is_object() && spec->contains("claimRef") && (*spec)["claimRef"].is_object();
}

bool selector_matches(const json& claim, const json& volume) {
  auto spec = claim.find("spec");
  if (spec == claim.end() || !spec->is_object()) return true;
  auto sel = spec->find("selector");
  if (sel == spec->end() || sel->is_null()) return true;
  auto parsed = registry::selector::LabelSelector::from_json(*sel);
  if (!std::holds_alternative<registry::selector::LabelSelector>(parsed)) return false;
  const json* labels = registry::meta_field(volume, "labels");
  return std::get<registry::selector::LabelSelector>(parsed).matches(labels ? *labels : json());
}

// One matchExpressions entry against a labels map (or a node field for matchFields).
bool requirement_matches(const json& req, const json& labels) {
  std::string key = req.value("key", "");
  std::string op = req.value("operator", "");
  bool present = labels.is_object() && labels.contains(key) && labels[key].is_string();
  std::string value = present ? labels[key].get<std::string>() : "";
  const json values = req.value("values", json::array());
  auto in_values = [&] { return std::find(values.begin(), values.end(), value) != values.end(); };
  if (op == "In") return present && in_values();
  if (op == "NotIn") return !present || !in_values();
  if (op == "Exists") return present;
  if (op == "DoesNotExist") return !present;
  if ((op == "Gt" || op == "Lt") && present && values.size() == 1 && values[0].is_string()) {
    try {
      long long have = std::stoll(value), want = std::stoll(values[0].get<std::string>());
      return op == "Gt" ? have > want : have < want;
    } catch (...) {
      return false;
    }
  }
  return false;
}

bool term_matches(const json& term, const json& node) {
  const json* labels = registry::meta_field(node, "labels");
  json fields = {{"metadata.name", registry::meta_string(node, "name")}};
  bool any = false;
  for (const auto& req : term.value("matchExpressions", json::array())) {
    any = true;
    if (!requirement_matches(req, labels ? *labels : json())) return false;
  }
  for (const auto& req : term.value("matchFields", json::array())) {
    any = true;
    if (!requirement_matches(req, fields)) return false;
  }
  return any;  // an empty term selects nothing, as upstream
}

// Upstream's FindMatchingVolume over one access-mode group.
ObjectPtr find_in_group(const json& claim, const std::vector<ObjectPtr>& volumes, const MatchOptions& options) {
  const registry::Quantity request = requested(claim);
  const std::string cls = claim_class(claim);
  const ModeSet claim_modes = access_modes(claim);
  ObjectPtr smallest;
  std::optional<registry::Quantity> smallest_size;
  for (const auto& volume : volumes) {
    const json& pv = *volume;
    if (has_claim_ref(pv) && !is_volume_bound_to_claim(pv, claim)) continue;
    auto size = capacity(pv);
    if (!size || *size < request) continue;
    if (volume_mode(pv) != volume_mode(claim)) continue;
    if (is_terminating(pv)) continue;
    bool affinity_ok = !options.node || node_affinity_matches(pv, *options.node);
    if (is_volume_bound_to_claim(pv, claim)) {
      if (!affinity_ok) return nullptr;
      return volume;
    }
    if (!options.node && options.delay_binding) continue;  // the scheduler binds these
    if (phase_of(pv) != "Available") continue;
    if (!selector_matches(claim, pv)) continue;
    if (volume_class(pv) != cls) continue;
    if (!affinity_ok) continue;
    if (options.node) {
      ModeSet modes = access_modes(pv);
      if (!std::includes(modes.begin(), modes.end(), claim_modes.begin(), claim_modes.end())) continue;
    }
    if (!smallest || *smallest_size > *size) {
      smallest = volume;
      smallest_size = size;
    }
  }
  return smallest;
}

}  // namespace

ObjectPtr find_best_match(const json& claim, const std::vector<ObjectPtr>& volumes, const MatchOptions& options) {
  // Access-mode sets of the volumes that include every mode the claim asks for, fewest modes first.
  const ModeSet wanted = access_modes(claim);
  std::vector<ModeSet> groups;
  for (const auto& volume : volumes) {
    ModeSet modes = access_modes(*volume);
    if (!std::includes(modes.begin(), modes.end(), wanted.begin(), wanted.end())) continue;
    if (std::find(groups.begin(), groups.end(), modes) == groups.end()) groups.push_back(modes);
  }
  std::stable_sort(groups.begin(), groups.end(), [](const ModeSet& a, const ModeSet& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  });
  for (const auto& group : groups) {
    std::vector<ObjectPtr> members;
    for (const auto& volume : volumes)
      if (access_modes(*volume) == group) members.push_back(volume);
    if (auto found = find_in_group(claim, members, options)) return found;
  }
  return nullptr;
}

std::string volume_mismatch(const json& volume, const json& claim) {
  if (is_terminating(volume)) return "the volume is marked for deletion \"" + registry::meta_string(volume, "name") + "\"";
  auto size = capacity(volume);
  if (!size || *size < requested(claim)) return "requested PV is too small";
  if (volume_class(volume) != claim_class(claim)) return "storageClassName does not match";
  if (volume_mode(volume) != volume_mode(claim)) return "incompatible volumeMode";
  ModeSet have = access_modes(volume), want = access_modes(claim);
  if (!std::includes(have.begin(), have.end(), want.begin(), want.end())) return "incompatible accessMode";
  return "";
}

bool node_affinity_matches(const json& volume, const json& node) {
  auto spec = volume.find("spec");
  if (spec == volume.end() || !spec->is_object()) return true;
  auto affinity = spec->find("nodeAffinity");
  if (affinity == spec->end() || !affinity->is_object()) return true;
  auto required = affinity->find("required");
  if (required == affinity->end() || !required->is_object()) return true;
  for (const auto& term : required->value("nodeSelectorTerms", json::array()))
    if (term_matches(term, node)) return true;
  return false;
}

}  // namespace kapi::controllers::pvbinder
