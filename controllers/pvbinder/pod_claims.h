// Which claims a pod uses: its persistentVolumeClaim volumes and the claims of its generic
// ephemeral volumes ("<pod>-<volume>", as upstream names them).
#pragma once

#include <string>
#include <vector>

#include "client/client.h"

namespace kapi::controllers::pvbinder {

std::vector<std::string> claims_of_pod(const client::json& pod);
bool pod_uses_claim(const client::json& pod, const std::string& claim_name);

}  // namespace kapi::controllers::pvbinder
