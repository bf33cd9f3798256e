#include "registry/apps/pod_template.h"

#include "registry/core/pod_spec.h"

namespace kapi::registry::apps {

void default_pod_template(json& spec) {
  json& pod_template = object_member(spec, "template");
  json& metadata = object_member(pod_template, "metadata");
  if (!metadata.contains("creationTimestamp")) metadata["creationTimestamp"] = nullptr;
  object_member(pod_template, "spec");
  core::default_pod_template_spec(pod_template);
}

void canonicalize_pod_template(json& obj) {
  if (field_at(obj, {"spec", "template"}).is_object()) core::canonicalize_pod_template_spec(obj["spec"]["template"]);
}

void validate_pod_template(const json& spec, FieldErrors& errors) {
  core::validate_pod_template_spec(field_at(spec, {"template"}), "spec.template", errors);
}

}  // namespace kapi::registry::apps
