// StatefulSets (apps/v1), as upstream's pkg/registry/apps/statefulset: SetDefaults_StatefulSet,
// ValidateStatefulSetSpec, a spec that is immutable but for a few fields, and printStatefulSet.
#include "registry/apps/go_repr.h"
#include "registry/apps/pod_template.h"
#include "registry/apps/resources.h"
#include "registry/apps/volume_claim_templates.h"
#include "registry/apps/workload_columns.h"
#include "registry/object_meta.h"
#include "registry/selector/label_requirement.h"
#include "registry/validation/object_meta_validation.h"

namespace kapi::registry::apps {
namespace {

using selector::go_quote;

void apply_defaults(json& obj, const json* old) {
  json& spec = object_member(obj, "spec");
  if (string_at(spec, {"podManagementPolicy"}).empty()) spec["podManagementPolicy"] = "OrderedReady";
  json& strategy = object_member(spec, "updateStrategy");
  if (string_at(strategy, {"type"}).empty()) {
    strategy["type"] = "RollingUpdate";
    object_member(strategy, "rollingUpdate");
  }
  if (strategy["type"] == "RollingUpdate" && strategy.contains("rollingUpdate") && strategy["rollingUpdate"].is_object()) {
    json& rolling = strategy["rollingUpdate"];
    if (!rolling["partition"].is_number()) rolling["partition"] = 0;
    // maxUnavailable is behind the MaxUnavailableStatefulSet gate (alpha, off in 1.32): dropped
    // unless the stored object already uses it.
    const bool stored_uses_it =
        old && !field_at(*old, {"spec", "updateStrategy", "rollingUpdate", "maxUnavailable"}).is_null();
    if (!stored_uses_it) rolling.erase("maxUnavailable");
  }
  json& retention = object_member(spec, "persistentVolumeClaimRetentionPolicy");
  if (string_at(retention, {"whenDeleted"}).empty()) retention["whenDeleted"] = "Retain";
  if (string_at(retention, {"whenScaled"}).empty()) retention["whenScaled"] = "Retain";
  if (!spec["replicas"].is_number()) spec["replicas"] = 1;
  if (!spec["revisionHistoryLimit"].is_number()) spec["revisionHistoryLimit"] = 10;
  // serviceName has no omitempty upstream, so it always prints.
  if (!spec["serviceName"].is_string()) spec["serviceName"] = "";
  default_pod_template(spec);
  default_volume_claim_templates(spec);
  // Before the frozen-spec comparison: "1024Mi" and "1Gi" are the same request, as upstream's
  // decoded Quantities are.
  canonicalize_volume_claim_templates(obj);
}

void validate_retention(const json& policy, FieldErrors& errors) {
  if (!policy.is_object()) return;
  for (const char* when : {"whenDeleted", "whenScaled"}) {
    std::string value = string_at(policy, {when});
    if (value != "Retain" && value != "Delete")
      errors.push_back(not_supported(std::string("spec.persistentVolumeClaimRetentionPolicy.") + when, value,
                                     {"Retain", "Delete"}));
  }
}

// %#v of the internal RollingUpdateStatefulSetStrategy (upstream prints it for OnDelete).
std::string go_rolling_update(const json& rolling) {
  return "apps.RollingUpdateStatefulSetStrategy{Partition:" + std::to_string(int_field(rolling, {"partition"})) +
         ", MaxUnavailable:(*intstr.IntOrString)(" +
         (field_at(rolling, {"maxUnavailable"}).is_null() ? "nil" : "0xc000000000") + ")}";
}

void validate_update_strategy(const json& strategy, FieldErrors& errors) {
  const std::string type = string_at(strategy, {"type"});
  const json& rolling = field_at(strategy, {"rollingUpdate"});
  if (type.empty()) {
    errors.push_back(required("spec.updateStrategy", ""));
  } else if (type == "OnDelete") {
    if (!rolling.is_null())
      errors.push_back(invalid_rendered("spec.updateStrategy.rollingUpdate", go_rolling_update(rolling),
                                        "only allowed for updateStrategy 'RollingUpdate'"));
  } else if (type == "RollingUpdate") {
    validate_nonnegative(rolling, "partition", "spec.updateStrategy.rollingUpdate.partition", errors);
  } else {
    errors.push_back(invalid_rendered(
        "spec.updateStrategy",
        "apps.StatefulSetUpdateStrategy{Type:" + go_quote(type) + ", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(" +
            (rolling.is_null() ? "nil" : "0xc000000000") + ")}",
        "must be 'RollingUpdate' or 'OnDelete'"));
  }
}

void validate_spec(const json& obj, FieldErrors& errors) {
  const json& spec = field_at(obj, {"spec"});
  const std::string policy = string_at(spec, {"podManagementPolicy"});
  if (policy.empty())
    errors.push_back(required("spec.podManagementPolicy", ""));
  else if (policy != "OrderedReady" && policy != "Parallel")
    errors.push_back(invalid_value("spec.podManagementPolicy", policy, "must be 'OrderedReady' or 'Parallel'"));
  validate_update_strategy(field_at(spec, {"updateStrategy"}), errors);
  validate_retention(field_at(spec, {"persistentVolumeClaimRetentionPolicy"}), errors);
  validate_nonnegative(spec, "replicas", "spec.replicas", errors);
  validate_nonnegative(spec, "minReadySeconds", "spec.minReadySeconds", errors);
  validate_nonnegative(field_at(spec, {"ordinals"}), "start", "spec.ordinals.start", errors);
  validate_workload_selector(spec, "statefulset", "", errors);
  // Upstream checks only the template's labels and annotations here (its pod spec is not validated), at this path.
  validation::validate_labels(field_at(spec, {"template", "metadata", "labels"}), "spec.template.labels", errors);
  validation::validate_annotations(field_at(spec, {"template", "metadata", "annotations"}), "spec.template.annotations", errors);
  validate_template_restart_rules(spec, "StatefulSet", errors);
}

// The spec with the fields an update may change taken from `old`: what must then be equal.
json frozen_spec(const json& obj, const json& old) {
  json spec = field_at(obj, {"spec"});
  if (!spec.is_object()) return spec;
  const json& old_spec = field_at(old, {"spec"});
  for (const char* mutable_field : {"replicas", "template", "updateStrategy", "minReadySeconds", "ordinals",
                                    "persistentVolumeClaimRetentionPolicy"}) {
    const json& before = field_at(old_spec, {mutable_field});
    if (before.is_null()) spec.erase(mutable_field);
    else spec[mutable_field] = before;
  }
  return spec;
}

class StatefulSetStrategy : public Strategy {
 public:
  void prepare_for_create(json& obj) const override {
    apply_defaults(obj, nullptr);
    obj["status"] = {{"availableReplicas", 0}, {"replicas", 0}};  // not omitempty upstream
  }
  void validate(const json& obj, FieldErrors& errors) const override { validate_spec(obj, errors); }
  void prepare_for_update(json& obj, const json& old) const override { apply_defaults(obj, &old); }
  void validate_update(const json& obj, const json& old, FieldErrors& errors) const override {
    validate_spec(obj, errors);
    if (frozen_spec(obj, old) != field_at(old, {"spec"}))
      errors.push_back(forbidden("spec",
                                 "updates to statefulset spec for fields other than 'replicas', 'ordinals', "
                                 "'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and "
                                 "'minReadySeconds' are forbidden"));
  }
  // StatefulSet names become pod hostnames, so upstream holds them to DNS labels.
  std::vector<std::string> check_name(const std::string& name) const override {
    return check_dns1123_label(name);
  }
  bool tracks_generation() const override { return true; }
  void canonicalize(json& obj) const override { canonicalize_pod_template(obj); }

  TablePrinter table_printer() const override {
    return {{name_column(),
             column("Ready", "string", "Number of the pod with ready state"),
             age_column(),
             column("Containers", "string", "Names of each container in the template.", 1),
             column("Images", "string", "Images referenced by each container in the template.", 1)},
            [](const json& obj, std::chrono::system_clock::time_point now) {
              return json::array({meta_string(obj, "name"),
                                  std::to_string(int_field(obj, {"status", "readyReplicas"})) + "/" +
                                      std::to_string(int_field(obj, {"spec", "replicas"})),
                                  age_since(obj, now), template_container_names(obj),
                                  template_container_images(obj)});
            }};
  }
};

}  // namespace

ResourceDefinition statefulsets() {
  return {{"apps", "v1", "StatefulSet", "statefulsets", "statefulset", {"sts"}, {"all"}, true, {"status", "scale"}},
          std::make_shared<StatefulSetStrategy>()};
}

}  // namespace kapi::registry::apps
