// The simulated node (kwok-style kubelet): registers the Node, keeps its Ready status fresh, and
// plays the kubelet for the pods bound to it — they become Running and Ready at once, and a pod
// being deleted is stopped (after ControllerOptions::pod_stop_delay, capped by its grace period)
// and then removed with a final zero-grace DELETE. No containers run.
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "base/thread_name.h"
#include "client/controller_runner.h"
#include "client/event_recorder.h"
#include "controllers/common/pod_state.h"
#include "controllers/factories.h"
#include "controllers/node/node_object.h"
#include "controllers/node/pod_ips.h"
#include "controllers/node/pod_status.h"
#include "controllers/shared_informers.h"
#include "registry/object_meta.h"

namespace kapi::controllers {

namespace {

using client::ObjectPtr;
namespace resources = client::resources;

// As the kubelet with node leases: the Lease is renewed every 10 s (a quarter of its 40 s), and the
// Node's status, which does not change here, is re-posted every 5 minutes (nodeStatusReportFrequency).
constexpr auto kHeartbeatInterval = std::chrono::seconds(10);
constexpr int kHeartbeatsPerStatusReport = 30;

std::string node_name_of(const json& pod) {
  if (!pod.contains("spec") || !pod["spec"].is_object()) return "";
  return pod["spec"].value("nodeName", "");
}

bool host_network(const json& pod) {
  return pod.contains("spec") && pod["spec"].is_object() && pod["spec"].value("hostNetwork", false);
}

class NodeController : public Controller {
 public:
  explicit NodeController(ControllerContext& context)
      : client_(context.client_for("kubelet")),
        options_(context.options),
        identity_{context.options.node_name, context.options.node_ip},
        ips_(context.options.pod_cidr),
        recorder_(client_, {"kubelet", context.options.node_name}),
        pods_(context.informers->informer(resources::kPods)),
        queue_("node", context.clock),
        runner_(queue_, [this](const std::string& key) { return sync(key); }) {
    auto enqueue = [this](const ObjectPtr& pod) {
      if (node_name_of(*pod) == identity_.name) queue_.add(client::object_key(*pod));
    };
    client::EventHandlers handlers;
    handlers.on_add = enqueue;
    handlers.on_update = [enqueue](const ObjectPtr&, const ObjectPtr& pod) { enqueue(pod); };
    handlers.on_delete = [this](const ObjectPtr& pod) { forget_pod(*pod); };
    pods_.add_handlers(std::move(handlers));
  }

  ~NodeController() override { stop(); }

  void start() override {
    // Pods already running here keep their addresses.
    for (const auto& pod : pods_.cache().by_index(client::kNodeNameIndex, identity_.name)) {
      const json& status = pod->value("status", json::object());
      if (status.contains("podIP") && status["podIP"].is_string() && !host_network(*pod))
        ips_.claim(registry::meta_string(*pod, "uid"), status["podIP"]);
    }
    heartbeat(true);
    heartbeat_thread_ = std::thread([this] {
      set_thread_name("kapi-heartbeat");
      heartbeat_loop();
    });
    runner_.start(options_.workers);
  }

  void stop() override {
    {
      std::lock_guard lock(mu_);
      if (stopped_) return;
      stopped_ = true;
      cv_.notify_all();
    }
    if (heartbeat_thread_.joinable()) heartbeat_thread_.join();
    runner_.stop();
  }

 private:
  // Registers the node when missing, posts a fresh status when `report_status` (the kubelet's node
  // status update) and renews the node's Lease. A failed heartbeat is retried at the next one.
  void heartbeat(bool report_status) {
    auto current = client_->get(resources::kNodes, "", identity_.name);
    if (!current.ok() && current.error().code == 404) {
      current = client_->create(resources::kNodes, "", node::node_object(identity_));
      if (!current.ok() && current.error().code == 409) current = client_->get(resources::kNodes, "", identity_.name);
      report_status = true;
    }
    if (!current.ok()) return;
    if (report_status) {
      json updated = current.value();
      updated["status"] = node::node_status(identity_, updated.value("status", json::object()), registry::now_rfc3339());
      (void)client_->update_status(resources::kNodes, "", updated);
    }
    renew_lease(registry::meta_string(current.value(), "uid"));
  }

  void renew_lease(const std::string& node_uid) {
    const std::string renew_time = registry::rfc3339_micro(std::chrono::system_clock::now());
    auto lease = client_->get(resources::kLeases, node::kNodeLeaseNamespace, identity_.name);
    if (!lease.ok()) {
      if (lease.error().code == 404)
        (void)client_->create(resources::kLeases, node::kNodeLeaseNamespace, node::node_lease(identity_, node_uid, renew_time));
      return;
    }
    json renewed = lease.value();
    json fresh = node::node_lease(identity_, node_uid, renew_time);
    renewed["spec"] = fresh["spec"];
    renewed["metadata"]["ownerReferences"] = fresh["metadata"]["ownerReferences"];  // a re-registered node has a new uid
    (void)client_->update(resources::kLeases, node::kNodeLeaseNamespace, renewed);
  }

