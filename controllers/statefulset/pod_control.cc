#include "controllers/statefulset/pod_control.h"

#include <cctype>

#include "controllers/common/pod_state.h"
#include "controllers/statefulset/identity.h"
#include "registry/object_meta.h"

namespace kapi::controllers::statefulset {

namespace resources = client::resources;
using registry::meta_string;

namespace {
std::string title(const std::string& verb) {
  std::string t = verb;
  if (!t.empty()) t[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(t[0])));
  return t;
}
}  // namespace

void PodControl::pod_event(const std::string& verb, const json& set, const json& pod,
                           const std::optional<std::string>& error) {
  std::string head = verb + " Pod " + meta_string(pod, "name") + " in StatefulSet " + meta_string(set, "name");
  if (error) recorder_.event(typed_set(set), client::kEventTypeWarning, "Failed" + title(verb), head + " failed error: " + *error);
  else recorder_.event(typed_set(set), client::kEventTypeNormal, "Successful" + title(verb), head + " successful");
}

void PodControl::claim_event(const json& set, const json& pod, const json& claim, const std::optional<std::string>& error) {
  std::string claim_name = meta_string(claim, "name"), pod_name = meta_string(pod, "name"), set_name = meta_string(set, "name");
  if (error)
    recorder_.event(typed_set(set), client::kEventTypeWarning, "FailedCreate",
                    "create Claim " + claim_name + " for Pod " + pod_name + " in StatefulSet " + set_name +
                        " failed error: " + *error);
  else
    recorder_.event(typed_set(set), client::kEventTypeNormal, "SuccessfulCreate",
                    "create Claim " + claim_name + " Pod " + pod_name + " in StatefulSet " + set_name + " success");
}

std::optional<json> PodControl::get_claim(const std::string& ns, const std::string& name, std::string* error) {
  if (auto cached = claims_.get(ns, name)) return *cached;
  auto live = api_.get(resources::kPersistentVolumeClaims, ns, name);
  if (live.ok()) return live.value();
  if (live.error().code != 404 && error) *error = live.error().message;
  return std::nullopt;
}

std::optional<std::string> PodControl::create_claims(const json& set, const json& pod) {
  std::string errors;
  auto add_error = [&](const std::string& e) { errors += (errors.empty() ? "" : "; ") + e; };
  for (json claim : claims_for(set, ordinal_of(pod))) {
    std::string ns = meta_string(claim, "namespace"), name = meta_string(claim, "name");
    std::optional<json> existing;
    if (auto cached = claims_.get(ns, name)) existing = *cached;
    if (!existing) {
      // Claims the set deletes with it carry their ref from the start.
      update_claim_owners(claim, set, pod);
      auto made = api_.create(resources::kPersistentVolumeClaims, ns, claim);
      if (made.ok()) {
        claim_event(set, pod, claim, std::nullopt);
        continue;
      }
      if (made.error().reason != "AlreadyExists") {
        add_error("failed to create PVC " + name + ": " + made.error().message);
        claim_event(set, pod, claim, made.error().message);
        continue;
      }
      auto live = api_.get(resources::kPersistentVolumeClaims, ns, name);
      if (!live.ok()) {
        add_error("failed to retrieve PVC " + name + ": " + live.error().message);
        continue;
      }
      existing = live.value();
    }
    if (is_terminating(*existing)) add_error("pvc " + name + " is being deleted");
  }
  if (errors.empty()) return std::nullopt;
  return errors;
}

std::optional<std::string> PodControl::create_pod(const json& set, const json& pod, bool* already_exists) {
  *already_exists = false;
  if (auto error = create_claims(set, pod)) {
    pod_event("create", set, pod, error);
    return error;
  }
  auto made = api_.create(resources::kPods, meta_string(pod, "namespace"), pod);
  if (!made.ok() && made.error().reason == "AlreadyExists") {
    *already_exists = true;
    return std::nullopt;
  }
  if (!made.ok()) {
    pod_event("create", set, pod, made.error().message);
    return made.error().message;
  }
  if (auto error = update_claims_for_retention(set, made.value())) {
    pod_event("update", set, pod, error);
    return error;
  }
  pod_event("create", set, pod, std::nullopt);
  return std::nullopt;
}

