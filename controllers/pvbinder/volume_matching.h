// Which PersistentVolume a claim gets (upstream's findBestMatchForClaim / FindMatchingVolume):
// volumes are grouped by access-mode set and the smallest superset of the claim's modes is tried
// first; within a group a volume pre-bound to the claim wins at once, otherwise the smallest
// Available volume of the claim's class whose labels match its selector and whose capacity
// covers the request.
#pragma once

#include <string>
#include <vector>

#include "client/object_cache.h"

namespace kapi::controllers::pvbinder {

using client::json;
using client::ObjectPtr;

struct MatchOptions {
  // WaitForFirstConsumer before a node is chosen: only volumes pre-bound to the claim qualify.
  bool delay_binding = false;
  // The node a WaitForFirstConsumer claim was scheduled to (its labels decide PV nodeAffinity);
  // null when binding is not tied to a node. With a node, access modes must match exactly as the
  // scheduler checks them.
  const json* node = nullptr;
};

ObjectPtr find_best_match(const json& claim, const std::vector<ObjectPtr>& volumes, const MatchOptions& options);

// Why `volume` cannot serve `claim` when the claim asks for it by spec.volumeName ("" = it can):
// capacity, class, access modes, volume mode.
std::string volume_mismatch(const json& volume, const json& claim);

// The volume's required nodeAffinity admits `node` (no affinity admits every node).
bool node_affinity_matches(const json& volume, const json& node);

}  // namespace kapi::controllers::pvbinder
