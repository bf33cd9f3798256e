// Pods: PodSpec defaults and validation (pod_spec.h), status through /status (Pending with a QoS
// class on create), a spec that only lets images, activeDeadlineSeconds, tolerations and
// terminationGracePeriodSeconds change, field selectors the scheduler and kubelet watch by, and
// the `kubectl get pods` table (pod_table.h).
#include "registry/core/pod_spec.h"
#include "registry/core/pod_table.h"
#include "registry/core/resources.h"

namespace kapi::registry::core {
namespace {

using validation::array_at;
using validation::object_at;
using validation::text;

// upstream's GetPodQOS over cpu and memory: BestEffort with no requests or limits, Guaranteed
// when every container limits both and requests equal limits, else Burstable.
std::string qos_class(const json& spec) {
  bool any = false, guaranteed = true;
  for (const char* list : {"initContainers", "containers"}) {
    for (const auto& c : array_at(spec, list)) {
      const json& resources = object_at(c, "resources");
      const json& limits = object_at(resources, "limits");
      const json& requests = object_at(resources, "requests");
      for (const char* r : {"cpu", "memory"}) {
        auto nonzero = [&](const json& m) {
          if (!m.contains(r)) return false;
          auto q = Quantity::from_json(m[r]);
          return std::holds_alternative<Quantity>(q) && !std::get<Quantity>(q).is_zero();
        };
        if (nonzero(limits) || nonzero(requests)) any = true;
        if (!nonzero(limits)) guaranteed = false;
        else if (requests.contains(r) && Quantity::from_json(requests[r]) != Quantity::from_json(limits[r]))
          guaranteed = false;
      }
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

// The spec with the fields a pod update may change taken from `from`.
json without_mutable_fields(json spec, const json& from) {
  for (const char* list : {"containers", "initContainers"}) {
    if (!spec.contains(list) || !spec[list].is_array()) continue;
    const json& other = array_at(from, list);
    for (size_t i = 0; i < spec[list].size() && i < other.size(); ++i)
      if (spec[list][i].is_object() && other[i].is_object() && other[i].contains("image"))
        spec[list][i]["image"] = other[i]["image"];
  }
  // nodeName may be set once: the binding subresource writes it through this store.
  if (text(from, "nodeName").empty() && !text(spec, "nodeName").empty()) spec.erase("nodeName");
  for (const char* field : {"activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds"}) {
    if (from.is_object() && from.contains(field)) spec[field] = from[field];
    else spec.erase(field);
  }
  return spec;
}

class PodStrategy : public Strategy {
 public:
  void prepare_for_create(json& obj) const override {
    json& spec = obj["spec"];
    if (!spec.is_object()) spec = json::object();
    default_pod_spec(spec);
    default_pod_only(spec);
    obj["status"] = {{"phase", "Pending"}, {"qosClass", qos_class(spec)}};
  }
  void validate(const json& obj, std::vector<FieldError>& errors) const override {
    validate_pod_spec(object_at(obj, "spec"), "spec", errors);
  }
  void prepare_for_update(json& obj, const json&) const override {
    json& spec = obj["spec"];
    if (!spec.is_object()) spec = json::object();
    default_pod_spec(spec);
    default_pod_only(spec);
  }
  void validate_update(const json& obj, const json& old, std::vector<FieldError>& errors) const override {
    const json& spec = object_at(obj, "spec");
    validate_pod_spec(spec, "spec", errors);
    // Compared as values: "1024Mi" in an update equals the stored "1Gi".
    json now = spec, before = object_at(old, "spec");
    canonicalize_pod_spec(now);
    canonicalize_pod_spec(before);
    if (without_mutable_fields(now, before) != before)
      errors.push_back(forbidden(
          "spec",
          "pod updates may not change fields other than `spec.containers[*].image`,"
          "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only "
          "additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to "
          "be set to 1 if it was previously negative)"));
  }
  void canonicalize(json& obj) const override {
    if (obj.contains("spec")) canonicalize_pod_spec(obj["spec"]);
  }
  bool return_deleted_object() const override { return true; }
  // upstream's CheckGracefulDelete: the request's grace, else the spec's (defaulted to 30); 0
  // for a pod no kubelet runs (unscheduled) or one already finished.
  std::optional<int64_t> deletion_grace_period(const json& obj, std::optional<int64_t> requested) const override {
    const json& spec = object_at(obj, "spec");
    int64_t period = 0;
    if (requested) period = *requested;
    else if (spec.contains("terminationGracePeriodSeconds") && spec["terminationGracePeriodSeconds"].is_number_integer())
      period = spec["terminationGracePeriodSeconds"].get<int64_t>();
    std::string phase = text(object_at(obj, "status"), "phase");
    if (text(spec, "nodeName").empty() || phase == "Failed" || phase == "Succeeded") period = 0;
    return period < 0 ? 1 : period;
  }
  void selectable_fields(const json& obj, std::map<std::string, std::string>& fields) const override {
    const json& spec = object_at(obj, "spec");
    const json& status = object_at(obj, "status");
    fields["spec.nodeName"] = text(spec, "nodeName");
    fields["spec.restartPolicy"] = text(spec, "restartPolicy");
    fields["spec.schedulerName"] = text(spec, "schedulerName");
    fields["spec.serviceAccountName"] = text(spec, "serviceAccountName");
    fields["spec.hostNetwork"] = spec.value("hostNetwork", false) == true ? "true" : "false";
    fields["status.phase"] = text(status, "phase");
    fields["status.podIP"] = text(status, "podIP");
    fields["status.nominatedNodeName"] = text(status, "nominatedNodeName");
  }
  TablePrinter table_printer() const override { return pod_table_printer(); }
};
}  // namespace

ResourceDefinition pods() {
  return {{"", "v1", "Pod", "pods", "pod", {"po"}, {"all"}, true,
           {"status", "binding", "eviction", "log", "exec", "attach", "portforward", "ephemeralcontainers"}},
          std::make_shared<PodStrategy>()};
}
}  // namespace kapi::registry::core
