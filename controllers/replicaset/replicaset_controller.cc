// The ReplicaSet controller (upstream's pkg/controller/replicaset): keeps spec.replicas active
// pods from the template, adopting matching orphans and releasing pods that stop matching, and
// reports what it sees in status.
//
// Duplicates are what can go wrong: a sync that counts pods in the informer cache before the
// pods its previous sync created have arrived there would create them again. So each sync that
// creates or deletes records what it expects (ControllerExpectations); the pod handlers count
// the arrivals down, and until they all came the set is not resized again (status still is).
#include <algorithm>
#include <memory>

#include "client/controller_runner.h"
#include "client/event_recorder.h"
#include "controllers/common/claim.h"
#include "controllers/common/controller_expectations.h"
#include "controllers/common/owner_refs.h"
#include "controllers/common/pod_state.h"
#include "controllers/factories.h"
#include "controllers/replicaset/pod_deletion_order.h"
#include "controllers/replicaset/replicaset_status.h"
#include "controllers/shared_informers.h"
#include "registry/object_meta.h"
#include "registry/selector/label_selector.h"

namespace kapi::controllers {

namespace {

using client::ObjectPtr;
using registry::meta_string;
namespace resources = client::resources;

constexpr int kBurstReplicas = 500;  // most creates or deletes in one sync, as upstream

const json& labels_of(const json& obj) {
  static const json kNone;
  const json* labels = registry::meta_field(obj, "labels");
  return labels ? *labels : kNone;
}

int64_t spec_int(const json& obj, const char* field, int64_t fallback) {
  if (!obj.contains("spec") || !obj["spec"].is_object()) return fallback;
  const json& v = obj["spec"].value(field, json());
  return v.is_number() ? v.get<int64_t>() : fallback;
}

std::optional<registry::selector::LabelSelector> selector_of(const json& rs) {
  const json& spec = rs.contains("spec") ? rs["spec"] : json();
  auto parsed = registry::selector::LabelSelector::from_json(spec.is_object() ? spec.value("selector", json()) : json());
  if (std::holds_alternative<std::string>(parsed)) return std::nullopt;
  return std::get<registry::selector::LabelSelector>(parsed);
}

// Objects in informer caches may lack kind/apiVersion; events and owner refs need them.
json with_type(const json& rs) {
  json copy = rs;
  copy["apiVersion"] = "apps/v1";
  copy["kind"] = "ReplicaSet";
  return copy;
}

class ReplicaSetController : public Controller {
 public:
  explicit ReplicaSetController(ControllerContext& context)
      : client_(context.client_for("replicaset-controller")),
        sets_(context.informers->informer(resources::kReplicaSets)),
        pods_(context.informers->informer(resources::kPods)),
        queue_("replicaset", context.clock),
        expectations_(context.clock),
        recorder_(client_, {"replicaset-controller", ""}),
        workers_(context.options.workers) {
    sets_.add_handlers({[this](const ObjectPtr& rs) { queue_.add(client::object_key(*rs)); },
                        [this](const ObjectPtr&, const ObjectPtr& rs) { queue_.add(client::object_key(*rs)); },
                        [this](const ObjectPtr& rs) {
                          expectations_.forget(client::object_key(*rs));
                          queue_.add(client::object_key(*rs));
                        }});
    pods_.add_handlers({[this](const ObjectPtr& pod) { pod_added(*pod); },
                        [this](const ObjectPtr& old_pod, const ObjectPtr& pod) { pod_updated(*old_pod, *pod); },
                        [this](const ObjectPtr& pod) { pod_deleted(*pod); }});
    runner_ = std::make_unique<client::ControllerRunner>(queue_, [this](const std::string& key) { return sync(key); });
  }
  ~ReplicaSetController() override { stop(); }

  void start() override { runner_->start(workers_); }
  void stop() override { runner_->stop(); }

 private:
  // --- event handlers: map pods to the sets that care ---

  // The key of the set `pod`'s controller reference names, if it is a ReplicaSet we know.
  std::optional<std::string> owner_key(const json& pod) const {
    auto ref = controller_of(pod);
    if (!ref || ref->value("kind", "") != "ReplicaSet") return std::nullopt;
    auto rs = sets_.cache().get(meta_string(pod, "namespace"), ref->value("name", ""));
    if (!rs || meta_string(*rs, "uid") != ref->value("uid", "")) return std::nullopt;
    return client::object_key(*rs);
  }

  // An orphan's candidates: every set in its namespace whose selector matches it.
  void enqueue_matching_sets(const json& pod) {
    for (const auto& rs : sets_.cache().by_index(client::kNamespaceIndex, meta_string(pod, "namespace"))) {
      auto selector = selector_of(*rs);
      if (selector && !selector->empty() && selector->matches(labels_of(pod))) queue_.add(client::object_key(*rs));
    }
  }

