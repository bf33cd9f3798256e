// A StatefulSet's stable identities (upstream's stateful_set_utils.go): pod names and ordinals,
// the labels and hostname a pod carries, the claims made from volumeClaimTemplates, and the
// ownerReferences through which persistentVolumeClaimRetentionPolicy works.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "client/client.h"

namespace kapi::controllers::statefulset {

using json = client::json;

inline constexpr const char* kPodNameLabel = "statefulset.kubernetes.io/pod-name";
inline constexpr const char* kPodIndexLabel = "apps.kubernetes.io/pod-index";
inline constexpr const char* kRevisionLabel = "controller-revision-hash";

// --- the set's spec, with upstream's defaults for fields a client may omit
int64_t replicas_of(const json& set);
int64_t start_ordinal(const json& set);           // spec.ordinals.start, 0 by default
int64_t min_ready_seconds(const json& set);
bool allows_burst(const json& set);               // podManagementPolicy Parallel
bool is_on_delete(const json& set);               // updateStrategy.type OnDelete
int64_t partition_of(const json& set);            // rollingUpdate.partition, 0 by default
// The set as an owner: its own apiVersion/kind, or apps/v1 StatefulSet when a list left them out.
json typed_set(const json& set);

// --- names and ordinals
std::string pod_name(const json& set, int64_t ordinal);
// "<parent>-<ordinal>" as `(.*)-([0-9]+)$` reads it; ordinal -1 when it does not parse.
std::pair<std::string, int64_t> parent_and_ordinal(const std::string& name);
int64_t ordinal_of(const json& pod);
// The pod's name says it belongs to this set.
bool is_member_of(const json& set, const json& pod);
bool in_ordinal_range(const json& set, int64_t ordinal);
std::string pod_revision(const json& pod);        // its controller-revision-hash label

// --- building and checking pods
// A new pod for `ordinal` from `set`'s template (the set as a revision applied it), with its
// identity, claim volumes, controller ref and revision label.
json new_pod(const json& set, int64_t ordinal, const std::string& revision_name);
bool identity_matches(const json& set, const json& pod);
void update_identity(const json& set, json& pod);
bool storage_matches(const json& set, const json& pod);
void update_storage(const json& set, json& pod);

// --- claims
std::string claim_name(const json& set, const std::string& template_name, int64_t ordinal);
// The claims the pod at `ordinal` uses, as they would be created (no ownerReferences).
std::vector<json> claims_for(const json& set, int64_t ordinal);

// persistentVolumeClaimRetentionPolicy: Delete (true) or Retain (false) for each event.
struct RetentionPolicy {
  bool delete_when_deleted = false;
  bool delete_when_scaled = false;
};
RetentionPolicy retention_of(const json& set);
// Whether the claim's ownerReferences are what the policy asks for, for `pod` (the pod object as
// read; its ordinal decides whether it is scaled down).
bool claim_owners_up_to_date(const json& claim, const json& set, const json& pod);
// Sets and removes the set's and the pod's refs on `claim` as the policy asks.
void update_claim_owners(json& claim, const json& set, const json& pod);
// A claim still owned by an earlier pod of this name (a uid other than `pod`'s, or any uid when
// `pod` has none yet): it is about to be garbage-collected, so the pod must wait for it.
bool claim_is_stale(const json& claim, const json& pod);

}  // namespace kapi::controllers::statefulset
