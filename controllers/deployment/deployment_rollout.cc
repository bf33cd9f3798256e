// The rollout strategies and proportional scaling of DeploymentController (upstream's
// rolling.go, recreate.go and sync.go). The numbers come from rolling_update_math.h.
#include <algorithm>
#include <map>

#include "controllers/common/owner_refs.h"
#include "controllers/common/pod_state.h"
#include "controllers/deployment/deployment_controller.h"
#include "controllers/deployment/deployment_status.h"
#include "controllers/deployment/object_fields.h"
#include "controllers/deployment/replicaset_revisions.h"
#include "controllers/deployment/rolling_update_math.h"

namespace kapi::controllers {

using namespace rollout;  // NOLINT: this folder's helpers
using registry::meta_string;
namespace resources = client::resources;

namespace {

using ObjectPtr = client::ObjectPtr;
using Sets = std::vector<ObjectPtr>;

int64_t sum_specs(const Sets& sets) {
  int64_t n = 0;
  for (const auto& rs : sets) n += replicas_of(*rs);
  return n;
}

// Created after b (names break ties), the reverse of sort_oldest_first's order.
bool newer(const ObjectPtr& a, const ObjectPtr& b) {
  auto ta = meta_string(*a, "creationTimestamp"), tb = meta_string(*b, "creationTimestamp");
  if (ta != tb) return ta > tb;
  return meta_string(*a, "name") > meta_string(*b, "name");
}

bool is_recreate(const client::json& d) { return d["spec"]["strategy"].value("type", "RollingUpdate") == "Recreate"; }

}  // namespace

DeploymentController::Error DeploymentController::sync_paused_or_scaled(json& d, const Sets& sets) {
  ObjectPtr new_rs;
  Sets old_sets;
  if (auto err = new_and_old_sets(d, sets, false, new_rs, old_sets)) return err;
  if (auto err = scale(d, new_rs, old_sets)) return err;
  if (d["spec"].value("paused", false))
    if (auto err = cleanup_old_sets(d, old_sets)) return err;
  Sets all = old_sets;
  if (new_rs) all.push_back(new_rs);
  return sync_status_only(d, all, new_rs);
}

bool DeploymentController::is_scaling_event(json& d, const Sets& sets, Error& error) {
  ObjectPtr new_rs;
  Sets old_sets;
  error = new_and_old_sets(d, sets, false, new_rs, old_sets);
  if (error) return false;
  if (new_rs) old_sets.push_back(new_rs);
  for (const auto& rs : old_sets) {
    if (replicas_of(*rs) == 0) continue;
    auto desired = int_annotation(*rs, kDesiredReplicasAnnotation);
    if (desired && *desired != replicas_of(d)) return true;
  }
  return false;
}

DeploymentController::Error DeploymentController::rollout_rolling(json& d, const Sets& sets) {
  ObjectPtr new_rs;
  Sets old_sets;
  if (auto err = new_and_old_sets(d, sets, true, new_rs, old_sets)) return err;
  auto all = [&] {
    Sets a = old_sets;
    a.push_back(new_rs);
    return a;
  };
  bool scaled = false;
  if (auto err = reconcile_new_set(d, all(), new_rs, scaled)) return err;
  if (scaled) return sync_rollout_status(d, all(), new_rs);

  Sets active_old;
  for (const auto& rs : old_sets)
    if (replicas_of(*rs) > 0) active_old.push_back(rs);
  if (auto err = reconcile_old_sets(d, active_old, new_rs, scaled)) return err;
  if (scaled) {
    // The scaled copies replace the cached ones for the status below.
    for (auto& rs : old_sets)
      for (const auto& updated : active_old)
        if (meta_string(*rs, "uid") == meta_string(*updated, "uid")) rs = updated;
    return sync_rollout_status(d, all(), new_rs);
  }
  if (deployment_complete(d, d.value("status", json::object())))
    if (auto err = cleanup_old_sets(d, old_sets)) return err;
  return sync_rollout_status(d, all(), new_rs);
}

DeploymentController::Error DeploymentController::rollout_recreate(json& d, const Sets& sets) {
  ObjectPtr new_rs;
  Sets old_sets;
  if (auto err = new_and_old_sets(d, sets, false, new_rs, old_sets)) return err;
  auto all = [&] {
    Sets a = old_sets;
    if (new_rs) a.push_back(new_rs);
    return a;
  };
  bool scaled_down = false;
  for (auto& rs : old_sets)
    if (replicas_of(*rs) > 0)
      if (auto err = resize(d, rs, 0, &scaled_down)) return err;
  if (scaled_down || old_pods_running(d, new_rs, old_sets)) return sync_rollout_status(d, all(), new_rs);

  if (!new_rs)
    if (auto err = new_and_old_sets(d, sets, true, new_rs, old_sets)) return err;
  if (auto err = resize(d, new_rs, replicas_of(d))) return err;
  if (deployment_complete(d, d.value("status", json::object())))
    if (auto err = cleanup_old_sets(d, old_sets)) return err;
  return sync_rollout_status(d, all(), new_rs);
}

DeploymentController::Error DeploymentController::reconcile_new_set(const json& d, const Sets& all, ObjectPtr& new_rs,
                                                                    bool& scaled) {
  const int64_t desired = replicas_of(d);
  const int64_t current = replicas_of(*new_rs);
  if (current == desired) return std::nullopt;
  if (current > desired) return resize(d, new_rs, desired, &scaled);
  return resize(d, new_rs, new_rs_replicas_rolling(desired, max_surge(d), sum_specs(all), current), &scaled);
}

DeploymentController::Error DeploymentController::reconcile_old_sets(const json& d, Sets& old_sets,
                                                                     const ObjectPtr& new_rs, bool& scaled) {
  if (sum_specs(old_sets) == 0) return std::nullopt;
  const int64_t desired = replicas_of(d);
  const int64_t unavailable = max_unavailable(d);
  const int64_t budget = max_scaled_down(sum_specs(old_sets) + replicas_of(*new_rs), desired, unavailable,
                                         replicas_of(*new_rs), available_of(*new_rs));
  if (budget <= 0) return std::nullopt;

  // Unavailable old pods go first: removing them costs no availability.
  sort_oldest_first(old_sets);
  int64_t cleaned = 0;
  for (auto& rs : old_sets) {
    if (cleaned >= budget) break;
    int64_t spec = replicas_of(*rs), available = available_of(*rs);
    if (spec == 0 || available >= spec) continue;
    int64_t down = std::min(budget - cleaned, spec - available);
    if (auto err = resize(d, rs, spec - down)) return err;
    cleaned += down;
  }

  // Then healthy ones, oldest set first, as far as availability allows.
  int64_t available_now = available_of(*new_rs);
  for (const auto& rs : old_sets) available_now += available_of(*rs);
  const int64_t min_available = desired - unavailable;
  int64_t scaled_down = 0;
  if (available_now > min_available) {
    const int64_t allowed = available_now - min_available;
    for (auto& rs : old_sets) {
      if (scaled_down >= allowed) break;
      int64_t spec = replicas_of(*rs);
      if (spec == 0) continue;
      int64_t down = std::min(spec, allowed - scaled_down);
      if (auto err = resize(d, rs, spec - down)) return err;
      scaled_down += down;
    }
  }
  scaled = cleaned + scaled_down > 0;
  return std::nullopt;
}

bool DeploymentController::old_pods_running(const json& d, const ObjectPtr& new_rs, const Sets& old_sets) const {
  int64_t old_replicas = 0;
  for (const auto& rs : old_sets) old_replicas += status_int(*rs, "replicas");
  if (old_replicas > 0) return true;
  std::set<std::string> old_uids;
  for (const auto& rs : old_sets) old_uids.insert(meta_string(*rs, "uid"));
  if (new_rs) old_uids.erase(meta_string(*new_rs, "uid"));
  auto selector = selector_of(d);
  for (const auto& pod : pods_.cache().by_index(client::kNamespaceIndex, meta_string(d, "namespace"))) {
    auto ref = controller_of(*pod);
    if (!ref || !old_uids.count(ref->value("uid", "")) || !selector->matches(labels_of(*pod))) continue;
    if (!is_pod_terminal(*pod)) return true;  // terminating pods still run until they are gone
  }
  return false;
}

// Proportional scaling: a new spec.replicas mid-rollout is shared between the sets by their size,
// so the surge and unavailability bounds still hold.
DeploymentController::Error DeploymentController::scale(const json& d, ObjectPtr& new_rs, Sets& old_sets) {
  const int64_t desired = replicas_of(d);
  // One active set (or none): it simply takes the new size.
  {
    std::stable_sort(old_sets.begin(), old_sets.end(), [](const ObjectPtr& a, const ObjectPtr& b) { return newer(a, b); });
    std::vector<ObjectPtr*> active;
    for (auto& rs : old_sets)
      if (replicas_of(*rs) > 0) active.push_back(&rs);
    if (new_rs && replicas_of(*new_rs) > 0) active.push_back(&new_rs);
    ObjectPtr* target = nullptr;
    if (active.size() == 1) target = active[0];
    else if (active.empty() && new_rs) target = &new_rs;
    else if (active.empty() && !old_sets.empty()) target = &old_sets[0];  // the newest old set
    if (active.size() <= 1) {
      if (!target || replicas_of(**target) == desired) return std::nullopt;
      return resize(d, *target, desired);
    }
  }
  // The new set already runs everything: the old ones go.
  if (new_rs && int_annotation(*new_rs, kDesiredReplicasAnnotation) == desired &&
      status_int(*new_rs, "availableReplicas") == desired && replicas_of(*new_rs) == desired) {
    for (auto& rs : old_sets)
      if (replicas_of(*rs) > 0)
        if (auto err = resize(d, rs, 0)) return err;
    return std::nullopt;
  }
  if (is_recreate(d)) return std::nullopt;

  std::vector<ObjectPtr*> sets;
  for (auto& rs : old_sets)
    if (replicas_of(*rs) > 0) sets.push_back(&rs);
  if (new_rs && replicas_of(*new_rs) > 0) sets.push_back(&new_rs);
  const int64_t surge = max_surge(d);
  const int64_t allowed = desired > 0 ? desired + surge : 0;
  int64_t total = 0;
  for (auto* rs : sets) total += replicas_of(**rs);
  const int64_t to_add = allowed - total;
  // Growing: bigger sets first, newer on ties; shrinking: bigger first, older on ties.
  std::stable_sort(sets.begin(), sets.end(), [to_add](ObjectPtr* a, ObjectPtr* b) {
    int64_t sa = replicas_of(**a), sb = replicas_of(**b);
    if (sa != sb) return sa > sb;
    return to_add > 0 ? newer(*a, *b) : newer(*b, *a);
  });
  std::map<const ObjectPtr*, int64_t> sizes;
  int64_t added = 0;
  for (auto* rs : sets) {
    int64_t share = 0;
    if (to_add != 0) {
      int64_t before = int_annotation(**rs, kMaxReplicasAnnotation).value_or(0);
      if (before == 0) before = status_int(d, "replicas");
      share = proportion(replicas_of(**rs), desired, desired + surge, before, to_add, added);
      added += share;
    }
    sizes[rs] = replicas_of(**rs) + share;
  }
  // Rounding leftovers go to the biggest set.
  if (to_add != added && !sets.empty()) sizes[sets[0]] = std::max<int64_t>(0, sizes[sets[0]] + to_add - added);
  for (auto* rs : sets)
    if (auto err = scale_set(d, *rs, sizes[rs])) return err;
  return std::nullopt;
}

// revisionHistoryLimit: empty old sets beyond it go, lowest revision first.
DeploymentController::Error DeploymentController::cleanup_old_sets(const json& d, const Sets& old_sets) {
  const json& limit_field = d["spec"].value("revisionHistoryLimit", json());
  if (!limit_field.is_number()) return std::nullopt;
  Sets alive;
  for (const auto& rs : old_sets)
    if (!is_terminating(*rs)) alive.push_back(rs);
  int64_t extra = static_cast<int64_t>(alive.size()) - limit_field.get<int64_t>();
  if (extra <= 0) return std::nullopt;
  sort_oldest_first(alive);
  std::stable_sort(alive.begin(), alive.end(),
                   [](const ObjectPtr& a, const ObjectPtr& b) { return revision_of(*a) < revision_of(*b); });
  for (int64_t i = 0; i < extra; ++i) {
    const json& rs = *alive[i];
    if (status_int(rs, "replicas") != 0 || replicas_of(rs) != 0 ||
        rs["metadata"].value("generation", int64_t{0}) > status_int(rs, "observedGeneration"))
      continue;  // still has pods, or its controller has not caught up
    client::DeleteOptions options;
    options.precondition_uid = meta_string(rs, "uid");
    auto removed = client_->remove(resources::kReplicaSets, meta_string(rs, "namespace"), meta_string(rs, "name"), options);
    if (!removed.ok() && removed.error().code != 404)
      return "deleting old replica set " + meta_string(rs, "name") + ": " + removed.error().message;
  }
  return std::nullopt;
}

DeploymentController::Error DeploymentController::scale_set(const json& d, ObjectPtr& rs, int64_t size) {
  const int64_t desired = replicas_of(d);
  const int64_t max_replicas = desired + max_surge(d);
  const int64_t from = replicas_of(*rs);
  json copy = *rs;
  bool annotations_changed = set_replicas_annotations(copy, desired, max_replicas);
  if (from == size && !annotations_changed) return std::nullopt;
  copy["spec"]["replicas"] = size;
  auto updated = client_->update(resources::kReplicaSets, meta_string(copy, "namespace"), copy);
  if (!updated.ok()) return "scaling replica set " + meta_string(copy, "name") + ": " + updated.error().message;
  rs = std::make_shared<const json>(with_kind(updated.value(), "ReplicaSet"));
  if (from != size)
    recorder_.event(d, client::kEventTypeNormal, "ScalingReplicaSet",
                    std::string("Scaled ") + (size > from ? "up" : "down") + " replica set " + meta_string(copy, "name") +
                        " from " + std::to_string(from) + " to " + std::to_string(size));
  return std::nullopt;
}

DeploymentController::Error DeploymentController::resize(const json& d, ObjectPtr& rs, int64_t size, bool* scaled) {
  if (replicas_of(*rs) == size) return std::nullopt;
  if (auto err = scale_set(d, rs, size)) return err;
  if (scaled) *scaled = true;
  return std::nullopt;
}

}  // namespace kapi::controllers
