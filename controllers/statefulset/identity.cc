#include "controllers/statefulset/identity.h"

#include <algorithm>
#include <climits>
#include <initializer_list>

#include "controllers/common/owner_refs.h"
#include "registry/object_meta.h"

namespace kapi::controllers::statefulset {

namespace {

const json& null_json() {
  static const json kNull;
  return kNull;
}

// obj[k1][k2]...; null when any step is missing.
const json& field(const json& obj, std::initializer_list<const char*> path) {
  const json* at = &obj;
  for (const char* key : path) {
    if (!at->is_object()) return null_json();
    auto it = at->find(key);
    if (it == at->end()) return null_json();
    at = &*it;
  }
  return *at;
}

int64_t int_or(const json& value, int64_t fallback) {
  return value.is_number_integer() ? value.get<int64_t>() : fallback;
}

std::string string_or_empty(const json& value) { return value.is_string() ? value.get<std::string>() : ""; }

json& metadata(json& obj) {
  if (!obj["metadata"].is_object()) obj["metadata"] = json::object();
  return obj["metadata"];
}

json& labels(json& obj) {
  json& meta = metadata(obj);
  if (!meta["labels"].is_object()) meta["labels"] = json::object();
  return meta["labels"];
}

const json& templates_of(const json& set) { return field(set, {"spec", "volumeClaimTemplates"}); }

bool owned_by_uid(const json& obj, const std::string& uid) { return !uid.empty() && has_owner(obj, uid); }

void remove_owner(json& obj, const std::string& uid) {
  json& meta = metadata(obj);
  if (!meta.contains("ownerReferences") || !meta["ownerReferences"].is_array()) return;
  json kept = json::array();
  for (const auto& ref : meta["ownerReferences"])
    if (!ref.is_object() || ref.value("uid", "") != uid) kept.push_back(ref);
  if (kept.empty()) meta.erase("ownerReferences");
  else meta["ownerReferences"] = kept;
}

void add_owner(json& obj, const json& ref) {
  json& meta = metadata(obj);
  if (has_owner(obj, ref.value("uid", ""))) return;
  if (!meta["ownerReferences"].is_array()) meta["ownerReferences"] = json::array();
  meta["ownerReferences"].push_back(ref);
}

// A plain (non-controller) reference to the pod: the GC deletes the claim once the pod is gone.
json pod_owner_ref(const json& pod) {
  return {{"apiVersion", "v1"},
          {"kind", "Pod"},
          {"name", registry::meta_string(pod, "name")},
          {"uid", registry::meta_string(pod, "uid")}};
}

// Controlled by something that is neither this set nor this pod: the policy leaves it alone.
bool has_unexpected_controller(const json& claim, const json& set, const json& pod) {
  auto ref = controller_of(claim);
  if (!ref) return false;
  std::string uid = ref->value("uid", "");
  return uid != registry::meta_string(set, "uid") && uid != registry::meta_string(pod, "uid");
}

}  // namespace

int64_t replicas_of(const json& set) { return int_or(field(set, {"spec", "replicas"}), 1); }

int64_t start_ordinal(const json& set) { return int_or(field(set, {"spec", "ordinals", "start"}), 0); }

int64_t min_ready_seconds(const json& set) { return int_or(field(set, {"spec", "minReadySeconds"}), 0); }

bool allows_burst(const json& set) { return string_or_empty(field(set, {"spec", "podManagementPolicy"})) == "Parallel"; }

bool is_on_delete(const json& set) { return string_or_empty(field(set, {"spec", "updateStrategy", "type"})) == "OnDelete"; }

int64_t partition_of(const json& set) {
  return int_or(field(set, {"spec", "updateStrategy", "rollingUpdate", "partition"}), 0);
}

json typed_set(const json& set) {
  json typed = set;
  if (!typed.contains("apiVersion") || typed["apiVersion"] == "") typed["apiVersion"] = "apps/v1";
  if (!typed.contains("kind") || typed["kind"] == "") typed["kind"] = "StatefulSet";
  return typed;
}

std::string pod_name(const json& set, int64_t ordinal) {
  return registry::meta_string(set, "name") + "-" + std::to_string(ordinal);
}

std::pair<std::string, int64_t> parent_and_ordinal(const std::string& name) {
  auto dash = name.rfind('-');
  if (dash == std::string::npos || dash + 1 == name.size()) return {"", -1};
  std::string digits = name.substr(dash + 1);
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return {"", -1};
  // Upstream parses into 32 bits: anything larger is not an ordinal.
  if (digits.size() > 10) return {"", -1};
  int64_t ordinal = std::stoll(digits);
  if (ordinal > INT32_MAX) return {"", -1};
  return {name.substr(0, dash), ordinal};
}

int64_t ordinal_of(const json& pod) { return parent_and_ordinal(registry::meta_string(pod, "name")).second; }

bool is_member_of(const json& set, const json& pod) {
  auto [parent, ordinal] = parent_and_ordinal(registry::meta_string(pod, "name"));
  return ordinal >= 0 && parent == registry::meta_string(set, "name");
}

bool in_ordinal_range(const json& set, int64_t ordinal) {
  int64_t start = start_ordinal(set);
  return ordinal >= start && ordinal < start + replicas_of(set);
}

std::string pod_revision(const json& pod) { return string_or_empty(field(pod, {"metadata", "labels", kRevisionLabel})); }

json new_pod(const json& set, int64_t ordinal, const std::string& revision_name) {
  const json& tmpl = field(set, {"spec", "template"});
  std::string name = pod_name(set, ordinal);
  json pod = {{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", json::object()}};
  json& meta = pod["metadata"];
  for (const char* copied : {"labels", "annotations", "finalizers"}) {
    const json& value = field(tmpl, {"metadata", copied});
    if (!value.is_null()) meta[copied] = value;
  }
  meta["name"] = name;
  meta["generateName"] = registry::meta_string(set, "name") + "-";
  meta["namespace"] = registry::meta_string(set, "namespace");
  meta["ownerReferences"] = json::array({controller_ref(typed_set(set))});
  pod["spec"] = tmpl.contains("spec") ? tmpl["spec"] : json::object();
  update_identity(set, pod);
  pod["spec"]["hostname"] = name;
  std::string service = string_or_empty(field(set, {"spec", "serviceName"}));
  if (!service.empty()) pod["spec"]["subdomain"] = service;
  update_storage(set, pod);
  labels(pod)[kRevisionLabel] = revision_name;
  return pod;
}

bool identity_matches(const json& set, const json& pod) {
  auto [parent, ordinal] = parent_and_ordinal(registry::meta_string(pod, "name"));
  std::string name = registry::meta_string(pod, "name");
  return ordinal >= 0 && parent == registry::meta_string(set, "name") && name == pod_name(set, ordinal) &&
         registry::meta_string(pod, "namespace") == registry::meta_string(set, "namespace") &&
         string_or_empty(field(pod, {"metadata", "labels", kPodNameLabel})) == name &&
         string_or_empty(field(pod, {"metadata", "labels", kPodIndexLabel})) == std::to_string(ordinal);
}

void update_identity(const json& set, json& pod) {
  int64_t ordinal = ordinal_of(pod);
  std::string name = pod_name(set, ordinal);
  metadata(pod)["name"] = name;
  metadata(pod)["namespace"] = registry::meta_string(set, "namespace");
  labels(pod)[kPodNameLabel] = name;
  labels(pod)[kPodIndexLabel] = std::to_string(ordinal);
}

bool storage_matches(const json& set, const json& pod) {
  int64_t ordinal = ordinal_of(pod);
  if (ordinal < 0) return false;
  const json& volumes = field(pod, {"spec", "volumes"});
  for (const auto& tmpl : templates_of(set).is_array() ? templates_of(set) : json::array()) {
    std::string name = registry::meta_string(tmpl, "name");
    bool found = false;
    if (volumes.is_array())
      for (const auto& volume : volumes)
        if (volume.value("name", "") == name) {
          found = string_or_empty(field(volume, {"persistentVolumeClaim", "claimName"})) ==
                  claim_name(set, name, ordinal);
          break;
        }
    if (!found) return false;
  }
  return true;
}

void update_storage(const json& set, json& pod) {
  if (!templates_of(set).is_array() || templates_of(set).empty()) return;
  int64_t ordinal = ordinal_of(pod);
  json volumes = json::array();
  std::vector<std::string> claimed;
  for (const auto& tmpl : templates_of(set)) {
    std::string name = registry::meta_string(tmpl, "name");
    claimed.push_back(name);
    volumes.push_back({{"name", name}, {"persistentVolumeClaim", {{"claimName", claim_name(set, name, ordinal)}}}});
  }
  // A template volume of the same name is replaced by the claim.
  const json& current = field(pod, {"spec", "volumes"});
  if (current.is_array())
    for (const auto& volume : current)
      if (std::find(claimed.begin(), claimed.end(), volume.value("name", "")) == claimed.end())
        volumes.push_back(volume);
  pod["spec"]["volumes"] = volumes;
}

std::string claim_name(const json& set, const std::string& template_name, int64_t ordinal) {
  return template_name + "-" + registry::meta_string(set, "name") + "-" + std::to_string(ordinal);
}

std::vector<json> claims_for(const json& set, int64_t ordinal) {
  std::vector<json> claims;
  if (!templates_of(set).is_array()) return claims;
  const json& match_labels = field(set, {"spec", "selector", "matchLabels"});
  for (const auto& tmpl : templates_of(set)) {
    std::string template_name = registry::meta_string(tmpl, "name");
    json claim = {{"apiVersion", "v1"}, {"kind", "PersistentVolumeClaim"}, {"metadata", json::object()}};
    json& meta = claim["metadata"];
    for (const char* copied : {"labels", "annotations", "finalizers"}) {
      const json& value = field(tmpl, {"metadata", copied});
      if (!value.is_null()) meta[copied] = value;
    }
    meta["name"] = claim_name(set, template_name, ordinal);
    meta["namespace"] = registry::meta_string(set, "namespace");
    // The selector's labels win over the template's.
    if (match_labels.is_object())
      for (const auto& [key, value] : match_labels.items()) labels(claim)[key] = value;
    claim["spec"] = tmpl.contains("spec") ? tmpl["spec"] : json::object();
    claims.push_back(std::move(claim));
  }
  return claims;
}

RetentionPolicy retention_of(const json& set) {
  const json& policy = field(set, {"spec", "persistentVolumeClaimRetentionPolicy"});
  RetentionPolicy result;
  result.delete_when_deleted = string_or_empty(field(policy, {"whenDeleted"})) == "Delete";
  result.delete_when_scaled = string_or_empty(field(policy, {"whenScaled"})) == "Delete";
  return result;
}

bool claim_owners_up_to_date(const json& claim, const json& set, const json& pod) {
  std::string set_uid = registry::meta_string(set, "uid");
  std::string pod_uid = registry::meta_string(pod, "uid");
  bool set_ref = owned_by_uid(claim, set_uid);
  bool pod_ref = owned_by_uid(claim, pod_uid);
  if (has_unexpected_controller(claim, set, pod)) return !set_ref && !pod_ref;
  RetentionPolicy policy = retention_of(set);
  bool scaled_down = !in_ordinal_range(set, ordinal_of(pod));
  bool want_set = policy.delete_when_deleted && !(policy.delete_when_scaled && scaled_down);
  bool want_pod = policy.delete_when_scaled && scaled_down;
  return set_ref == want_set && pod_ref == want_pod;
}

void update_claim_owners(json& claim, const json& set, const json& pod) {
  std::string set_uid = registry::meta_string(set, "uid");
  std::string pod_uid = registry::meta_string(pod, "uid");
  if (has_unexpected_controller(claim, set, pod)) {
    remove_owner(claim, set_uid);
    if (!pod_uid.empty()) remove_owner(claim, pod_uid);
    return;
  }
  RetentionPolicy policy = retention_of(set);
  bool scaled_down = !in_ordinal_range(set, ordinal_of(pod));
  bool want_set = policy.delete_when_deleted && !(policy.delete_when_scaled && scaled_down);
  bool want_pod = policy.delete_when_scaled && scaled_down;
  if (want_set) add_owner(claim, controller_ref(typed_set(set)));
  else remove_owner(claim, set_uid);
  if (!pod_uid.empty()) {
    if (want_pod) add_owner(claim, pod_owner_ref(pod));
    else remove_owner(claim, pod_uid);
  }
}

bool claim_is_stale(const json& claim, const json& pod) {
  const json& refs = field(claim, {"metadata", "ownerReferences"});
  if (!refs.is_array()) return false;
  std::string name = registry::meta_string(pod, "name");
  std::string uid = registry::meta_string(pod, "uid");
  for (const auto& ref : refs)
    if (ref.is_object() && ref.value("kind", "") == "Pod" && ref.value("name", "") == name && ref.value("uid", "") != uid)
      return true;
  return false;
}

}  // namespace kapi::controllers::statefulset
