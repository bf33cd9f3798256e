#include "registry/core/pod_table.h"

#include <optional>
#include <set>

#include "registry/apps/workload_columns.h"
#include "registry/object_meta.h"
#include "registry/validation/field_checks.h"

namespace kapi::registry::core {
namespace {

using std::chrono::system_clock;
using validation::array_at;
using validation::object_at;
using validation::text;

int64_t int_at(const json& obj, const char* field) {
  auto it = obj.is_object() ? obj.find(field) : obj.end();
  return it != obj.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

bool condition_true(const json& status, const std::string& type) {
  for (const auto& c : array_at(status, "conditions"))
    if (text(c, "type") == type) return text(c, "status") == "True";
  return false;
}

// The latest lastState.terminated.finishedAt seen so far.
void track_restart(const json& container_status, std::optional<system_clock::time_point>& latest) {
  std::string finished = text(object_at(object_at(container_status, "lastState"), "terminated"), "finishedAt");
  if (finished.empty()) return;
  auto t = parse_rfc3339(finished);
  if (t && (!latest || *t > *latest)) latest = t;
}

// Why a terminated container stopped: its reason, else Signal:N or ExitCode:N.
std::string terminated_reason(const json& terminated, const std::string& prefix) {
  std::string reason = text(terminated, "reason");
  if (!reason.empty()) return prefix + reason;
  if (int64_t signal = int_at(terminated, "signal"); signal != 0)
    return prefix + "Signal:" + std::to_string(signal);
  return prefix + "ExitCode:" + std::to_string(int_at(terminated, "exitCode"));
}

struct PodSummary {
  std::string reason;
  int64_t ready = 0;
  int64_t total = 0;
  int64_t restarts = 0;
  std::optional<system_clock::time_point> last_restart;
};

PodSummary summarize(const json& pod) {
  const json& spec = object_at(pod, "spec");
  const json& status = object_at(pod, "status");
  PodSummary s;
  s.total = static_cast<int64_t>(array_at(spec, "containers").size());
  std::set<std::string> sidecars;  // init containers with restartPolicy Always
  for (const auto& c : array_at(spec, "initContainers"))
    if (text(c, "restartPolicy") == "Always") sidecars.insert(text(c, "name"));
  s.total += static_cast<int64_t>(sidecars.size());

  s.reason = text(status, "phase");
  if (!text(status, "reason").empty()) s.reason = text(status, "reason");
  for (const auto& c : array_at(status, "conditions"))
    if (text(c, "type") == "PodScheduled" && text(c, "reason") == "SchedulingGated")
      s.reason = "SchedulingGated";

  int64_t sidecar_restarts = 0;
  std::optional<system_clock::time_point> sidecar_last_restart;
  bool initializing = false;
  const json& init_statuses = array_at(status, "initContainerStatuses");
  const size_t init_count = array_at(spec, "initContainers").size();
  for (size_t i = 0; i < init_statuses.size(); ++i) {
    const json& c = init_statuses[i];
    const json& state = object_at(c, "state");
    s.restarts += int_at(c, "restartCount");
    track_restart(c, s.last_restart);
    const bool sidecar = sidecars.count(text(c, "name")) > 0;
    if (sidecar) {
      sidecar_restarts += int_at(c, "restartCount");
      track_restart(c, sidecar_last_restart);
    }
    if (state.contains("terminated") && int_at(state["terminated"], "exitCode") == 0) continue;
    if (sidecar && c.value("started", false) == true) {
      if (c.value("ready", false) == true) ++s.ready;
      continue;
    }
    if (state.contains("terminated")) {
      s.reason = terminated_reason(state["terminated"], "Init:");
    } else if (std::string waiting = text(object_at(state, "waiting"), "reason");
               !waiting.empty() && waiting != "PodInitializing") {
      s.reason = "Init:" + waiting;
    } else {
      s.reason = "Init:" + std::to_string(i) + "/" + std::to_string(init_count);
    }
    initializing = true;
    break;
  }

  if (!initializing || condition_true(status, "Initialized")) {
    s.restarts = sidecar_restarts;
    s.last_restart = sidecar_last_restart;
    bool has_running = false;
    const json& statuses = array_at(status, "containerStatuses");
    for (auto it = statuses.rbegin(); it != statuses.rend(); ++it) {
      const json& c = *it;
      const json& state = object_at(c, "state");
      s.restarts += int_at(c, "restartCount");
      track_restart(c, s.last_restart);
      std::string waiting = text(object_at(state, "waiting"), "reason");
      if (!waiting.empty()) {
        s.reason = waiting;
      } else if (state.contains("terminated")) {
        s.reason = terminated_reason(state["terminated"], "");
      } else if (c.value("ready", false) == true && state.contains("running")) {
        has_running = true;
        ++s.ready;
      }
    }
    if (s.reason == "Completed" && has_running)
      s.reason = condition_true(status, "Ready") ? "Running" : "NotReady";
  }

  if (meta_field(pod, "deletionTimestamp")) {
    std::string phase = text(status, "phase");
    if (text(status, "reason") == "NodeLost") s.reason = "Unknown";
    else if (phase != "Succeeded" && phase != "Failed") s.reason = "Terminating";
  }
  return s;
}

std::string or_none(const std::string& value) { return value.empty() ? "<none>" : value; }

std::string readiness_gates(const json& pod) {
  const json& gates = array_at(object_at(pod, "spec"), "readinessGates");
  if (gates.empty()) return "<none>";
  int ready = 0;
  for (const auto& gate : gates)
    if (condition_true(object_at(pod, "status"), text(gate, "conditionType"))) ++ready;
  return std::to_string(ready) + "/" + std::to_string(gates.size());
}

}  // namespace

TablePrinter pod_table_printer() {
  using apps::column;
  TablePrinter p;
  p.columns = {
      apps::name_column(),
      column("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
      column("Status", "string", "The aggregate status of the containers in this pod."),
      column("Restarts", "string",
             "The number of times the containers in this pod have been restarted and when the last "
             "container in this pod has restarted."),
      apps::age_column(),
      column("IP", "string", "podIP address allocated to the pod. Routable at least within the cluster.", 1),
      column("Node", "string", "NodeName indicates in which node this pod is scheduled.", 1),
      column("Nominated Node", "string",
             "nominatedNodeName is set when this pod preempts other pods on the node.", 1),
      column("Readiness Gates", "string", "If specified, all readiness gates will be evaluated for pod readiness.", 1),
  };
  // Everything summarize(), readiness_gates() and the cells below look at; of spec.containers
  // only the length.
  p.reads = {{"metadata", {"name", "creationTimestamp", "deletionTimestamp"}},
             {"spec", {"initContainers", "nodeName", "readinessGates"}, {"containers"}},
             {"status", {}}};
  // A finished pod's row says so, as upstream's printPod (RowCompleted).
  p.conditions = [](const json& pod) -> json {
    const std::string phase = text(object_at(pod, "status"), "phase");
    if (phase != "Succeeded" && phase != "Failed") return nullptr;
    return json::array({{{"type", "Completed"}, {"status", "True"}, {"reason", phase},
                         {"message", phase == "Succeeded" ? "The pod has completed successfully." : "The pod failed."}}});
  };
  p.cells = [](const json& pod, system_clock::time_point now) {
    PodSummary s = summarize(pod);
    std::string restarts = std::to_string(s.restarts);
    if (s.restarts != 0 && s.last_restart)
      restarts += " (" + human_duration(std::chrono::duration_cast<std::chrono::seconds>(now - *s.last_restart)) + " ago)";
    const json& status = object_at(pod, "status");
    std::string ip = text(status, "podIP");
    if (ip.empty() && !array_at(status, "podIPs").empty()) ip = text(array_at(status, "podIPs")[0], "ip");
    return json::array({meta_string(pod, "name"),
                        std::to_string(s.ready) + "/" + std::to_string(s.total), s.reason, restarts,
                        age_since(pod, now), or_none(ip), or_none(text(object_at(pod, "spec"), "nodeName")),
                        or_none(text(status, "nominatedNodeName")), readiness_gates(pod)});
  };
  return p;
}

}  // namespace kapi::registry::core
