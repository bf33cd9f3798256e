// POST pods/<name>/binding (upstream's BindingREST): assigns a pending pod to a node, once. Here,
// not in the HTTP handler, so the scheduler's in-process client binds exactly as kubectl would.
#pragma once

#include "registry/api_error.h"
#include "registry/generic_store.h"

namespace kapi::registry {

// `binding` is a v1 Binding: metadata.name names the pod (or `pod_name` does when non-empty),
// target.name the node; its annotations are copied onto the pod. Refused with 409 when the pod
// is being deleted or already has a node; 422 without a target.
ApiResult<Written> bind_pod(const GenericStore& pods, const std::string& ns, const std::string& pod_name,
                            const json& binding, bool dry_run);

}  // namespace kapi::registry
