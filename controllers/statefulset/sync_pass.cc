#include "controllers/statefulset/sync_pass.h"

#include <algorithm>
#include <functional>

#include "controllers/common/pod_state.h"
#include "controllers/statefulset/history.h"
#include "controllers/statefulset/identity.h"
#include "controllers/statefulset/revisions.h"
#include "registry/object_meta.h"

namespace kapi::controllers::statefulset {

namespace resources = client::resources;
using registry::meta_string;

namespace {

// Runs step(i) over n items. Monotonic (OrderedReady): stops at the first step that blocks or
// fails. Parallel: batches of 1, 2, 4, ... (upstream's slowStartBatch) that do not wait for each
// other; a failure stops the walk after its batch. True means the caller's pass ends here.
bool run_for_all(size_t n, bool monotonic, const std::function<bool(size_t, std::optional<std::string>&)>& step,
                 std::optional<std::string>& error) {
  if (monotonic) {
    for (size_t i = 0; i < n; i++)
      if (step(i, error) || error) return true;
    return false;
  }
  for (size_t done = 0, batch = 1; done < n; batch *= 2) {
    size_t end = std::min(n, done + batch);
    for (size_t i = done; i < end; i++) {
      std::optional<std::string> step_error;
      step(i, step_error);
      if (step_error && !error) error = step_error;
    }
    if (error) return true;
    done = end;
  }
  return false;
}

std::vector<const json*> pointers(const std::vector<json>& a, const std::vector<json>& b) {
  std::vector<const json*> all;
  for (const auto& p : a) all.push_back(&p);
  for (const auto& p : b) all.push_back(&p);
  return all;
}

}  // namespace

std::optional<std::string> SyncPass::run(const json& set, const std::vector<json>& pods, std::vector<json> revisions,
                                         std::optional<SetStatus>* status) {
  sort_revisions(revisions);
  auto picked = pick_revisions(api_, set, revisions);
  if (auto* error = std::get_if<std::string>(&picked)) return *error;
  const RevisionPair& pair = std::get<RevisionPair>(picked);

  SetStatus computed;
  computed.collision_count = pair.collision_count;
  std::optional<std::string> error = update_pods(set, pair.current, pair.update, pods, computed);
  // The status is written even when a step failed: it says what the pass saw.
  if (auto status_error = write_status(set, computed); status_error && !error) error = status_error;
  *status = computed;
  auto truncated = truncate_history(api_, set, pods, revisions, meta_string(pair.current, "name"),
                                    meta_string(pair.update, "name"));
  return error ? error : truncated;
}

std::optional<std::string> SyncPass::update_pods(const json& set, const json& current_revision,
                                                 const json& update_revision, const std::vector<json>& pods,
                                                 SetStatus& status) {
  const json current_set = apply_revision(set, current_revision);
  const json update_set = apply_revision(set, update_revision);
  const std::string current_name = meta_string(current_revision, "name");
  const std::string update_name = meta_string(update_revision, "name");
  const int64_t min_ready = min_ready_seconds(set);

  status.observed_generation = set["metadata"].value("generation", int64_t{0});
  status.current_revision = current_name;
  status.update_revision = update_name;

  // Split into replicas (in range, by ordinal) and condemned (out of range, highest first).
  const int64_t start = start_ordinal(set);
  const int64_t count = std::max<int64_t>(replicas_of(set), 0);
  std::vector<json> replicas(static_cast<size_t>(count));
  std::vector<bool> present(replicas.size(), false);
  std::vector<json> condemned;
  for (const auto& pod : pods) {
    int64_t ordinal = ordinal_of(pod);
    if (ordinal < 0 || meta_string(pod, "name") != pod_name(set, ordinal)) continue;
    if (in_ordinal_range(set, ordinal)) {
      replicas[static_cast<size_t>(ordinal - start)] = pod;
      present[static_cast<size_t>(ordinal - start)] = true;
    } else {
      condemned.push_back(pod);
    }
  }
  // Gaps get new pods: below start+partition at the current revision, the rest at the update one.
  for (size_t i = 0; i < replicas.size(); i++) {
    if (present[i]) continue;
    int64_t ordinal = start + static_cast<int64_t>(i);
    bool at_current = !is_on_delete(set) && ordinal < start + partition_of(set);
    replicas[i] = at_current ? new_pod(current_set, ordinal, current_name) : new_pod(update_set, ordinal, update_name);
  }
  std::sort(condemned.begin(), condemned.end(),
            [](const json& a, const json& b) { return ordinal_of(a) > ordinal_of(b); });

  const json* first_unhealthy = nullptr;
  for (const auto& pod : replicas)
    if (!first_unhealthy && !is_healthy(pod)) first_unhealthy = &pod;
  for (auto it = condemned.rbegin(); it != condemned.rend(); ++it)
    if (!first_unhealthy && !is_healthy(*it)) first_unhealthy = &*it;

  auto recount = [&] { status.count(pointers(replicas, condemned), min_ready, now_); };
  recount();
  // A set being deleted only reports.
  if (is_terminating(set)) return std::nullopt;

  const bool monotonic = !allows_burst(set);
  std::optional<std::string> error;
  if (run_for_all(replicas.size(), monotonic,
                  [&](size_t i, std::optional<std::string>& e) { return process_replica(set, update_set, monotonic, replicas[i], e); },
                  error))
    return error;

  // Claims of condemned pods get their retention refs before the pods go.
  auto fix_claims = [&](size_t i, std::optional<std::string>& e) {
    if (control_.claims_match_retention(update_set, condemned[i])) return false;
    e = control_.update_claims_for_retention(update_set, condemned[i]);
    return e.has_value();
  };
  if (run_for_all(condemned.size(), monotonic, fix_claims, error)) return error;

  // Scale down, highest ordinal first; in monotonic mode every replica is healthy by now.
  if (run_for_all(condemned.size(), monotonic,
                  [&](size_t i, std::optional<std::string>& e) {
                    return process_condemned(set, first_unhealthy, monotonic, condemned[i], e);
                  },
                  error))
    return error;

  if (is_on_delete(set)) return std::nullopt;

  // Rolling update: from the highest ordinal down to the partition, delete the first pod not at
  // the update revision; wait on any unhealthy pod on the way.
  const int64_t update_min = partition_of(set);
  for (int64_t target = count - 1; target >= update_min && target >= 0; target--) {
    const json& pod = replicas[static_cast<size_t>(target)];
    if (pod_revision(pod) != update_name && !is_terminating(pod)) {
      if (auto e = control_.delete_pod(set, pod)) return e;
      status.current_replicas--;
      return std::nullopt;
    }
    if (!is_healthy(pod)) return std::nullopt;
  }
  return std::nullopt;
}

bool SyncPass::process_replica(const json& set, const json& update_set, bool monotonic, const json& pod,
                               std::optional<std::string>& error) {
  // A finished pod is deleted; the same name comes back once the old object is gone.
  if (is_pod_terminal(pod)) {
    if (!is_terminating(pod)) error = control_.delete_pod(set, pod);
    return true;
  }
  if (!is_created(pod)) {
    // A claim still owned by the previous pod of this name is about to be collected: wait.
    if (control_.claim_is_stale(set, pod)) return true;
    bool already_exists = false;
    error = control_.create_pod(set, pod, &already_exists);
    // Already there: the cache is behind; its add event brings the set back.
    return monotonic || already_exists || error;
  }
  if (pod_phase(pod) == "Pending") {
    error = control_.create_missing_claims(set, pod);
    if (error) return true;
  }
  if (!monotonic) {
    // Parallel does not wait on pod health, but does not touch a terminating pod.
    if (is_terminating(pod)) return false;
  } else if (is_terminating(pod) || !is_running_and_ready(pod) ||
             !is_running_and_available(pod, min_ready_seconds(set), now_)) {
    return true;
  }
  // Enforce the identity, storage and claim-retention invariants.
  if (identity_matches(set, pod) && storage_matches(set, pod) && control_.claims_match_retention(update_set, pod))
    return false;
  error = control_.update_pod(update_set, pod);
  return error.has_value();
}

bool SyncPass::process_condemned(const json& set, const json* first_unhealthy, bool monotonic, const json& pod,
                                 std::optional<std::string>& error) {
  if (is_terminating(pod)) return monotonic;
  // Monotonic: only the first unhealthy pod may go while unhealthy; others wait.
  if (monotonic && &pod != first_unhealthy &&
      (!is_running_and_ready(pod) || !is_running_and_available(pod, min_ready_seconds(set), now_)))
    return true;
  error = control_.delete_pod(set, pod);
  return monotonic || error.has_value();
}

std::optional<std::string> SyncPass::write_status(const json& set, SetStatus& status) {
  status.complete_rolling_update(set);
  if (!status.differs_from(set)) return std::nullopt;
  json body = {{"status", status.to_json()}};
  client::PatchOptions options;
  options.subresource = "status";
  auto patched = api_.patch(resources::kStatefulSets, meta_string(set, "namespace"), meta_string(set, "name"),
                            client::PatchType::kMerge, body.dump(), options);
  if (!patched.ok()) return "failed to update status: " + patched.error().message;
  return std::nullopt;
}

}  // namespace kapi::controllers::statefulset
