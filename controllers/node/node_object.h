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

}  // namespace kapi::controllers::node