  void heartbeat_loop() {
    std::unique_lock lock(mu_);
    for (int beat = 1; !stopped_; ++beat) {
      cv_.wait_for(lock, kHeartbeatInterval);
      if (stopped_) break;
      lock.unlock();
      heartbeat(beat % kHeartbeatsPerStatusReport == 0);
      lock.lock();
    }
  }

  std::optional<std::string> sync(const std::string& key) {
    ObjectPtr pod = pods_.cache().get(key);
    if (!pod || node_name_of(*pod) != identity_.name) return std::nullopt;
    if (is_terminating(*pod)) return stop_pod(key, *pod);
    if (is_pod_terminal(*pod)) return std::nullopt;
    if (pod_phase(*pod) == "Running" && pod->value("status", json::object()).contains("containerStatuses"))
      return std::nullopt;
    return start_pod(key);
  }

  std::optional<std::string> start_pod(const std::string& key) {
    auto [ns, name] = client::split_object_key(key);
    auto live = client_->get(resources::kPods, ns, name);
    if (!live.ok()) return live.error().code == 404 ? std::nullopt : std::optional(live.error().message);
    json pod = live.value();
    if (node_name_of(pod) != identity_.name || is_terminating(pod) || pod_phase(pod) == "Running") return std::nullopt;
    std::string pod_ip = identity_.internal_ip;
    if (!host_network(pod)) {
      auto ip = ips_.allocate(registry::meta_string(pod, "uid"));
      if (!ip) return std::string("no free pod IP in ") + options_.pod_cidr;
      pod_ip = *ip;
    }
    pod["status"] = node::running_status(pod, identity_.internal_ip, pod_ip, registry::now_rfc3339());
    auto written = client_->update_status(resources::kPods, ns, pod);
    if (!written.ok()) return written.error().code == 404 ? std::nullopt : std::optional(written.error().message);
    for (const auto& c : pod["spec"].value("containers", json::array())) {
      std::string image = c.value("image", ""), container = c.value("name", "");
      recorder_.event(written.value(), client::kEventTypeNormal, "Pulled",
                      "Container image \"" + image + "\" already present on machine");
      recorder_.event(written.value(), client::kEventTypeNormal, "Created", "Created container: " + container);
      recorder_.event(written.value(), client::kEventTypeNormal, "Started", "Started container " + container);
    }
    return std::nullopt;
  }

  // A deleted pod: its containers get stop time (the simulated delay, within the grace period),
  // then the object is removed for good.
  std::optional<std::string> stop_pod(const std::string& key, const json& pod) {
    std::string uid = registry::meta_string(pod, "uid");
    auto now = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point seen;
    {
      std::lock_guard lock(mu_);
      auto [it, inserted] = stopping_since_.emplace(uid, now);
      seen = it->second;
      if (inserted) {
        for (const auto& c : pod["spec"].value("containers", json::array()))
          recorder_.event(pod, client::kEventTypeNormal, "Killing", "Stopping container " + c.value("name", ""));
      }
    }
    auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(options_.pod_stop_delay);
    if (const json* grace = registry::meta_field(pod, "deletionGracePeriodSeconds"); grace && grace->is_number_integer())
      delay = std::min(delay, std::chrono::milliseconds(grace->get<int64_t>() * 1000));
    if (now - seen < delay) {
      queue_.add_after(key, delay - (now - seen));
      return std::nullopt;
    }
    auto [ns, name] = client::split_object_key(key);
    client::DeleteOptions final_delete;
    final_delete.grace_period_seconds = 0;
    final_delete.precondition_uid = uid;
    auto removed = client_->remove(resources::kPods, ns, name, final_delete);
    if (!removed.ok() && removed.error().code != 404 && removed.error().code != 409)
      return removed.error().message;
    return std::nullopt;
  }

  void forget_pod(const json& pod) {
    std::string uid = registry::meta_string(pod, "uid");
    ips_.release(uid);
    std::lock_guard lock(mu_);
    stopping_since_.erase(uid);
  }

  client::ClientPtr client_;
  ControllerOptions options_;
  node::NodeIdentity identity_;
  node::PodIpAllocator ips_;
  client::EventRecorder recorder_;
  client::Informer& pods_;
  client::KeyQueue queue_;
  client::ControllerRunner runner_;

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopped_ = false;
  std::map<std::string, std::chrono::steady_clock::time_point> stopping_since_;  // by pod uid
  std::thread heartbeat_thread_;
};

}  // namespace

ControllerPtr make_node_controller(ControllerContext& context) { return std::make_unique<NodeController>(context); }

}  // namespace kapi::controllers
