// The namespace controller (upstream's pkg/controller/namespace, CONTROLLERS.md §6): for a
// namespace with a deletionTimestamp, delete everything in it, report progress in
// status.conditions, and once nothing is left take "kubernetes" out of spec.finalizers through
// the finalize subresource, then issue the final DELETE.
//
// Content is every served namespaced resource (controllers have no discovery here, see
// common/served_resources.h), deleted item by item with Background propagation, so pods get
// their grace period. While content remains the namespace is queued again after an estimate
// (upstream: the longest pod grace period, 15 s when finalizers hold objects) and, sooner,
// whenever an object in a terminating namespace is deleted (the shared informers see it).
#include <algorithm>
#include <chrono>

#include "client/controller_runner.h"
#include "controllers/common/served_resources.h"
#include "controllers/common/update_with_retry.h"
#include "controllers/factories.h"
#include "controllers/namespace/namespace_conditions.h"
#include "controllers/shared_informers.h"
#include "registry/object_meta.h"

namespace kapi::controllers {

namespace {

using client::json;
using client::ObjectPtr;
namespace resources = client::resources;

constexpr const char* kKubernetesFinalizer = "kubernetes";
constexpr int64_t kFinalizerEstimateSeconds = 15;

std::optional<std::string> failure(const client::ApiError& error) { return describe(error); }

bool deleting(const json& obj) {
  return obj.contains("metadata") && obj["metadata"].contains("deletionTimestamp") &&
         !obj["metadata"]["deletionTimestamp"].is_null();
}

json spec_finalizers(const json& ns) {
  if (ns.contains("spec") && ns["spec"].is_object() && ns["spec"].contains("finalizers") &&
      ns["spec"]["finalizers"].is_array())
    return ns["spec"]["finalizers"];
  return json::array();
}

// "configmaps." / "deployments.apps": how upstream names a resource in condition messages.
std::string resource_label(const client::Resource& r) { return r.plural + "." + r.group; }
// "/v1, Resource=pods": Go's GroupVersionResource in an error message.
std::string gvr_text(const client::Resource& r) { return r.group + "/" + r.version + ", Resource=" + r.plural; }

class NamespaceController : public Controller {
 public:
  explicit NamespaceController(ControllerContext& context)
      : client_(context.client_for("namespace-controller")),
        namespaces_(context.informers->informer(resources::kNamespaces)),
        queue_("namespace", context.clock),
        runner_(queue_, [this](const std::string& key) { return sync(key); }),
        workers_(context.options.workers) {
    auto enqueue = [this](const ObjectPtr& obj) {
      if (deleting(*obj)) queue_.add((*obj)["metadata"].value("name", ""));
    };
    namespaces_.add_handlers({enqueue, [enqueue](const ObjectPtr&, const ObjectPtr& obj) { enqueue(obj); }, nullptr});
    for (const auto& served : served_resources()) {
      if (!served.namespaced) continue;
      content_.push_back(&served);
      context.informers->metadata_informer(served.resource)  // its handler reads the namespace only
          .add_handlers({nullptr, nullptr, [this](const ObjectPtr& obj) { on_content_deleted(*obj); }});
    }
  }
  ~NamespaceController() override { stop(); }

  void start() override { runner_.start(workers_); }
  void stop() override { runner_.stop(); }

 private:
  // Something left a namespace: if that namespace is terminating, look again now.
  void on_content_deleted(const json& obj) {
    std::string ns = obj["metadata"].value("namespace", "");
    if (ns.empty()) return;
    if (auto cached = namespaces_.cache().get("", ns); cached && deleting(*cached)) queue_.add(ns);
  }

  std::optional<std::string> sync(const std::string& name) {
    auto live = client_->get(resources::kNamespaces, "", name);
    if (!live.ok()) return live.error().code == 404 ? std::nullopt : failure(live.error());
    json ns = std::move(live.value());
    if (!deleting(ns)) return std::nullopt;

    json finalizers = spec_finalizers(ns);
    if (std::find(finalizers.begin(), finalizers.end(), kKubernetesFinalizer) == finalizers.end())
      return finalizers.empty() ? final_delete(name) : std::nullopt;

    int64_t estimate = 0;
    namespace_deletion::ContentReport report = delete_content(name, ns, estimate);
    // Stopped half way: the next start takes the namespace up again; its conditions stay as they were.
    if (queue_.shutting_down()) return "stopped while deleting the content of namespace " + name;
    if (auto err = write_conditions(ns, report)) return err;
    if (!report.delete_errors.empty()) return "deleting the content of namespace " + name + " failed";
    if (!report.remaining_by_resource.empty()) {
      queue_.add_after(name, std::chrono::seconds(estimate / 2 + 1));
      return std::nullopt;
    }
    if (auto err = finalize(name)) return err;
    return final_delete(name);
  }

