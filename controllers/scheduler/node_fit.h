// The scheduler's node filters (upstream's Filter plugins, in their order): unschedulable,
// taints and tolerations (a NotReady node counts as tainted not-ready), node selector and
// required node affinity, and resource requests against allocatable. Each failure is upstream's
// reason phrase, which FailedScheduling messages count per node.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "client/object_cache.h"

namespace kapi::controllers::scheduler {

using json = client::json;

// Requests of a pod as the scheduler counts them: the larger of the containers' sum and each
// init container, plus overhead. cpu in millicores, memory in bytes.
struct Requests {
  int64_t milli_cpu = 0;
  int64_t memory = 0;
};
Requests pod_requests(const json& pod);

// Why `node` cannot take `pod`, or nullopt. `pods_on_node` are the node's pods (terminal ones
// are ignored), `pod` not among them.
std::optional<std::string> node_unfit_reason(const json& pod, const json& node,
                                             const std::vector<client::ObjectPtr>& pods_on_node);

// Whether `node` satisfies a v1.NodeSelector ({nodeSelectorTerms: [...]}, terms OR-ed).
bool node_selector_matches(const json& node_selector, const json& node);

// "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) were unschedulable. preemption: ..."
// `reasons` counts nodes per reason; `pod_reason` is a failure before any node was tried
// ("pod has unbound immediate PersistentVolumeClaims").
std::string unschedulable_message(size_t nodes, const std::map<std::string, int>& reasons,
                                  const std::string& pod_reason = "");

}  // namespace kapi::controllers::scheduler
