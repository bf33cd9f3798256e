// The default scheduler: binds each pending pod (no nodeName, schedulerName default-scheduler)
// to a node that passes the filters (node_fit.h) and can satisfy its volumes (volume_plan.h),
// through the pods/binding subresource. Unschedulable pods get PodScheduled=False and a
// FailedScheduling event, and are retried when nodes, claims or volumes change.
#include <map>
#include <mutex>

#include "client/controller_runner.h"
#include "client/event_recorder.h"
#include "controllers/common/pod_state.h"
#include "controllers/factories.h"
#include "controllers/scheduler/node_fit.h"
#include "controllers/scheduler/volume_plan.h"
#include "controllers/shared_informers.h"
#include "registry/object_meta.h"

namespace kapi::controllers {

namespace {

using client::ObjectPtr;
namespace resources = client::resources;
using scheduler::json;

constexpr const char* kSchedulerName = "default-scheduler";
// While claims are being bound or provisioned for a pod, how often it is looked at again (claim
// updates also wake it).
constexpr auto kVolumeRecheck = std::chrono::milliseconds(500);

bool wants_scheduling(const json& pod) {
  const json& spec = pod.value("spec", json::object());
  std::string scheduler = spec.value("schedulerName", kSchedulerName);
  return spec.value("nodeName", "").empty() && scheduler == kSchedulerName && is_pod_active(pod);
}

class SchedulerController : public Controller {
 public:
  explicit SchedulerController(ControllerContext& context)
      : client_(context.client_for("default-scheduler")),
        recorder_(client_, {kSchedulerName, ""}),
        pods_(context.informers->informer(resources::kPods)),
        nodes_(context.informers->informer(resources::kNodes)),
        claims_(context.informers->informer(resources::kPersistentVolumeClaims)),
        volumes_(context.informers->informer(resources::kPersistentVolumes)),
        classes_(context.informers->informer(resources::kStorageClasses)),
        queue_("scheduler", context.clock),
        runner_(queue_, [this](const std::string& key) { return sync(key); }) {
    client::EventHandlers pod_events;
    pod_events.on_add = [this](const ObjectPtr& pod) { enqueue_if_pending(*pod); };
    pod_events.on_update = [this](const ObjectPtr&, const ObjectPtr& pod) { enqueue_if_pending(*pod); };
    pod_events.on_delete = [this](const ObjectPtr& pod) { forget_assumed(registry::meta_string(*pod, "uid")); };
    pods_.add_handlers(std::move(pod_events));
    // Anything that can make an unschedulable pod schedulable wakes every pending pod.
    client::EventHandlers wake;
    wake.on_add = [this](const ObjectPtr&) { enqueue_all_pending(); };
    wake.on_update = [this](const ObjectPtr&, const ObjectPtr&) { enqueue_all_pending(); };
    wake.on_delete = [this](const ObjectPtr&) { enqueue_all_pending(); };
    nodes_.add_handlers(wake);
    claims_.add_handlers(wake);
    volumes_.add_handlers(wake);
    classes_.add_handlers(wake);
  }

  ~SchedulerController() override { stop(); }

  // One worker: each decision sees the node usage of the previous one.
  void start() override { runner_.start(1); }
  void stop() override { runner_.stop(); }

 private:
  void enqueue_if_pending(const json& pod) {
    if (wants_scheduling(pod)) {
      queue_.add(client::object_key(pod));
    } else if (!pod.value("spec", json::object()).value("nodeName", "").empty()) {
      forget_assumed(registry::meta_string(pod, "uid"));  // the cache has caught up
    }
  }
  void enqueue_all_pending() {
    for (const auto& pod : pods_.cache().list()) enqueue_if_pending(*pod);
  }

  std::optional<std::string> sync(const std::string& key) {
    ObjectPtr pod = pods_.cache().get(key);
    if (!pod || !wants_scheduling(*pod)) return std::nullopt;
    {
      std::lock_guard lock(mu_);
      if (assumed_.count(registry::meta_string(*pod, "uid"))) return std::nullopt;  // bound; cache lags
    }
    scheduler::VolumeCaches caches{claims_.cache(), volumes_.cache(), classes_.cache()};
    auto nodes = nodes_.cache().list();
    if (auto problem = scheduler::pod_volume_problem(*pod, caches))
      return unschedulable(*pod, scheduler::unschedulable_message(nodes.size(), {}, *problem));

    std::map<std::string, int> reasons;
    for (const auto& node : nodes) {
      std::string node_name = registry::meta_string(*node, "name");
      if (auto why = scheduler::node_unfit_reason(*pod, *node, pods_on(node_name))) {
        ++reasons[*why];
        continue;
      }
      auto plan = scheduler::plan_volumes(*pod, *node, caches);
      if (auto* why = std::get_if<std::string>(&plan)) {
        ++reasons[*why];
        continue;
      }
      return place(*pod, node_name, std::get<scheduler::VolumePlan>(plan));
    }
    return unschedulable(*pod, scheduler::unschedulable_message(nodes.size(), reasons));
  }

  // The node's pods as the cache knows them, plus pods bound here whose binding it has not seen.
  std::vector<ObjectPtr> pods_on(const std::string& node_name) {
    auto pods = pods_.cache().by_index(client::kNodeNameIndex, node_name);
    std::lock_guard lock(mu_);
    for (const auto& [uid, assumed] : assumed_)
      if (assumed.first == node_name) pods.push_back(assumed.second);
    return pods;
  }

