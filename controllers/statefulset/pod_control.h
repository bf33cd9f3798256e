// The writes a StatefulSet makes for its pods and their claims (upstream's StatefulPodControl),
// each with its event on the set: SuccessfulCreate "create Pod web-0 in StatefulSet web
// successful", "create Claim data-web-0 Pod web-0 in StatefulSet web success", and Warning
// Failed<Verb> "... failed error: <err>".
//
// Claims are read from the informer cache first; a claim the cache has not seen yet is created,
// and AlreadyExists then means it is there (the create is idempotent by name).
#pragma once

#include <optional>
#include <string>

#include "client/event_recorder.h"
#include "client/object_cache.h"

namespace kapi::controllers::statefulset {

using json = client::json;

class PodControl {
 public:
  PodControl(client::Client& api, const client::ObjectCache& claims, client::EventRecorder& recorder)
      : api_(api), claims_(claims), recorder_(recorder) {}

  // Claims first, then the pod; AlreadyExists on the pod is reported as `already_exists` (the
  // cache is behind), not as an error. Sets the claims' retention ownerRefs once the pod exists.
  std::optional<std::string> create_pod(const json& set, const json& pod, bool* already_exists);
  // The claims of a pod that exist already (Pending pods whose claims were deleted).
  std::optional<std::string> create_missing_claims(const json& set, const json& pod);
  // Deletes the pod as read (uid and resourceVersion preconditions); a pod already gone or
  // changed since is not an error (the pass ends and the next one decides again).
  std::optional<std::string> delete_pod(const json& set, const json& pod);
  // Fixes drifted identity or volumes with an Update (creating missing claims first).
  std::optional<std::string> update_pod(const json& set, const json& pod);

  // Claim ownerRefs as persistentVolumeClaimRetentionPolicy asks, for `pod` (as read).
  bool claims_match_retention(const json& set, const json& pod);
  std::optional<std::string> update_claims_for_retention(const json& set, const json& pod);
  // A claim of this pod is still owned by an earlier pod of the same name.
  bool claim_is_stale(const json& set, const json& pod);

 private:
  // The claim by name: from the cache, else live (nullopt: not found).
  std::optional<json> get_claim(const std::string& ns, const std::string& name, std::string* error);
  std::optional<std::string> create_claims(const json& set, const json& pod);
  void pod_event(const std::string& verb, const json& set, const json& pod, const std::optional<std::string>& error);
  void claim_event(const json& set, const json& pod, const json& claim, const std::optional<std::string>& error);

  client::Client& api_;
  const client::ObjectCache& claims_;
  client::EventRecorder& recorder_;
};

}  // namespace kapi::controllers::statefulset
