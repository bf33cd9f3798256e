// The scheduler's volume binding (upstream's VolumeBinding plugin) for one pod and one node:
// every claim the pod uses must exist; a bound claim's PV must allow the node; an unbound
// WaitForFirstConsumer claim needs a static PV that fits the node (bound by the scheduler) or a
// class whose provisioner can make one (the claim is annotated with the chosen node). Unbound
// Immediate claims are the PV controller's: the pod waits.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "client/informer.h"

namespace kapi::controllers::scheduler {

using json = client::json;

inline constexpr const char* kSelectedNodeAnnotation = "volume.kubernetes.io/selected-node";

struct VolumeCaches {
  const client::ObjectCache& claims;
  const client::ObjectCache& volumes;
  const client::ObjectCache& classes;
};

struct VolumePlan {
  std::vector<std::pair<client::ObjectPtr, client::ObjectPtr>> static_binds;  // claim, PV
  std::vector<client::ObjectPtr> provision;     // claims to annotate with the node
  bool all_bound = true;                         // nothing left to wait for
};

// A failure that no node can fix ("pod has unbound immediate PersistentVolumeClaims",
// `persistentvolumeclaim "x" not found`), checked once per pod.
std::optional<std::string> pod_volume_problem(const json& pod, const VolumeCaches& caches);

// The plan for `node`, or the reason it does not fit ("node(s) had volume node affinity
// conflict", "node(s) didn't find available persistent volumes to bind").
std::variant<VolumePlan, std::string> plan_volumes(const json& pod, const json& node, const VolumeCaches& caches);

}  // namespace kapi::controllers::scheduler
