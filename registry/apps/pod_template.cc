#include "registry/apps/pod_template.h"

namespace kapi::registry::apps {

// TODO(resources issue): call registry/core/pod_spec once it lands. Until then only the
// restartPolicy default the workload rules depend on is applied.
void default_pod_template(json& spec) {
  json& pod_template = object_member(spec, "template");
  json& pod_spec = object_member(pod_template, "spec");
  if (!pod_spec.contains("restartPolicy") || pod_spec["restartPolicy"] == "") pod_spec["restartPolicy"] = "Always";
}

void validate_pod_template(const json& spec, FieldErrors& errors) {
  validate_labels(field_at(spec, {"template", "metadata", "labels"}), "spec.template.metadata.labels", errors);
}

}  // namespace kapi::registry::apps
