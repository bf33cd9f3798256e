// What `kubectl apply -f local-path-storage.yaml` puts in a cluster, minus the provisioner's own
// Deployment and RBAC (kapi runs it in-process): namespace local-path-storage, ConfigMap
// local-path-config and the default StorageClass local-path.
#pragma once

#include <optional>
#include <string>

#include "client/client.h"

namespace kapi::controllers::localpath {

client::json storage_namespace();
client::json local_path_config(const std::string& root);  // config.json names `root` for every node
client::json local_path_storage_class();

// Creates each object unless it exists: an object already there is left as it is, so a user's
// edits (another default class, a changed config) survive restarts. Answers the first failure.
std::optional<std::string> install_defaults(client::Client& client, const std::string& root);

}  // namespace kapi::controllers::localpath
