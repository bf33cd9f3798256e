// The StatefulSet controller (upstream's pkg/controller/statefulset, CONTROLLERS.md §1): watches
// statefulsets, pods, controllerrevisions and PVCs; a sync claims the set's pods and revisions
// (adopting matching orphans, releasing what stopped matching) and runs one SyncPass.
#include <memory>

#include "client/controller_runner.h"
#include "client/event_recorder.h"
#include "controllers/common/owner_refs.h"
#include "controllers/common/pod_state.h"
#include "controllers/factories.h"
#include "controllers/shared_informers.h"
#include "controllers/statefulset/identity.h"
#include "controllers/statefulset/revisions.h"
#include "controllers/statefulset/sync_pass.h"
#include "registry/object_meta.h"
#include "registry/selector/label_selector.h"

namespace kapi::controllers {

namespace {

namespace resources = client::resources;
using client::ObjectPtr;
using registry::meta_string;
using registry::selector::LabelSelector;

constexpr const char* kName = "statefulset-controller";

const json& labels_of(const json& obj) {
  static const json kNone = json::object();
  const json* labels = registry::meta_field(obj, "labels");
  return labels && labels->is_object() ? *labels : kNone;
}

std::optional<LabelSelector> selector_of(const json& set) {
  if (!set.contains("spec") || !set["spec"].contains("selector")) return std::nullopt;
  auto parsed = LabelSelector::from_json(set["spec"]["selector"]);
  if (auto* selector = std::get_if<LabelSelector>(&parsed)) return *selector;
  return std::nullopt;
}

class StatefulSetController : public Controller {
 public:
  explicit StatefulSetController(ControllerContext& context)
      : client_(context.client_for(kName)),
        workers_(context.options.workers),
        sets_(context.informers->informer(resources::kStatefulSets)),
        pods_(context.informers->informer(resources::kPods)),
        revisions_(context.informers->informer(resources::kControllerRevisions)),
        claims_(context.informers->informer(resources::kPersistentVolumeClaims)),
        queue_("statefulset", context.clock),
        recorder_(client_, client::EventSource{kName, ""}),
        runner_(queue_, [this](const std::string& key) { return sync(key); }) {
    auto enqueue_set = [this](const ObjectPtr& set) { queue_.add(client::object_key(*set)); };
    sets_.add_handlers({enqueue_set, [enqueue_set](const ObjectPtr&, const ObjectPtr& set) { enqueue_set(set); },
                        enqueue_set});
    pods_.add_handlers({[this](const ObjectPtr& pod) { pod_changed(nullptr, *pod); },
                        [this](const ObjectPtr& old_pod, const ObjectPtr& pod) { pod_changed(old_pod.get(), *pod); },
                        [this](const ObjectPtr& pod) { pod_changed(nullptr, *pod); }});
    // A revision changed by someone else (deleted, orphaned) brings its set back.
    auto revision_changed = [this](const ObjectPtr& revision) { enqueue_controller(*revision); };
    revisions_.add_handlers({nullptr, [revision_changed](const ObjectPtr&, const ObjectPtr& r) { revision_changed(r); },
                             revision_changed});
    // A pod waits for a stale claim to be collected: its deletion lets the pod be made.
    claims_.add_handlers({nullptr, nullptr, [this](const ObjectPtr& claim) { claim_deleted(*claim); }});
  }

  void start() override { runner_.start(std::max(workers_, 1)); }
  void stop() override { runner_.stop(); }

 private:
  // The set named by `obj`'s controller ref, if it is a StatefulSet we know with that uid.
  void enqueue_controller(const json& obj) {
    auto ref = controller_of(obj);
    if (!ref || ref->value("kind", "") != "StatefulSet") return;
    auto set = sets_.cache().get(meta_string(obj, "namespace"), ref->value("name", ""));
    if (set && meta_string(*set, "uid") == ref->value("uid", "")) queue_.add(client::object_key(*set));
  }

  // Orphans go to every set whose selector matches them and whose name they carry.
  void enqueue_matching_sets(const json& pod) {
    for (const auto& set : sets_.cache().by_index(client::kNamespaceIndex, meta_string(pod, "namespace"))) {
      auto selector = selector_of(*set);
      if (selector && selector->matches(labels_of(pod)) && statefulset::is_member_of(*set, pod))
        queue_.add(client::object_key(*set));
    }
  }

  void pod_changed(const json* old_pod, const json& pod) {
    if (old_pod) {
      if (meta_string(*old_pod, "resourceVersion") == meta_string(pod, "resourceVersion")) return;
      // The old controller hears of a pod it no longer controls.
      auto old_ref = controller_of(*old_pod), ref = controller_of(pod);
      if (old_ref && (!ref || old_ref->value("uid", "") != ref->value("uid", ""))) enqueue_controller(*old_pod);
    }
    if (controller_of(pod)) enqueue_controller(pod);
    else enqueue_matching_sets(pod);
  }

  void claim_deleted(const json& claim) {
    for (const auto& set : sets_.cache().by_index(client::kNamespaceIndex, meta_string(claim, "namespace")))
      if ((*set)["spec"].contains("volumeClaimTemplates") && !(*set)["spec"]["volumeClaimTemplates"].empty())
        queue_.add(client::object_key(*set));
  }

  // Upstream's canAdopt: a fresh read says the set is still this one and not being deleted.
  bool can_adopt(const json& set) {
    auto fresh = client_->get(resources::kStatefulSets, meta_string(set, "namespace"), meta_string(set, "name"));
    return fresh.ok() && meta_string(fresh.value(), "uid") == meta_string(set, "uid") && !is_terminating(fresh.value());
  }

