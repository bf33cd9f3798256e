#include "controllers/scheduler/node_fit.h"

#include <algorithm>

#include "controllers/common/json_fields.h"
#include "controllers/common/pod_state.h"
#include "registry/quantity.h"

namespace kapi::controllers::scheduler {

namespace {

int64_t quantity_of(const json& list, const char* resource, bool milli) {
  const json& v = field(list, resource);
  if (v.is_null()) return 0;
  auto parsed = registry::Quantity::from_json(v);
  if (auto* q = std::get_if<registry::Quantity>(&parsed)) return milli ? q->milli_value() : q->value();
  return 0;
}

Requests container_requests(const json& container) {
  const json& requests = field(field(container, "resources"), "requests");
  return {quantity_of(requests, "cpu", true), quantity_of(requests, "memory", false)};
}

bool tolerates(const json& toleration, const json& taint) {
  std::string effect = text(toleration, "effect");
  if (!effect.empty() && effect != text(taint, "effect")) return false;
  std::string key = text(toleration, "key");
  std::string op = text(toleration, "operator");
  if (op == "Exists") return key.empty() || key == text(taint, "key");
  return key == text(taint, "key") && text(toleration, "value") == text(taint, "value");
}

// The first NoSchedule/NoExecute taint the pod does not tolerate.
std::optional<json> untolerated_taint(const json& pod, const std::vector<json>& taints) {
  const json& tolerations = field(field(pod, "spec"), "tolerations");
  for (const auto& taint : taints) {
    std::string effect = text(taint, "effect");
    if (effect != "NoSchedule" && effect != "NoExecute") continue;
    bool ok = false;
    if (tolerations.is_array())
      for (const auto& t : tolerations) ok = ok || tolerates(t, taint);
    if (!ok) return taint;
  }
  return std::nullopt;
}

bool node_ready(const json& node) {
  const json* ready = find_condition(node, "Ready");
  return ready && ready->value("status", "") == "True";
}

bool requirement_matches(const json& req, const json& values_by_key) {
  std::string key = text(req, "key"), op = text(req, "operator");
  const json& values = field(req, "values");
  bool has = values_by_key.is_object() && values_by_key.contains(key) && values_by_key[key].is_string();
  std::string actual = has ? values_by_key[key].get<std::string>() : "";
  auto in_values = [&] {
    if (values.is_array())
      for (const auto& v : values)
        if (v.is_string() && v.get<std::string>() == actual) return true;
    return false;
  };
  if (op == "In") return has && in_values();
  if (op == "NotIn") return !has || !in_values();
  if (op == "Exists") return has;
  if (op == "DoesNotExist") return !has;
  if (op == "Gt" || op == "Lt") {
    if (!has || !values.is_array() || values.size() != 1 || !values[0].is_string()) return false;
    try {
      long long a = std::stoll(actual), b = std::stoll(values[0].get<std::string>());
      return op == "Gt" ? a > b : a < b;
    } catch (...) {
      return false;
    }
  }
  return false;
}

bool term_matches(const json& term, const json& node) {
  const json& labels = field(field(node, "metadata"), "labels");
  const json& exprs = field(term, "matchExpressions");
  const json& fields = field(term, "matchFields");
  if ((!exprs.is_array() || exprs.empty()) && (!fields.is_array() || fields.empty())) return false;
  if (exprs.is_array())
    for (const auto& r : exprs)
      if (!requirement_matches(r, labels)) return false;
  json node_fields = {{"metadata.name", text(field(node, "metadata"), "name")}};
  if (fields.is_array())
    for (const auto& r : fields)
      if (!requirement_matches(r, node_fields)) return false;
  return true;
}

bool selector_and_affinity_match(const json& pod, const json& node) {
  const json& spec = field(pod, "spec");
  const json& labels = field(field(node, "metadata"), "labels");
  const json& selector = field(spec, "nodeSelector");
  if (selector.is_object())
    for (const auto& [k, v] : selector.items())
      if (!labels.is_object() || !labels.contains(k) || labels[k] != v) return false;
  const json& required = field(field(field(spec, "affinity"), "nodeAffinity"), "requiredDuringSchedulingIgnoredDuringExecution");
  return required.is_null() || node_selector_matches(required, node);
}

}  // namespace

bool node_selector_matches(const json& node_selector, const json& node) {
  const json& terms = field(node_selector, "nodeSelectorTerms");
  if (!terms.is_array()) return false;
  for (const auto& term : terms)
    if (term_matches(term, node)) return true;
  return false;
}

Requests pod_requests(const json& pod) {
  const json& spec = field(pod, "spec");
  Requests total;
  if (field(spec, "containers").is_array())
    for (const auto& c : spec["containers"]) {
      auto r = container_requests(c);
      total.milli_cpu += r.milli_cpu;
      total.memory += r.memory;
    }
  if (field(spec, "initContainers").is_array())
    for (const auto& c : spec["initContainers"]) {
      auto r = container_requests(c);
      total.milli_cpu = std::max(total.milli_cpu, r.milli_cpu);
      total.memory = std::max(total.memory, r.memory);
    }
  const json& overhead = field(spec, "overhead");
  total.milli_cpu += quantity_of(overhead, "cpu", true);
  total.memory += quantity_of(overhead, "memory", false);
  return total;
}

std::optional<std::string> node_unfit_reason(const json& pod, const json& node,
                                             const std::vector<client::ObjectPtr>& pods_on_node) {
  if (field(field(node, "spec"), "unschedulable") == true) {
    // Upstream's NodeUnschedulable plugin lets pods that tolerate the unschedulable taint through.
    json taint = {{"key", "node.kubernetes.io/unschedulable"}, {"effect", "NoSchedule"}};
    if (untolerated_taint(pod, {taint})) return "node(s) were unschedulable";
  }
  std::vector<json> taints;
  if (field(field(node, "spec"), "taints").is_array())
    for (const auto& t : node["spec"]["taints"]) taints.push_back(t);
  if (!node_ready(node)) taints.push_back({{"key", "node.kubernetes.io/not-ready"}, {"effect", "NoSchedule"}});
  if (auto taint = untolerated_taint(pod, taints))
    return "node(s) had untolerated taint {" + text(*taint, "key") + ": " + text(*taint, "value") + "}";
  if (!selector_and_affinity_match(pod, node)) return "node(s) didn't match Pod's node affinity/selector";

  const json& allocatable = field(field(node, "status"), "allocatable");
  Requests used;
  int64_t count = 0;
  for (const auto& other : pods_on_node) {
    if (is_pod_terminal(*other)) continue;
    auto r = pod_requests(*other);
    used.milli_cpu += r.milli_cpu;
    used.memory += r.memory;
    ++count;
  }
  if (allocatable.is_object() && allocatable.contains("pods") && count + 1 > quantity_of(allocatable, "pods", false))
    return "Too many pods";
  auto wanted = pod_requests(pod);
  if (wanted.milli_cpu > 0 && used.milli_cpu + wanted.milli_cpu > quantity_of(allocatable, "cpu", true))
    return "Insufficient cpu";
  if (wanted.memory > 0 && used.memory + wanted.memory > quantity_of(allocatable, "memory", false))
    return "Insufficient memory";
  return std::nullopt;
}

std::string unschedulable_message(size_t nodes, const std::map<std::string, int>& reasons,
                                  const std::string& pod_reason) {
  if (nodes == 0 && pod_reason.empty()) return "no nodes available to schedule pods";
  std::string n = std::to_string(nodes);
  std::string message = "0/" + n + " nodes are available: ";
  if (!pod_reason.empty()) {
    message += pod_reason + ".";
  } else {
    // Upstream sorts the "<count> <reason>" strings.
    std::vector<std::string> parts;
    for (const auto& [reason, count] : reasons) parts.push_back(std::to_string(count) + " " + reason);
    std::sort(parts.begin(), parts.end());
    for (size_t i = 0; i < parts.size(); ++i) message += (i ? ", " : "") + parts[i];
    message += ".";
  }
  return message + " preemption: 0/" + n + " nodes are available: " + n +
         " Preemption is not helpful for scheduling.";
}

}  // namespace kapi::controllers::scheduler
