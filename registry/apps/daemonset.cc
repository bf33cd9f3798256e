// DaemonSets (apps/v1), as upstream's pkg/registry/apps/daemonset: updateStrategy RollingUpdate
// with maxUnavailable 1 / maxSurge 0, revisionHistoryLimit 10, ValidateDaemonSetSpec, an
// immutable selector, and printDaemonSet.
#include "registry/apps/go_repr.h"
#include "registry/apps/pod_template.h"
#include "registry/apps/resources.h"
#include "registry/apps/workload_columns.h"
#include "registry/object_meta.h"
#include "registry/selector/label_requirement.h"

namespace kapi::registry::apps {
namespace {

void apply_defaults(json& obj) {
  json& spec = object_member(obj, "spec");
  json& strategy = object_member(spec, "updateStrategy");
  if (string_at(strategy, {"type"}).empty()) strategy["type"] = "RollingUpdate";
  if (strategy["type"] == "RollingUpdate") {
    json& rolling = object_member(strategy, "rollingUpdate");
    if (rolling.value("maxUnavailable", json()).is_null()) rolling["maxUnavailable"] = 1;
    if (rolling.value("maxSurge", json()).is_null()) rolling["maxSurge"] = 0;
  }
  if (!spec["revisionHistoryLimit"].is_number()) spec["revisionHistoryLimit"] = 10;
  default_pod_template(spec);
}

void validate_update_strategy(const json& strategy, FieldErrors& errors) {
  const std::string type = string_at(strategy, {"type"});
  if (type == "OnDelete") return;
  if (type != "RollingUpdate") {
    errors.push_back({"FieldValueNotSupported", "spec.updateStrategy",
                      "Unsupported value: apps.DaemonSetUpdateStrategy{Type:" + selector::go_quote(type) +
                          ", RollingUpdate:(*apps.RollingUpdateDaemonSet)(" +
                          (field_at(strategy, {"rollingUpdate"}).is_null() ? "nil" : "0xc000000000") +
                          ")}: supported values: \"RollingUpdate\", \"OnDelete\""});
    return;
  }
  const json& rolling = field_at(strategy, {"rollingUpdate"});
  if (rolling.is_null()) {
    errors.push_back(required("spec.updateStrategy.rollingUpdate", ""));
    return;
  }
  const std::string at = "spec.updateStrategy.rollingUpdate";
  const json& unavailable = field_at(rolling, {"maxUnavailable"});
  const json& surge = field_at(rolling, {"maxSurge"});
  validate_int_or_percent(unavailable, at + ".maxUnavailable", errors);
  validate_int_or_percent(surge, at + ".maxSurge", errors);
  validate_at_most_100_percent(unavailable, at + ".maxUnavailable", errors);
  validate_at_most_100_percent(surge, at + ".maxSurge", errors);
  const bool has_unavailable = int_or_percent_value(unavailable) != 0;
  const bool has_surge = int_or_percent_value(surge) != 0;
  if (has_unavailable && has_surge)
    errors.push_back(invalid_rendered(at + ".maxSurge", go_int_or_string(surge),
                                      "may not be set when maxUnavailable is non-zero"));
  else if (!has_unavailable && !has_surge)
    errors.push_back(required(at + ".maxUnavailable", "cannot be 0 when maxSurge is 0"));
}

void validate_spec(const json& obj, FieldErrors& errors) {
  const json& spec = field_at(obj, {"spec"});
  const json& selector = field_at(spec, {"selector"});
  validate_label_selector(selector, "spec.selector", errors);
  // Unlike the other workloads, a missing selector is only reported as not matching.
  validate_template_matches(selector, spec, /*skip_when_empty=*/false, errors);
  if (selector.is_object() && field_at(selector, {"matchLabels"}).empty() &&
      field_at(selector, {"matchExpressions"}).empty())
    errors.push_back(invalid_rendered("spec.selector", go_label_selector(selector),
                                      "empty selector is invalid for daemonset"));
  validate_pod_template(spec, errors);
  validate_template_restart_rules(spec, "DaemonSet", errors);
  validate_nonnegative(spec, "minReadySeconds", "spec.minReadySeconds", errors);
  validate_nonnegative(spec, "templateGeneration", "spec.templateGeneration", errors);
  validate_update_strategy(field_at(spec, {"updateStrategy"}), errors);
  validate_nonnegative(spec, "revisionHistoryLimit", "spec.revisionHistoryLimit", errors);
}

class DaemonSetStrategy : public Strategy {
 public:
  void prepare_for_create(json& obj) const override {
    apply_defaults(obj);
    // These four counters are not omitempty upstream.
    obj["status"] = {{"currentNumberScheduled", 0}, {"desiredNumberScheduled", 0},
                     {"numberMisscheduled", 0}, {"numberReady", 0}};
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
             column("Desired", "integer", "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod)."),
             column("Current", "integer", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod."),
             column("Ready", "integer", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready."),
             column("Up-to-date", "integer", "The total number of nodes that are running updated daemon pod"),
             column("Available", "integer", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)"),
             column("Node Selector", "string", "NodeSelector is a selector which must be true for the pod to fit on a node."),
             age_column(),
             column("Containers", "string", "Names of each container in the template.", 1),
             column("Images", "string", "Images referenced by each container in the template.", 1),
             column("Selector", "string", "A label query over pods that are managed by the daemon set.", 1)},
            [](const json& obj, std::chrono::system_clock::time_point now) {
              return json::array({meta_string(obj, "name"),
                                  int_field(obj, {"status", "desiredNumberScheduled"}),
                                  int_field(obj, {"status", "currentNumberScheduled"}),
                                  int_field(obj, {"status", "numberReady"}),
                                  int_field(obj, {"status", "updatedNumberScheduled"}),
                                  int_field(obj, {"status", "numberAvailable"}),
                                  format_labels(field_at(obj, {"spec", "template", "spec", "nodeSelector"})),
                                  age_since(obj, now), template_container_names(obj),
                                  template_container_images(obj),
                                  format_label_selector(field_at(obj, {"spec", "selector"}))});
            }};
  }
};

}  // namespace

ResourceDefinition daemonsets() {
  return {{"apps", "v1", "DaemonSet", "daemonsets", "daemonset", {"ds"}, {"all"}, true, {"status"}},
          std::make_shared<DaemonSetStrategy>()};
}

}  // namespace kapi::registry::apps