  // Merge-patches ownerReferences, guarded by the resourceVersion read.
  std::optional<std::string> patch_owners(const client::Resource& resource, const json& obj, const json& owners) {
    json body = {{"metadata", {{"ownerReferences", owners}, {"resourceVersion", meta_string(obj, "resourceVersion")}}}};
    auto patched = client_->patch(resource, meta_string(obj, "namespace"), meta_string(obj, "name"),
                                  client::PatchType::kMerge, body.dump());
    if (patched.ok() || patched.error().code == 404) return std::nullopt;
    return patched.error().message;
  }

  json owners_plus(const json& obj, const json& ref) {
    const json* refs = registry::meta_field(obj, "ownerReferences");
    json owners = refs && refs->is_array() ? *refs : json::array();
    owners.push_back(ref);
    return owners;
  }

  json owners_minus(const json& obj, const std::string& uid) {
    json owners = json::array();
    if (const json* refs = registry::meta_field(obj, "ownerReferences"); refs && refs->is_array())
      for (const auto& ref : *refs)
        if (ref.value("uid", "") != uid) owners.push_back(ref);
    return owners;
  }

  // The set's pods (upstream's getPodsForStatefulSet with its ControllerRefManager): ours that
  // still match, plus adopted orphans; ours that stopped matching are released.
  std::variant<std::vector<json>, std::string> claim_pods(const json& set, const LabelSelector& selector) {
    std::vector<json> owned;
    const std::string uid = meta_string(set, "uid");
    std::optional<bool> adoptable;
    for (const auto& pod : pods_.cache().by_index(client::kNamespaceIndex, meta_string(set, "namespace"))) {
      bool matches = selector.matches(labels_of(*pod)) && statefulset::is_member_of(set, *pod);
      auto ref = controller_of(*pod);
      if (ref) {
        if (ref->value("uid", "") != uid) continue;
        if (matches) {
          owned.push_back(*pod);
        } else if (!is_terminating(*pod)) {
          if (auto error = patch_owners(resources::kPods, *pod, owners_minus(*pod, uid))) return error.value();
        }
        continue;
      }
      if (!matches || is_terminating(*pod) || is_terminating(set)) continue;
      if (!adoptable) adoptable = can_adopt(set);
      if (!*adoptable) continue;
      json ref_json = controller_ref(statefulset::typed_set(set));
      if (auto error = patch_owners(resources::kPods, *pod, owners_plus(*pod, ref_json))) return error.value();
      json adopted = *pod;
      adopted["metadata"]["ownerReferences"] = owners_plus(*pod, ref_json);
      owned.push_back(std::move(adopted));
    }
    return owned;
  }

  // The set's revisions: those it controls, plus matching orphans it adopts. Read live, not from
  // the cache: revision numbers are max+1 of what is seen, so a cache that has not caught up
  // with the last create or renumbering would hand out a number twice.
  std::variant<std::vector<json>, std::string> claim_revisions(const json& set, const LabelSelector& selector) {
    std::vector<json> owned;
    const std::string uid = meta_string(set, "uid");
    std::optional<bool> adoptable;
    client::ListOptions options;
    options.label_selector = selector.to_string();
    auto listed = client_->list(resources::kControllerRevisions, meta_string(set, "namespace"), options);
    if (!listed.ok()) return listed.error().message;
    for (const auto& item : listed->items) {
      const json* revision = &item;
      if (!selector.matches(labels_of(*revision))) continue;
      auto ref = controller_of(*revision);
      if (ref) {
        if (ref->value("uid", "") == uid) owned.push_back(*revision);
        continue;
      }
      if (is_terminating(*revision)) continue;
      if (!adoptable) adoptable = can_adopt(set);
      if (!*adoptable) continue;
      json ref_json = controller_ref(statefulset::typed_set(set));
      if (auto error = patch_owners(resources::kControllerRevisions, *revision, owners_plus(*revision, ref_json)))
        return error.value();
      owned.push_back(*revision);
    }
    return owned;
  }

  std::optional<std::string> sync(const std::string& key) {
    auto cached = sets_.cache().get(key);
    if (!cached) return std::nullopt;  // deleted: the GC takes its pods and revisions
    const json set = statefulset::typed_set(*cached);
    auto selector = selector_of(set);
    if (!selector) return std::nullopt;  // invalid selector: retrying will not help
    auto revisions = claim_revisions(set, *selector);
    if (auto* error = std::get_if<std::string>(&revisions)) return *error;
    auto pods = claim_pods(set, *selector);
    if (auto* error = std::get_if<std::string>(&pods)) return *error;

    statefulset::PodControl control(*client_, claims_.cache(), recorder_);
    statefulset::SyncPass pass(*client_, control, std::chrono::system_clock::now());
    std::optional<statefulset::SetStatus> status;
    auto error = pass.run(set, std::get<std::vector<json>>(pods), std::get<std::vector<json>>(revisions), &status);
    if (error) return error;
    // Pods become available with time alone: look again once minReadySeconds have passed.
    int64_t min_ready = statefulset::min_ready_seconds(set);
    if (min_ready > 0 && status && status->available_replicas != statefulset::replicas_of(set))
      queue_.add_after(key, std::chrono::seconds(min_ready));
    return std::nullopt;
  }

  client::ClientPtr client_;
  int workers_;
  client::Informer& sets_;
  client::Informer& pods_;
  client::Informer& revisions_;
  client::Informer& claims_;
  client::KeyQueue queue_;
  client::EventRecorder recorder_;
  client::ControllerRunner runner_;
};

}  // namespace

ControllerPtr make_statefulset_controller(ControllerContext& context) {
  return std::make_unique<StatefulSetController>(context);
}

}  // namespace kapi::controllers