  void pod_added(const json& pod) {
    if (is_terminating(pod)) return pod_deleted(pod);  // e.g. seen first on a re-list
    if (controller_of(pod)) {
      if (auto key = owner_key(pod)) {
        expectations_.creation_observed(*key);
        queue_.add(*key);
      }
      return;
    }
    enqueue_matching_sets(pod);
  }

  void pod_updated(const json& old_pod, const json& pod) {
    if (meta_string(old_pod, "resourceVersion") == meta_string(pod, "resourceVersion")) return;
    // A graceful delete starts with a deletionTimestamp: replace the pod now, not once it is gone.
    if (is_terminating(pod) && !is_terminating(old_pod)) pod_deleted(pod);
    auto old_ref = controller_of(old_pod);
    auto new_ref = controller_of(pod);
    bool ref_changed = old_ref.value_or(json()) != new_ref.value_or(json());
    if (ref_changed && old_ref)
      if (auto key = owner_key(old_pod)) queue_.add(*key);
    if (new_ref) {
      if (auto key = owner_key(pod)) {
        queue_.add(*key);
        // Becoming ready starts the minReadySeconds clock: look again when it runs out.
        auto rs = sets_.cache().get(*key);
        int64_t min_ready = rs ? spec_int(*rs, "minReadySeconds", 0) : 0;
        if (min_ready > 0 && !is_pod_ready(old_pod) && is_pod_ready(pod))
          queue_.add_after(*key, std::chrono::seconds(min_ready) + std::chrono::milliseconds(100));
      }
      return;
    }
    if (ref_changed || labels_of(old_pod) != labels_of(pod)) enqueue_matching_sets(pod);
  }

  void pod_deleted(const json& pod) {
    if (auto key = owner_key(pod)) {
      expectations_.deletion_observed(*key, client::object_key(pod));
      queue_.add(*key);
    }
  }

  // --- sync ---

  std::optional<std::string> sync(const std::string& key) {
    auto cached = sets_.cache().get(key);
    if (!cached) {
      expectations_.forget(key);
      return std::nullopt;
    }
    const json rs = with_type(*cached);
    auto selector = selector_of(rs);
    if (!selector) return std::nullopt;  // validation prevents this; nothing sensible to do

    // Decide "may resize" before reading pods: arrivals after this point only make us cautious.
    const bool may_resize = expectations_.satisfied(key);
    std::vector<ObjectPtr> owned;
    if (auto err = claim_pods(rs, *selector, owned)) return err;
    std::vector<ObjectPtr> active;
    for (auto& pod : owned)
      if (is_pod_active(*pod)) active.push_back(pod);

    std::optional<std::string> manage_error;
    bool creating = static_cast<int64_t>(active.size()) < spec_int(rs, "replicas", 1);
    if (may_resize && !is_terminating(rs)) manage_error = manage_replicas(key, rs, active);

    auto now = std::chrono::system_clock::now();
    json status = replicaset_status(rs, active, manage_error, creating, now);
    if (auto err = write_status(rs, status)) return err;
    if (manage_error) return manage_error;

    // Pods ready but not yet for minReadySeconds become available without any event: look again.
    int64_t min_ready = spec_int(rs, "minReadySeconds", 0);
    if (min_ready > 0 && status.value("readyReplicas", 0) == status.value("replicas", 0) &&
        status.value("availableReplicas", 0) != status.value("replicas", 0))
      queue_.add_after(key, std::chrono::seconds(min_ready) + std::chrono::milliseconds(100));
    return std::nullopt;
  }

  // Fills `owned` with the namespace's pods this set controls after adopting and releasing.
  std::optional<std::string> claim_pods(const json& rs, const registry::selector::LabelSelector& selector,
                                        std::vector<ObjectPtr>& owned) {
    const std::string uid = meta_string(rs, "uid");
    const std::string ns = meta_string(rs, "namespace");
    std::optional<bool> may_adopt;  // checked against the API once, when an orphan shows up
    for (const auto& pod : pods_.cache().by_index(client::kNamespaceIndex, ns)) {
      bool matches = !selector.empty() && selector.matches(labels_of(*pod));
      switch (claim_action(*pod, uid, matches, is_terminating(rs))) {
        case ClaimAction::kIgnore:
          break;
        case ClaimAction::kKeep:
          owned.push_back(pod);
          break;
        case ClaimAction::kAdopt: {
          if (!may_adopt) may_adopt = owner_still_current(rs);
          if (!*may_adopt) break;
          auto patched = client_->patch(resources::kPods, ns, meta_string(*pod, "name"), client::PatchType::kMerge,
                                        adopt_patch(*pod, rs));
          if (patched.ok()) owned.push_back(std::make_shared<const json>(std::move(patched.value())));
          else if (patched.error().code != 404) return "adopting pod " + meta_string(*pod, "name") + ": " + patched.error().message;
          break;
        }
        case ClaimAction::kRelease: {
          auto patched = client_->patch(resources::kPods, ns, meta_string(*pod, "name"), client::PatchType::kMerge,
                                        release_patch(*pod, uid));
          if (!patched.ok() && patched.error().code != 404)
            return "releasing pod " + meta_string(*pod, "name") + ": " + patched.error().message;
          break;
        }
      }
    }
    return std::nullopt;
  }

