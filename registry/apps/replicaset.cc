// ReplicaSets (apps/v1), as upstream's pkg/registry/apps/replicaset: replicas default 1,
// ValidateReplicaSetSpec, an immutable selector, and printReplicaSet.
#include "registry/apps/pod_template.h"
#include "registry/apps/resources.h"
#include "registry/apps/workload_columns.h"
#include "registry/object_meta.h"

namespace kapi::registry::apps {
namespace {

void apply_defaults(json& obj) {
  json& spec = object_member(obj, "spec");
  if (!spec["replicas"].is_number()) spec["replicas"] = 1;
  default_pod_template(spec);
}

void validate_spec(const json& obj, FieldErrors& errors) {
  const json& spec = field_at(obj, {"spec"});
  validate_nonnegative(spec, "replicas", "spec.replicas", errors);
  validate_nonnegative(spec, "minReadySeconds", "spec.minReadySeconds", errors);
  // Upstream's message names deployments here too.
  validate_workload_selector(spec, "deployment", "invalid label selector", errors);
  validate_pod_template(spec, errors);
  validate_template_restart_rules(spec, "ReplicaSet", errors);
}

class ReplicaSetStrategy : public Strategy {
 public:
  void prepare_for_create(json& obj) const override {
    apply_defaults(obj);
    obj["status"] = {{"replicas", 0}};  // status.replicas is not omitempty upstream
  }
  void validate(const json& obj, FieldErrors& errors) const override { validate_spec(obj, errors); }
  void prepare_for_update(json& obj, const json&) const override { apply_defaults(obj); }
  void validate_update(const json& obj, const json& old, FieldErrors& errors) const override {
    validate_spec(obj, errors);
    validate_selector_unchanged(obj, old, errors);
  }
  bool tracks_generation() const override { return true; }
  void canonicalize(json& obj) const override { canonicalize_pod_template(obj); }

  TablePrinter table_printer() const override {
    return {{name_column(),
             column("Desired", "integer", "Replicas is the number of desired replicas."),
             column("Current", "integer", "Replicas is the most recently observed number of replicas."),
             column("Ready", "integer", "The number of ready replicas for this replica set."),
             age_column(),
             column("Containers", "string", "Names of each container in the template.", 1),
             column("Images", "string", "Images referenced by each container in the template.", 1),
             column("Selector", "string", "Selector is a label query over pods that should match the replica count.", 1)},
            [](const json& obj, std::chrono::system_clock::time_point now) {
              return json::array({meta_string(obj, "name"), int_field(obj, {"spec", "replicas"}),
                                  int_field(obj, {"status", "replicas"}),
                                  int_field(obj, {"status", "readyReplicas"}), age_since(obj, now),
                                  template_container_names(obj), template_container_images(obj),
                                  format_label_selector(field_at(obj, {"spec", "selector"}))});
            }};
  }
};

}  // namespace

ResourceDefinition replicasets() {
  return {{"apps", "v1", "ReplicaSet", "replicasets", "replicaset", {"rs"}, {"all"}, true, {"status", "scale"}},
          std::make_shared<ReplicaSetStrategy>()};
}

}  // namespace kapi::registry::apps
