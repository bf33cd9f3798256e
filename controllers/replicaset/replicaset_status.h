// A ReplicaSet's status computed from the pods it owns (upstream's calculateStatus), and the pod
// a ReplicaSet creates from its template.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "client/object_cache.h"

namespace kapi::controllers {

using json = client::json;

// `active` are the set's active pods; `manage_error` is the last create/delete failure of this
// sync, if any, with `creating` saying which it was (ReplicaFailure FailedCreate/FailedDelete).
// Zero counts are left out, as upstream's omitempty fields.
json replicaset_status(const json& rs, const std::vector<client::ObjectPtr>& active,
                       const std::optional<std::string>& manage_error, bool creating,
                       std::chrono::system_clock::time_point now);

// Whether the status fields the controller owns differ.
bool replicaset_status_differs(const json& current, const json& next);

// A Pod from the set's template: generateName "<rs>-" (the server appends 5 characters), the
// template's labels, annotations and finalizers, and a controller reference to `rs`.
json pod_from_template(const json& rs);

}  // namespace kapi::controllers