std::optional<std::string> PodControl::create_missing_claims(const json& set, const json& pod) {
  return create_claims(set, pod);
}

std::optional<std::string> PodControl::delete_pod(const json& set, const json& pod) {
  client::DeleteOptions options;
  // Exactly the state the pass reasoned about: a pod that changed since (or was already deleted
  // and recreated) is left to the next pass instead of being deleted on stale information.
  options.precondition_uid = meta_string(pod, "uid");
  options.precondition_resource_version = meta_string(pod, "resourceVersion");
  auto removed = api_.remove(resources::kPods, meta_string(pod, "namespace"), meta_string(pod, "name"), options);
  if (removed.ok()) {
    pod_event("delete", set, pod, std::nullopt);
    return std::nullopt;
  }
  // Gone already, or changed since it was read: the next pass sees the news.
  if (removed.error().code == 404 || removed.error().code == 409) return std::nullopt;
  pod_event("delete", set, pod, removed.error().message);
  return removed.error().message;
}

std::optional<std::string> PodControl::update_pod(const json& set, const json& pod) {
  json updated = pod;
  if (!identity_matches(set, updated)) update_identity(set, updated);
  if (!storage_matches(set, updated)) {
    update_storage(set, updated);
    if (auto error = create_claims(set, updated)) {
      pod_event("update", set, pod, error);
      return error;
    }
  }
  if (!claims_match_retention(set, pod)) {
    if (auto error = update_claims_for_retention(set, pod)) {
      pod_event("update", set, pod, error);
      return error;
    }
  }
  if (updated == pod) return std::nullopt;
  auto written = api_.update(resources::kPods, meta_string(pod, "namespace"), updated);
  std::optional<std::string> error;
  if (!written.ok()) error = written.error().message;
  pod_event("update", set, pod, error);
  return error;
}

bool PodControl::claims_match_retention(const json& set, const json& pod) {
  for (const auto& wanted : claims_for(set, ordinal_of(pod))) {
    auto claim = claims_.get(meta_string(wanted, "namespace"), meta_string(wanted, "name"));
    // A missing claim is picked up by a later pass.
    if (claim && !claim_owners_up_to_date(*claim, set, pod)) return false;
  }
  return true;
}

std::optional<std::string> PodControl::update_claims_for_retention(const json& set, const json& pod) {
  for (const auto& wanted : claims_for(set, ordinal_of(pod))) {
    std::string ns = meta_string(wanted, "namespace"), name = meta_string(wanted, "name");
    std::string error;
    auto claim = get_claim(ns, name, &error);
    if (!error.empty())
      return "could not retrieve claim " + name + " for " + meta_string(pod, "name") +
             " when checking PVC deletion policy: " + error;
    if (!claim || claim_owners_up_to_date(*claim, set, pod)) continue;
    json updated = *claim;
    update_claim_owners(updated, set, pod);
    auto written = api_.update(resources::kPersistentVolumeClaims, ns, updated);
    if (!written.ok())
      return "could not update claim " + name + " for delete policy ownerRefs: " + written.error().message;
  }
  return std::nullopt;
}

bool PodControl::claim_is_stale(const json& set, const json& pod) {
  // Claims kept on scale-down are meant to be reused: never stale.
  if (!retention_of(set).delete_when_scaled) return false;
  for (const auto& wanted : claims_for(set, ordinal_of(pod))) {
    auto claim = claims_.get(meta_string(wanted, "namespace"), meta_string(wanted, "name"));
    if (claim && statefulset::claim_is_stale(*claim, pod)) return true;
  }
  return false;
}

}  // namespace kapi::controllers::statefulset