  std::optional<std::string> place(const json& pod, const std::string& node_name, const scheduler::VolumePlan& plan) {
    std::string ns = registry::meta_string(pod, "namespace"), name = registry::meta_string(pod, "name");
    for (const auto& [claim, pv] : plan.static_binds) {
      if (auto err = reserve_volume(*claim, *pv)) return err;
    }
    for (const auto& claim : plan.provision) {
      json patch = {{"metadata", {{"annotations", {{scheduler::kSelectedNodeAnnotation, node_name}}}}}};
      auto patched = client_->patch(resources::kPersistentVolumeClaims, ns, registry::meta_string(*claim, "name"),
                                    client::PatchType::kMerge, patch.dump());
      if (!patched.ok()) return patched.error().message;
    }
    if (!plan.all_bound) {
      // The PV controller and provisioner bind the claims; the pod is bound once they are.
      queue_.add_after(client::object_key(pod), kVolumeRecheck);
      return std::nullopt;
    }
    json binding = {{"apiVersion", "v1"},
                    {"kind", "Binding"},
                    {"metadata", {{"name", name}, {"namespace", ns}, {"uid", registry::meta_string(pod, "uid")}}},
                    {"target", {{"apiVersion", "v1"}, {"kind", "Node"}, {"name", node_name}}}};
    client::WriteOptions options;
    options.subresource = "binding";
    auto bound = client_->create(resources::kPods, ns, binding, options);
    if (!bound.ok()) {
      if (bound.error().code == 409 || bound.error().code == 404) return std::nullopt;  // bound or gone meanwhile
      return bound.error().message;
    }
    {
      std::lock_guard lock(mu_);
      assumed_[registry::meta_string(pod, "uid")] = {node_name, std::make_shared<const json>(pod)};
    }
    recorder_.event(pod, client::kEventTypeNormal, "Scheduled",
                    "Successfully assigned " + ns + "/" + name + " to " + node_name);
    return std::nullopt;
  }

  // Points a static PV at the claim (claimRef + bound-by-controller); the PV controller then
  // completes the binding on both sides.
  std::optional<std::string> reserve_volume(const json& claim, const json& pv) {
    const json& ref = pv.value("spec", json::object()).value("claimRef", json());
    if (!ref.is_null() && ref.value("uid", "") == registry::meta_string(claim, "uid")) return std::nullopt;
    json updated = pv;
    updated["spec"]["claimRef"] = {{"kind", "PersistentVolumeClaim"},
                                   {"apiVersion", "v1"},
                                   {"namespace", registry::meta_string(claim, "namespace")},
                                   {"name", registry::meta_string(claim, "name")},
                                   {"uid", registry::meta_string(claim, "uid")},
                                   {"resourceVersion", registry::meta_string(claim, "resourceVersion")}};
    updated["metadata"]["annotations"]["pv.kubernetes.io/bound-by-controller"] = "yes";
    auto written = client_->update(resources::kPersistentVolumes, "", updated);
    if (!written.ok()) return written.error().message;
    return std::nullopt;
  }

  // PodScheduled=False (written once per new message) and a FailedScheduling event; the pod is
  // retried with backoff and whenever the cluster changes.
  std::optional<std::string> unschedulable(const json& pod, const std::string& message) {
    const json* current = find_condition(pod, "PodScheduled");
    bool same = current && current->value("status", "") == "False" && current->value("message", "") == message;
    if (!same) {
      std::string ns = registry::meta_string(pod, "namespace"), name = registry::meta_string(pod, "name");
      auto live = client_->get(resources::kPods, ns, name);
      if (live.ok() && wants_scheduling(live.value())) {
        json updated = live.value();
        json& conditions = updated["status"]["conditions"];
        if (!conditions.is_array()) conditions = json::array();
        json condition = {{"type", "PodScheduled"}, {"status", "False"}, {"lastProbeTime", nullptr},
                          {"lastTransitionTime", registry::now_rfc3339()}, {"reason", "Unschedulable"},
                          {"message", message}};
        bool replaced = false;
        for (auto& c : conditions)
          if (c.value("type", "") == "PodScheduled") c = condition, replaced = true;
        if (!replaced) conditions.push_back(condition);
        (void)client_->update_status(resources::kPods, ns, updated);  // best effort: the event says it too
      }
      recorder_.event(pod, client::kEventTypeWarning, "FailedScheduling", message);
    }
    return message;  // retried with backoff
  }

  void forget_assumed(const std::string& uid) {
    std::lock_guard lock(mu_);
    assumed_.erase(uid);
  }

  client::ClientPtr client_;
  client::EventRecorder recorder_;
  client::Informer& pods_;
  client::Informer& nodes_;
  client::Informer& claims_;
  client::Informer& volumes_;
  client::Informer& classes_;
  client::KeyQueue queue_;
  client::ControllerRunner runner_;

  std::mutex mu_;
  // Pods bound by this scheduler, by uid, until the cache shows them bound: node and pod.
  std::map<std::string, std::pair<std::string, ObjectPtr>> assumed_;
};

}  // namespace

ControllerPtr make_scheduler_controller(ControllerContext& context) {
  return std::make_unique<SchedulerController>(context);
}

}  // namespace kapi::controllers
