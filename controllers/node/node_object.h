// The simulated node as the API shows it: the Node object kapi registers (labels, capacity from
// this machine, addresses, nodeInfo) and the Ready status a kubelet would post.
#pragma once

#include <string>

#include "client/client.h"

namespace kapi::controllers::node {

using json = client::json;

struct NodeIdentity {
  std::string name;
  std::string internal_ip;
};

// metadata and spec of a new Node (no status: the status subresource carries it).
json node_object(const NodeIdentity& identity);
// The full status: Ready and the pressure conditions (heartbeat `now`), capacity, allocatable,
// addresses, nodeInfo, daemonEndpoints. Conditions keep their lastTransitionTime from `previous`
// (the node's current status) when their status did not change.
json node_status(const NodeIdentity& identity, const json& previous, const std::string& now);

// The kubelet's node Lease in kube-node-lease: held by the node, 40 s long, renewed at `renew_time`
// (a MicroTime), owned by the Node so that deleting the node removes it.
inline constexpr const char* kNodeLeaseNamespace = "kube-node-lease";
inline constexpr int kNodeLeaseDurationSeconds = 40;
json node_lease(const NodeIdentity& identity, const std::string& node_uid, const std::string& renew_time);

}  // namespace kapi::controllers::node
