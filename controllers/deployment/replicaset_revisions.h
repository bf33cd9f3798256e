// How a Deployment names, recognises and annotates its ReplicaSets (upstream's deployment/util):
// pod-template-hash, the revision annotations, and finding the new ReplicaSet among the old.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "client/object_cache.h"

namespace kapi::controllers::rollout {

using json = client::json;

inline constexpr const char* kPodTemplateHashLabel = "pod-template-hash";
inline constexpr const char* kRevisionAnnotation = "deployment.kubernetes.io/revision";
inline constexpr const char* kRevisionHistoryAnnotation = "deployment.kubernetes.io/revision-history";
inline constexpr const char* kDesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
inline constexpr const char* kMaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";
inline constexpr size_t kMaxRevisionHistoryChars = 2000;

// The template with pod-template-hash removed from its labels (and labels removed if empty).
json template_without_hash(const json& pod_template);
// pod-template-hash for a Deployment's template: stable, blind to a pod-template-hash label.
std::string pod_template_hash(const json& pod_template, int64_t collision_count);
// Equal templates once pod-template-hash is ignored (how the new ReplicaSet is recognised).
bool templates_equal_ignoring_hash(const json& a, const json& b);

// The revision annotation as a number; 0 when absent or not a number.
int64_t revision_of(const json& rs);
int64_t max_revision(const std::vector<client::ObjectPtr>& sets);
std::optional<int64_t> int_annotation(const json& obj, const char* key);

// Oldest first (creationTimestamp, then name), as upstream's ReplicaSetsByCreationTimestamp.
void sort_oldest_first(std::vector<client::ObjectPtr>& sets);

// The oldest ReplicaSet whose template matches the Deployment's; null if none.
client::ObjectPtr find_new_replica_set(const json& deployment, std::vector<client::ObjectPtr> sets);

// The annotations a new (or re-used) ReplicaSet carries: the Deployment's own (except
// last-applied and deployment.kubernetes.io/*), the revision (only ever raised; the old number
// moves into revision-history, as on a rollback) and, for a set being created, desired/max
// replicas. Returns whether `rs` changed.
bool set_new_rs_annotations(const json& deployment, json& rs, int64_t new_revision, bool exists, int64_t max_surge);
// desired-replicas and max-replicas; returns whether they changed.
bool set_replicas_annotations(json& rs, int64_t desired, int64_t max_replicas);

}  // namespace kapi::controllers::rollout
