// What the simulated kubelet reports for a pod it "runs": no containers are started, but the
// status is the one a real kubelet posts once every container is up, so kubectl, workload
// controllers and rollout status see a Running, Ready pod.
#pragma once

#include <string>

#include "client/client.h"

namespace kapi::controllers::node {

using json = client::json;

// The pod's new status (phase Running, conditions, containerStatuses, IPs, startTime), keeping
// what the API set at create (qosClass) and any earlier conditions' fields kubectl reads.
json running_status(const json& pod, const std::string& host_ip, const std::string& pod_ip, const std::string& now);

// The container statuses of a stopped pod (terminated, exit code 0), written before the final
// delete as a kubelet does.
json terminated_status(const json& pod, const std::string& now);

// "docker.io/library/postgres:16" for "postgres:16", as container runtimes report images.
std::string normalized_image(const std::string& image);

}  // namespace kapi::controllers::node
