// Deployments (apps/v1), as upstream's pkg/registry/apps/deployment: defaults from
// pkg/apis/apps/v1/defaults.go, ValidateDeploymentSpec, an immutable selector, a generation that
// also moves when annotations change (they are copied to the ReplicaSets), and printDeployment.
#include "registry/apps/go_repr.h"
#include "registry/object_meta.h"
#include "registry/apps/pod_template.h"
#include "registry/apps/resources.h"
#include "registry/apps/workload_columns.h"
#include "registry/selector/label_selector.h"

namespace kapi::registry::apps {
namespace {

void apply_defaults(json& obj) {
  json& spec = object_member(obj, "spec");
  if (!spec["replicas"].is_number()) spec["replicas"] = 1;
  json& strategy = object_member(spec, "strategy");
  if (string_at(strategy, {"type"}).empty()) strategy["type"] = "RollingUpdate";
  if (strategy["type"] == "RollingUpdate") {
    json& rolling = object_member(strategy, "rollingUpdate");
    if (rolling.value("maxUnavailable", json()).is_null()) rolling["maxUnavailable"] = "25%";
    if (rolling.value("maxSurge", json()).is_null()) rolling["maxSurge"] = "25%";
  }
  if (!spec["revisionHistoryLimit"].is_number()) spec["revisionHistoryLimit"] = 10;
  if (!spec["progressDeadlineSeconds"].is_number()) spec["progressDeadlineSeconds"] = 600;
  default_pod_template(spec);
}

// %#v of the internal DeploymentStrategy, which upstream prints for an unknown type.
std::string go_deployment_strategy(const json& strategy) {
  return "apps.DeploymentStrategy{Type:" + selector::go_quote(string_at(strategy, {"type"})) +
         ", RollingUpdate:(*apps.RollingUpdateDeployment)(" +
         (field_at(strategy, {"rollingUpdate"}).is_null() ? "nil" : "0xc000000000") + ")}";
}

void validate_strategy(const json& strategy, FieldErrors& errors) {
  const std::string type = string_at(strategy, {"type"});
  const json& rolling = field_at(strategy, {"rollingUpdate"});
  if (type == "Recreate") {
    if (!rolling.is_null())
      errors.push_back(forbidden("spec.strategy.rollingUpdate",
                                 "may not be specified when strategy `type` is 'Recreate'"));
  } else if (type == "RollingUpdate") {
    if (rolling.is_null()) {
      errors.push_back(required("spec.strategy.rollingUpdate", "this should be defaulted and never be nil"));
      return;
    }
    const json& unavailable = field_at(rolling, {"maxUnavailable"});
    const json& surge = field_at(rolling, {"maxSurge"});
    validate_int_or_percent(unavailable, "spec.strategy.rollingUpdate.maxUnavailable", errors);
    validate_int_or_percent(surge, "spec.strategy.rollingUpdate.maxSurge", errors);
    if (int_or_percent_value(unavailable) == 0 && int_or_percent_value(surge) == 0)
      errors.push_back(invalid_rendered("spec.strategy.rollingUpdate.maxUnavailable", go_int_or_string(unavailable),
                                        "may not be 0 when `maxSurge` is 0"));
    validate_at_most_100_percent(unavailable, "spec.strategy.rollingUpdate.maxUnavailable", errors);
  } else {
    errors.push_back({"FieldValueNotSupported", "spec.strategy",
                      "Unsupported value: " + go_deployment_strategy(strategy) +
                          ": supported values: \"Recreate\", \"RollingUpdate\""});
  }
}

void validate_spec(const json& obj, FieldErrors& errors) {
  const json& spec = field_at(obj, {"spec"});
  validate_nonnegative(spec, "replicas", "spec.replicas", errors);
  validate_workload_selector(spec, "deployment", "invalid label selector", errors);
  validate_pod_template(spec, errors);
  validate_template_restart_rules(spec, "ReplicaSet", errors);
  validate_strategy(field_at(spec, {"strategy"}), errors);
  validate_nonnegative(spec, "minReadySeconds", "spec.minReadySeconds", errors);
  validate_nonnegative(spec, "revisionHistoryLimit", "spec.revisionHistoryLimit", errors);
  const json& deadline = field_at(spec, {"progressDeadlineSeconds"});
  if (deadline.is_number()) {
    validate_nonnegative(spec, "progressDeadlineSeconds", "spec.progressDeadlineSeconds", errors);
    if (deadline.get<int64_t>() <= int_field(spec, {"minReadySeconds"}))
      errors.push_back(invalid_value("spec.progressDeadlineSeconds", deadline, "must be greater than minReadySeconds"));
  }
}

std::string selector_cell(const json& obj) {
  const json& selector = field_at(obj, {"spec", "selector"});
  if (!selector.is_object()) return "";
  auto parsed = selector::LabelSelector::from_json(selector);
  if (std::holds_alternative<std::string>(parsed)) return "<invalid>";
  return std::get<selector::LabelSelector>(parsed).to_string();
}

class DeploymentStrategy : public Strategy {
 public:
  void prepare_for_create(json& obj) const override {
    apply_defaults(obj);
    obj["status"] = json::object();
  }
  void validate(const json& obj, FieldErrors& errors) const override { validate_spec(obj, errors); }
  void prepare_for_update(json& obj, const json& old) const override {
    apply_defaults(obj);
    // Annotations are copied to the ReplicaSets, so changing them is a new generation too.
    if (field_at(obj, {"metadata", "annotations"}) != field_at(old, {"metadata", "annotations"}))
      obj["metadata"]["generation"] = int_field(old, {"metadata", "generation"}) + 1;
  }
  void validate_update(const json& obj, const json& old, FieldErrors& errors) const override {
    validate_spec(obj, errors);
    validate_selector_unchanged(obj, old, errors);
  }
  // As upstream's deploymentStatusStrategy: spec and labels stay, the rest of the metadata comes
  // from the request, so the controller records deployment.kubernetes.io/revision together with
  // the status without moving the generation (a main-resource annotation change would).
  void prepare_for_status_update(json& obj, const json& old) const override {
    json next = old;
    if (obj.contains("status")) next["status"] = obj["status"];
    else next.erase("status");
    if (obj.contains("metadata") && obj["metadata"].is_object()) {
      next["metadata"] = obj["metadata"];
      if (const json* labels = meta_field(old, "labels")) next["metadata"]["labels"] = *labels;
      else next["metadata"].erase("labels");
    }
    obj = std::move(next);
  }
  bool tracks_generation() const override { return true; }
  void canonicalize(json& obj) const override { canonicalize_pod_template(obj); }

  TablePrinter table_printer() const override {
    return {{name_column(),
             column("Ready", "string", "Number of the pod with ready state"),
             column("Up-to-date", "string", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
             column("Available", "string", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
             age_column(),
             column("Containers", "string", "Names of each container in the template.", 1),
             column("Images", "string", "Images referenced by each container in the template.", 1),
             column("Selector", "string", "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.", 1)},
            [](const json& obj, std::chrono::system_clock::time_point now) {
              return json::array({meta_string(obj, "name"),
                                  std::to_string(int_field(obj, {"status", "readyReplicas"})) + "/" +
                                      std::to_string(int_field(obj, {"spec", "replicas"})),
                                  int_field(obj, {"status", "updatedReplicas"}),
                                  int_field(obj, {"status", "availableReplicas"}), age_since(obj, now),
                                  template_container_names(obj), template_container_images(obj),
                                  selector_cell(obj)});
            }};
  }
};

}  // namespace

ResourceDefinition deployments() {
  return {{"apps", "v1", "Deployment", "deployments", "deployment", {"deploy"}, {"all"}, true, {"status", "scale"}},
          std::make_shared<DeploymentStrategy>()};
}

}  // namespace kapi::registry::apps
