// spec.template of the apps/v1 workloads: PodTemplateSpec defaulting and validation under the
// `spec.template` field path. The rules themselves belong to the core group's PodSpec code; this
// is the one place the apps strategies reach it from.
#pragma once

#include "registry/apps/workload_validation.h"

namespace kapi::registry::apps {

// Applies upstream's PodTemplateSpec defaults to spec.template (creating it when absent, since
// the template is not omitempty upstream).
void default_pod_template(json& spec);
// Upstream's ValidatePodTemplateSpec for spec.template (Deployments, ReplicaSets, DaemonSets;
// StatefulSets check only the template's labels and annotations, as upstream).
void validate_pod_template(const json& spec, FieldErrors& errors);

}  // namespace kapi::registry::apps