  // Adoption acts on a fresh read: the cached set may have been deleted or replaced by now.
  bool owner_still_current(const json& rs) {
    auto fresh = client_->get(resources::kReplicaSets, meta_string(rs, "namespace"), meta_string(rs, "name"));
    return fresh.ok() && meta_string(fresh.value(), "uid") == meta_string(rs, "uid") && !is_terminating(fresh.value());
  }

  std::optional<std::string> manage_replicas(const std::string& key, const json& rs, const std::vector<ObjectPtr>& active) {
    const int64_t diff = static_cast<int64_t>(active.size()) - spec_int(rs, "replicas", 1);
    if (diff < 0) return create_pods(key, rs, static_cast<int>(std::min<int64_t>(-diff, kBurstReplicas)));
    if (diff > 0) return delete_pods(key, rs, active, static_cast<int>(std::min<int64_t>(diff, kBurstReplicas)));
    return std::nullopt;
  }

  // Slow start: batches of 1, 2, 4, ... so a template that cannot work (quota, admission) fails
  // after one request rather than hundreds.
  std::optional<std::string> create_pods(const std::string& key, const json& rs, int count) {
    expectations_.expect_creations(key, count);
    const json pod = pod_from_template(rs);
    const std::string ns = meta_string(rs, "namespace");
    int sent = 0;
    std::optional<std::string> error;
    for (int batch = 1; sent < count && !error; batch *= 2) {
      int this_batch = std::min(batch, count - sent);
      for (int i = 0; i < this_batch; ++i, ++sent) {
        auto created = client_->create(resources::kPods, ns, pod);
        if (created.ok()) {
          recorder_.event(rs, client::kEventTypeNormal, "SuccessfulCreate", "Created pod: " + meta_string(created.value(), "name"));
          continue;
        }
        expectations_.creation_observed(key);  // no add will come for this one
        // Pods cannot be created in a namespace being deleted: not worth an event.
        if (created.error().reason != "Forbidden" || created.error().message.find("being terminated") == std::string::npos)
          recorder_.event(rs, client::kEventTypeWarning, "FailedCreate", "Error creating: " + created.error().message);
        if (!error) error = created.error().message;
      }
    }
    for (; sent < count; ++sent) expectations_.creation_observed(key);  // skipped after a failure
    return error;
  }

  std::optional<std::string> delete_pods(const std::string& key, const json& rs, const std::vector<ObjectPtr>& active, int count) {
    auto ordered = order_for_deletion(active);
    ordered.resize(count);
    std::set<std::string> keys;
    for (const auto& pod : ordered) keys.insert(client::object_key(*pod));
    expectations_.expect_deletions(key, keys);
    std::optional<std::string> error;
    for (const auto& pod : ordered) {
      const std::string name = meta_string(*pod, "name");
      client::DeleteOptions options;
      options.precondition_uid = meta_string(*pod, "uid");
      auto removed = client_->remove(resources::kPods, meta_string(rs, "namespace"), name, options);
      if (removed.ok()) {
        recorder_.event(rs, client::kEventTypeNormal, "SuccessfulDelete", "Deleted pod: " + name);
        continue;
      }
      expectations_.deletion_observed(key, client::object_key(*pod));
      if (removed.error().code == 404) continue;
      recorder_.event(rs, client::kEventTypeWarning, "FailedDelete", "Error deleting: " + removed.error().message);
      if (!error) error = removed.error().message;
    }
    return error;
  }

  std::optional<std::string> write_status(const json& rs, const json& status) {
    const json& current = rs.contains("status") ? rs["status"] : json();
    if (!replicaset_status_differs(current.is_object() ? current : json::object(), status)) return std::nullopt;
    json next = rs;
    next["status"] = status;
    auto written = client_->update_status(resources::kReplicaSets, meta_string(rs, "namespace"), next);
    if (written.ok() || written.error().code == 404) return std::nullopt;
    return "updating status: " + written.error().message;  // a conflict: the next sync sees the newer set
  }

  client::ClientPtr client_;
  client::Informer& sets_;
  client::Informer& pods_;
  client::KeyQueue queue_;
  ControllerExpectations expectations_;
  client::EventRecorder recorder_;
  int workers_;
  std::unique_ptr<client::ControllerRunner> runner_;
};

}  // namespace

ControllerPtr make_replicaset_controller(ControllerContext& context) {
  return std::make_unique<ReplicaSetController>(context);
}

}  // namespace kapi::controllers
