// spec.template of the apps/v1 workloads: PodTemplateSpec defaulting, canonical quantities and
// validation under the `spec.template` field path, by way of the core group's PodSpec rules
// (registry/core/pod_spec.h) so both groups apply the same ones.
#pragma once

#include "registry/apps/workload_validation.h"

namespace kapi::registry::apps {

// Upstream's PodTemplateSpec defaults on spec.template (created when absent: it is not
// omitempty upstream). Its metadata.creationTimestamp prints as null, as an unset metav1.Time
// does in 1.32.
void default_pod_template(json& spec);
// Container resource quantities of obj.spec.template in canonical form.
void canonicalize_pod_template(json& obj);
// Upstream's ValidatePodTemplateSpec for spec.template (Deployments, ReplicaSets, DaemonSets;
// StatefulSets check only the template's labels and annotations, as upstream).
void validate_pod_template(const json& spec, FieldErrors& errors);

}  // namespace kapi::registry::apps