  // Deletes every object of every namespaced resource, then lists again for what remains.
  namespace_deletion::ContentReport delete_content(const std::string& name, const json& ns, int64_t& estimate) {
    namespace_deletion::ContentReport report;
    auto deleted_at = registry::parse_rfc3339(ns["metadata"].value("deletionTimestamp", ""));
    for (const ServedResource* served : content_) {
      const client::Resource& r = served->resource;
      client::DeleteOptions background;
      background.propagation_policy = "Background";
      auto listed = client_->list(r, name, {});
      if (!listed.ok()) {
        report.delete_errors.push_back(listed.error().message);
        continue;
      }
      int64_t grace = served->kind == "Pod" ? pod_grace_estimate(listed->items, deleted_at) : 0;
      bool failed = false;
      for (const auto& item : listed->items) {
        // A namespace may hold tens of thousands of objects: stopping must not wait for them all.
        if (queue_.shutting_down()) return report;
        auto gone = client_->remove(r, name, item["metadata"].value("name", ""), background);
        if (!gone.ok() && gone.error().code != 404) {
          report.delete_errors.push_back(gone.error().message);
          failed = true;
          break;
        }
      }
      if (failed || listed->items.empty()) continue;
      auto left = client_->list(r, name, {});
      if (!left.ok()) {
        report.delete_errors.push_back(left.error().message);
        continue;
      }
      if (left->items.empty()) continue;
      report.remaining_by_resource[resource_label(r)] = int(left->items.size());
      bool held = false;
      for (const auto& item : left->items)
        if (item["metadata"].contains("finalizers") && item["metadata"]["finalizers"].is_array())
          for (const auto& f : item["metadata"]["finalizers"])
            if (f.is_string()) {
              report.remaining_by_finalizer[f.get<std::string>()]++;
              held = true;
            }
      if (grace == 0 && held) grace = kFinalizerEstimateSeconds;
      // Neither a grace period nor a finalizer explains it (upstream reports it as a failure).
      if (grace == 0)
        report.delete_errors.push_back("unexpected items still remain in namespace: " + name + " for gvr: " + gvr_text(r));
      estimate = std::max(estimate, grace);
    }
    return report;
  }

  // upstream's estimateGracefulTerminationForPods: the longest grace of a pod still running,
  // unless that long has passed since the namespace was deleted.
  int64_t pod_grace_estimate(const std::vector<json>& pods,
                             std::optional<std::chrono::system_clock::time_point> deleted_at) const {
    int64_t longest = 0;
    for (const auto& pod : pods) {
      std::string phase = pod.contains("status") ? pod["status"].value("phase", "") : "";
      if (phase == "Succeeded" || phase == "Failed") continue;
      if (pod.contains("spec") && pod["spec"].contains("terminationGracePeriodSeconds") &&
          pod["spec"]["terminationGracePeriodSeconds"].is_number_integer())
        longest = std::max(longest, pod["spec"]["terminationGracePeriodSeconds"].get<int64_t>());
    }
    if (deleted_at && std::chrono::system_clock::now() - *deleted_at >= std::chrono::seconds(longest)) return 0;
    return longest;
  }

  // Phase Terminating and the conditions the report calls for, through namespaces/status.
  std::optional<std::string> write_conditions(const json& ns, const namespace_deletion::ContentReport& report) {
    client::WriteOptions options;
    options.subresource = "status";
    auto record = [&report](json& live) {
      json& status = live["status"];
      bool changed = namespace_deletion::update_conditions(status, report, registry::now_rfc3339());
      if (status.value("phase", "") != "Terminating") {
        status["phase"] = "Terminating";
        changed = true;
      }
      return changed;
    };
    if (auto err = update_with_retry(*client_, resources::kNamespaces, "", ns["metadata"].value("name", ""), record,
                                     registry::meta_string(ns, "uid"), options))
      return failure(*err);
    return std::nullopt;
  }

  // PUT .../finalize without "kubernetes".
  std::optional<std::string> finalize(const std::string& name) {
    client::WriteOptions options;
    options.subresource = "finalize";
    auto drop_ours = [](json& ns) {
      json kept = json::array();
      for (const auto& f : spec_finalizers(ns))
        if (f != kKubernetesFinalizer) kept.push_back(f);
      ns["spec"]["finalizers"] = kept;
      return true;
    };
    if (auto err = update_with_retry(*client_, resources::kNamespaces, "", name, drop_ours, "", options))
      return failure(*err);
    return std::nullopt;
  }

  // Once spec.finalizers is empty; 404 (the finalize already removed it) and 409 (another
  // finalizer still holds it) are both fine.
  std::optional<std::string> final_delete(const std::string& name) {
    auto gone = client_->remove(resources::kNamespaces, "", name, {});
    if (!gone.ok() && gone.error().code != 404 && gone.error().code != 409) return failure(gone.error());
    return std::nullopt;
  }

  client::ClientPtr client_;
  client::Informer& namespaces_;
  std::vector<const ServedResource*> content_;
  client::KeyQueue queue_;
  client::ControllerRunner runner_;
  int workers_;
};

}  // namespace

ControllerPtr make_namespace_controller(ControllerContext& context) {
  return std::make_unique<NamespaceController>(context);
}

}  // namespace kapi::controllers
