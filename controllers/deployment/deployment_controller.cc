#include "controllers/deployment/deployment_controller.h"

#include "controllers/common/claim.h"
#include "controllers/common/owner_refs.h"
#include "controllers/common/pod_state.h"
#include "controllers/deployment/deployment_status.h"
#include "controllers/deployment/object_fields.h"
#include "controllers/deployment/replicaset_revisions.h"
#include "controllers/deployment/rolling_update_math.h"
#include "controllers/factories.h"

namespace kapi::controllers {

using namespace rollout;  // NOLINT: this folder's helpers
using registry::meta_string;
namespace resources = client::resources;

DeploymentController::DeploymentController(ControllerContext& context)
    : client_(context.client_for("deployment-controller")),
      deployments_(context.informers->informer(resources::kDeployments)),
      sets_(context.informers->informer(resources::kReplicaSets)),
      pods_(context.informers->informer(resources::kPods)),
      queue_("deployment", context.clock),
      recorder_(client_, {"deployment-controller", ""}),
      workers_(context.options.workers) {
  auto enqueue = [this](const ObjectPtr& d) { queue_.add(client::object_key(*d)); };
  deployments_.add_handlers({enqueue, [enqueue](const ObjectPtr&, const ObjectPtr& d) { enqueue(d); }, enqueue});
  sets_.add_handlers({[this](const ObjectPtr& rs) { replica_set_changed(nullptr, rs); },
                      [this](const ObjectPtr& old_rs, const ObjectPtr& rs) { replica_set_changed(old_rs, rs); },
                      [this](const ObjectPtr& rs) {
                        if (auto key = owner_key(*rs)) queue_.add(*key);
                      }});
  // Recreate waits for old pods to be gone: their deletion is the event to look again on.
  pods_.add_handlers({nullptr, nullptr, [this](const ObjectPtr& pod) { pod_deleted(*pod); }});
  runner_ = std::make_unique<client::ControllerRunner>(queue_, [this](const std::string& key) { return sync(key); });
}

// --- handlers ---

std::optional<std::string> DeploymentController::owner_key(const json& rs) const {
  auto ref = controller_of(rs);
  if (!ref || ref->value("kind", "") != "Deployment") return std::nullopt;
  auto d = deployments_.cache().get(meta_string(rs, "namespace"), ref->value("name", ""));
  if (!d || meta_string(*d, "uid") != ref->value("uid", "")) return std::nullopt;
  return client::object_key(*d);
}

void DeploymentController::enqueue_matching_deployments(const json& rs) {
  for (const auto& d : deployments_.cache().by_index(client::kNamespaceIndex, meta_string(rs, "namespace"))) {
    auto selector = selector_of(*d);
    if (selector && !selector->empty() && selector->matches(labels_of(rs))) queue_.add(client::object_key(*d));
  }
}

void DeploymentController::replica_set_changed(const ObjectPtr& old_rs, const ObjectPtr& rs) {
  if (old_rs) {
    if (meta_string(*old_rs, "resourceVersion") == meta_string(*rs, "resourceVersion")) return;
    if (controller_of(*old_rs).value_or(json()) != controller_of(*rs).value_or(json()))
      if (auto key = owner_key(*old_rs)) queue_.add(*key);
  }
  if (controller_of(*rs)) {
    if (auto key = owner_key(*rs)) queue_.add(*key);
    return;
  }
  if (!old_rs || labels_of(*old_rs) != labels_of(*rs) || controller_of(*old_rs)) enqueue_matching_deployments(*rs);
}

void DeploymentController::pod_deleted(const json& pod) {
  auto ref = controller_of(pod);
  if (!ref || ref->value("kind", "") != "ReplicaSet") return;
  auto rs = sets_.cache().get(meta_string(pod, "namespace"), ref->value("name", ""));
  if (!rs) return;
  auto key = owner_key(*rs);
  if (!key) return;
  auto d = deployments_.cache().get(*key);
  if (d && (*d)["spec"]["strategy"].value("type", "") == "Recreate") queue_.add(*key);
}

// --- sync ---

DeploymentController::Error DeploymentController::sync(const std::string& key) {
  auto cached = deployments_.cache().get(key);
  if (!cached) return std::nullopt;  // deleted: the garbage collector removes its sets
  json d = with_kind(*cached, "Deployment");

  auto selector = selector_of(d);
  if (!selector || selector->empty()) {
    // Selecting every pod would fight every other controller: refuse, as upstream.
    recorder_.event(d, client::kEventTypeWarning, "SelectingAll",
                    "This deployment is selecting all pods. A non-empty selector is required.");
    if (status_int(d, "observedGeneration") < d["metadata"].value("generation", int64_t{0})) {
      json status = d.value("status", json::object());
      status["observedGeneration"] = d["metadata"].value("generation", int64_t{0});
      return write_status(d, status);
    }
    return std::nullopt;
  }

  Sets sets;
  if (auto err = claim_replica_sets(d, sets)) return err;

  Error result;
  if (is_terminating(d)) {
    ObjectPtr new_rs;
    Sets old_sets;
    if (auto err = new_and_old_sets(d, sets, false, new_rs, old_sets)) return err;
    Sets all = old_sets;
    if (new_rs) all.push_back(new_rs);
    return sync_status_only(d, all, new_rs);
  }
  if (auto err = check_paused_conditions(d)) return err;
  if (d["spec"].value("paused", false)) {
    result = sync_paused_or_scaled(d, sets);
  } else {
    Error scaling_error;
    bool scaling = is_scaling_event(d, sets, scaling_error);
    if (scaling_error) return scaling_error;
    if (scaling) result = sync_paused_or_scaled(d, sets);
    else if (d["spec"]["strategy"].value("type", "RollingUpdate") == "Recreate") result = rollout_recreate(d, sets);
    else result = rollout_rolling(d, sets);
  }
  if (!result) requeue_for_deadline(d);
  return result;
}

DeploymentController::Error DeploymentController::claim_replica_sets(const json& d, Sets& owned) {
  auto selector = selector_of(d);
  const std::string uid = meta_string(d, "uid");
  const std::string ns = meta_string(d, "namespace");
  std::optional<bool> may_adopt;
  for (const auto& rs : sets_.cache().by_index(client::kNamespaceIndex, ns)) {
    bool matches = selector->matches(labels_of(*rs));
    switch (claim_action(*rs, uid, matches, is_terminating(d))) {
      case ClaimAction::kIgnore:
        break;
      case ClaimAction::kKeep:
        owned.push_back(rs);
        break;
      case ClaimAction::kAdopt: {
        if (!may_adopt) {
          auto fresh = client_->get(resources::kDeployments, ns, meta_string(d, "name"));
          may_adopt = fresh.ok() && meta_string(fresh.value(), "uid") == uid && !is_terminating(fresh.value());
        }
        if (!*may_adopt) break;
        auto patched = client_->patch(resources::kReplicaSets, ns, meta_string(*rs, "name"), client::PatchType::kMerge,
                                      adopt_patch(*rs, d));
        if (patched.ok()) owned.push_back(std::make_shared<const json>(with_kind(patched.value(), "ReplicaSet")));
        else if (patched.error().code != 404) return "adopting replica set " + meta_string(*rs, "name") + ": " + patched.error().message;
        break;
      }
      case ClaimAction::kRelease: {
        auto patched = client_->patch(resources::kReplicaSets, ns, meta_string(*rs, "name"), client::PatchType::kMerge,
                                      release_patch(*rs, uid));
        if (!patched.ok() && patched.error().code != 404)
          return "releasing replica set " + meta_string(*rs, "name") + ": " + patched.error().message;
        break;
      }
    }
  }
  for (auto& rs : owned)
    if (!rs->contains("kind")) rs = std::make_shared<const json>(with_kind(*rs, "ReplicaSet"));
  return std::nullopt;
}

// Progressing Unknown DeploymentPaused / DeploymentResumed when spec.paused flips (unless the
// rollout already timed out, which only a new rollout clears).
DeploymentController::Error DeploymentController::check_paused_conditions(json& d) {
  if (!has_progress_deadline(d)) return std::nullopt;
  json status = d.value("status", json::object());
  const json* current = get_condition(status, "Progressing");
  if (current && current->value("reason", "") == kTimedOutReason) return std::nullopt;
  bool paused_condition = current && current->value("reason", "") == kPausedReason;
  bool paused = d["spec"].value("paused", false);
  auto now = std::chrono::system_clock::now();
  if (paused && !paused_condition)
    set_condition(status, new_condition("Progressing", "Unknown", kPausedReason, "Deployment is paused", now));
  else if (!paused && paused_condition)
    set_condition(status, new_condition("Progressing", "Unknown", kResumedReason, "Deployment is resumed", now));
  else
    return std::nullopt;
  return write_status(d, status);
}

DeploymentController::Error DeploymentController::new_and_old_sets(json& d, const Sets& sets, bool create,
                                                                   ObjectPtr& new_rs, Sets& old_sets) {
  ObjectPtr found = find_new_replica_set(d, sets);
  old_sets.clear();
  for (const auto& rs : sets)
    if (rs != found) old_sets.push_back(rs);
  const int64_t revision = max_revision(old_sets) + 1;
  if (!found) {
    new_rs = nullptr;
    return create ? create_new_set(d, old_sets, revision, new_rs) : std::nullopt;
  }

  // An existing set matching the template: on a rollback it is an old one, whose revision now
  // becomes the newest.
  json copy = *found;
  bool changed = set_new_rs_annotations(d, copy, revision, true, max_surge(d));
  if (spec_int(copy, "minReadySeconds") != spec_int(d, "minReadySeconds")) {
    copy["spec"]["minReadySeconds"] = spec_int(d, "minReadySeconds");
    changed = true;
  }
  if (changed) {
    auto updated = client_->update(resources::kReplicaSets, meta_string(copy, "namespace"), copy);
    if (!updated.ok()) return "updating replica set " + meta_string(copy, "name") + ": " + updated.error().message;
    copy = with_kind(updated.value(), "ReplicaSet");
  }
  new_rs = std::make_shared<const json>(std::move(copy));
  const bool revised = set_deployment_revision(d, revision_of(*new_rs));
  json status = d.value("status", json::object());
  if (has_progress_deadline(d) && !get_condition(status, "Progressing"))
    set_condition(status, new_condition("Progressing", "True", kFoundNewRSReason,
                                        "Found new replica set \"" + meta_string(*new_rs, "name") + "\"",
                                        std::chrono::system_clock::now()));
  return write_status(d, status, revised);
}

DeploymentController::Error DeploymentController::create_new_set(json& d, const Sets& old_sets, int64_t revision,
                                                                 ObjectPtr& new_rs) {
  const int64_t collisions = status_int(d, "collisionCount");
  const std::string hash = pod_template_hash(d["spec"]["template"], collisions);
  const std::string ns = meta_string(d, "namespace");
  const std::string name = meta_string(d, "name") + "-" + hash;

  json tmpl = d["spec"]["template"];
  tmpl["metadata"]["labels"][kPodTemplateHashLabel] = hash;
  json selector = d["spec"]["selector"];
  selector["matchLabels"][kPodTemplateHashLabel] = hash;
  json rs = {{"apiVersion", "apps/v1"},
             {"kind", "ReplicaSet"},
             {"metadata",
              {{"name", name},
               {"namespace", ns},
               {"labels", tmpl["metadata"]["labels"]},
               {"ownerReferences", json::array({controller_ref(d)})}}},
             {"spec",
              {{"replicas", 0},
               {"minReadySeconds", spec_int(d, "minReadySeconds")},
               {"selector", selector},
               {"template", tmpl}}}};
  int64_t size = replicas_of(d);
  if (d["spec"]["strategy"].value("type", "RollingUpdate") != "Recreate") {
    int64_t specs = 0;
    for (const auto& old : old_sets) specs += replicas_of(*old);
    size = new_rs_replicas_rolling(replicas_of(d), max_surge(d), specs, 0);
  }
  rs["spec"]["replicas"] = size;
  set_new_rs_annotations(d, rs, revision, false, max_surge(d));

  auto created = client_->create(resources::kReplicaSets, ns, rs);
  bool already_existed = false;
  if (!created.ok() && created.error().reason == "AlreadyExists") {
    auto existing = client_->get(resources::kReplicaSets, ns, name);
    if (existing.ok() && is_controlled_by(existing.value(), meta_string(d, "uid")) &&
        templates_equal_ignoring_hash(existing.value()["spec"]["template"], d["spec"]["template"])) {
      created = existing.value();  // ours, made by an earlier sync the cache has not shown yet
      already_existed = true;
    } else {
      // Same hash, different template: hash again with the next collision count.
      json status = d.value("status", json::object());
      status["collisionCount"] = collisions + 1;
      if (auto err = write_status(d, status)) return err;
      return "hash collision on replica set " + name + ": retrying with collisionCount " + std::to_string(collisions + 1);
    }
  }
  if (!created.ok()) {
    const std::string message = "Failed to create new replica set \"" + name + "\": " + created.error().message;
    recorder_.event(d, client::kEventTypeWarning, "FailedCreate", message);
    if (has_progress_deadline(d)) {
      json status = d.value("status", json::object());
      set_condition(status, new_condition("Progressing", "False", kFailedRSCreateReason, message,
                                          std::chrono::system_clock::now()));
      write_status(d, status);
    }
    return message;
  }
  new_rs = std::make_shared<const json>(with_kind(created.value(), "ReplicaSet"));
  if (!already_existed && size > 0)
    recorder_.event(d, client::kEventTypeNormal, "ScalingReplicaSet",
                    "Scaled up replica set " + name + " from 0 to " + std::to_string(size));
  const bool revised = set_deployment_revision(d, revision);
  json status = d.value("status", json::object());
  if (!already_existed && has_progress_deadline(d))
    set_condition(status, new_condition("Progressing", "True", kNewReplicaSetReason,
                                        "Created new replica set \"" + name + "\"", std::chrono::system_clock::now()));
  return write_status(d, status, revised);
}

// The Deployment carries its current revision too (kubectl rollout history reads the sets').
// Only in `d`: upstream writes it with the status (UpdateStatus), which leaves the generation.
bool DeploymentController::set_deployment_revision(json& d, int64_t revision) {
  const std::string value = std::to_string(revision);
  const json* annotations = registry::meta_field(d, "annotations");
  if (annotations && annotations->is_object() && annotations->value(kRevisionAnnotation, json()) == json(value))
    return false;
  json& meta = d["metadata"];
  if (!meta.contains("annotations") || !meta["annotations"].is_object()) meta["annotations"] = json::object();
  meta["annotations"][kRevisionAnnotation] = value;
  return true;
}

DeploymentController::Error DeploymentController::write_status(json& d, const json& status, bool metadata_changed) {
  if (!metadata_changed && d.value("status", json::object()) == status) return std::nullopt;
  json next = d;
  next["status"] = status;
  auto written = client_->update_status(resources::kDeployments, meta_string(d, "namespace"), next);
  if (!written.ok()) return "updating status: " + written.error().message;
  d = with_kind(written.value(), "Deployment");
  return std::nullopt;
}

DeploymentController::Error DeploymentController::sync_status_only(json& d, const Sets& all, const ObjectPtr& new_rs) {
  return write_status(d, calculate_status(d, all, new_rs, std::chrono::system_clock::now()));
}

DeploymentController::Error DeploymentController::sync_rollout_status(json& d, const Sets& all, const ObjectPtr& new_rs) {
  auto now = std::chrono::system_clock::now();
  json status = calculate_status(d, all, new_rs, now);
  update_progressing(d, status, new_rs, now);
  // A set's ReplicaFailure (pods it cannot create) is the Deployment's too.
  const json* failure = nullptr;
  if (new_rs) failure = get_condition(status_of(*new_rs), "ReplicaFailure");
  for (size_t i = 0; !failure && i < all.size(); ++i)
    failure = get_condition(status_of(*all[i]), "ReplicaFailure");
  if (failure) {
    json condition = new_condition("ReplicaFailure", failure->value("status", "True"), failure->value("reason", ""),
                                   failure->value("message", ""), now);
    set_condition(status, condition);
  } else {
    remove_condition(status, "ReplicaFailure");
  }
  return write_status(d, status);
}

// No event tells us the deadline passed: look again just after it would.
void DeploymentController::requeue_for_deadline(const json& d) {
  if (!has_progress_deadline(d)) return;
  const json& status = status_of(d);
  const json* c = get_condition(status, "Progressing");
  if (!c || deployment_complete(d, status)) return;
  std::string reason = c->value("reason", "");
  if (reason == kTimedOutReason || reason == kNewRSAvailableReason) return;
  auto from = registry::parse_rfc3339(c->value("lastUpdateTime", ""));
  if (!from) return;
  auto due = *from + std::chrono::seconds(spec_int(d, "progressDeadlineSeconds", 600)) + std::chrono::seconds(1);
  auto wait = due - std::chrono::system_clock::now();
  queue_.add_after(client::object_key(d),
                   std::max<client::Clock::Duration>(std::chrono::duration_cast<client::Clock::Duration>(wait),
                                                     std::chrono::milliseconds(100)));
}

ControllerPtr make_deployment_controller(ControllerContext& context) {
  return std::make_unique<DeploymentController>(context);
}

}  // namespace kapi::controllers
