// ReplicationControllers: selector and labels default to the template's labels, replicas to 1,
// the template gets PodSpec defaults; the selector must match the template, whose
// restartPolicy must be Always; generation tracks spec changes; status and scale subresources.
#include "registry/apps/go_repr.h"
#include "registry/apps/workload_columns.h"
#include "registry/core/pod_spec.h"
#include "registry/core/resources.h"
#include "registry/object_meta.h"
#include "registry/validation/object_meta_validation.h"

namespace kapi::registry::core {
namespace {

using validation::array_at;
using validation::object_at;
using validation::text;

// The containers' names or images of spec.template, joined with ",".
std::string template_containers(const json& rc, const char* field) {
  std::string out;
  for (const auto& c : array_at(object_at(object_at(object_at(rc, "spec"), "template"), "spec"), "containers"))
    out += (out.empty() ? "" : ",") + text(c, field);
  return out;
}

class ReplicationControllerStrategy : public Strategy {
 public:
  void prepare_for_create(json& obj) const override { apply_defaults(obj); }
  void prepare_for_update(json& obj, const json&) const override { apply_defaults(obj); }
  bool tracks_generation() const override { return true; }

  void validate(const json& obj, std::vector<FieldError>& errors) const override {
    const json& spec = object_at(obj, "spec");
    const json& selector = object_at(spec, "selector");
    if (selector.empty()) errors.push_back(required("spec.selector", ""));
    else validation::validate_labels(selector, "spec.selector", errors);
    if (spec.contains("replicas")) validation::check_nonnegative("spec.replicas", spec["replicas"], errors);
    if (spec.contains("minReadySeconds"))
      validation::check_nonnegative("spec.minReadySeconds", spec["minReadySeconds"], errors);
    if (!spec.contains("template") || !spec["template"].is_object()) {
      errors.push_back(required("spec.template", ""));
      return;
    }
    const json& tmpl = spec["template"];
    const json& labels = object_at(object_at(tmpl, "metadata"), "labels");
    bool matches = !selector.empty();
    for (const auto& [k, v] : selector.items()) matches = matches && labels.contains(k) && labels[k] == v;
    if (!selector.empty() && !matches)
      errors.push_back(apps::invalid_rendered("spec.template.metadata.labels", apps::go_string_map(labels),
                                              "`selector` does not match template `labels`"));
    validate_pod_template_spec(tmpl, "spec.template", errors);
    const json restart = object_at(tmpl, "spec").value("restartPolicy", json(""));
    if (restart != "Always" && restart != "")
      errors.push_back(not_supported("spec.template.spec.restartPolicy", restart, {"Always"}));
  }
  void validate_update(const json& obj, const json&, std::vector<FieldError>& errors) const override {
    validate(obj, errors);
  }
  void canonicalize(json& obj) const override {
    if (obj.contains("spec") && obj["spec"].contains("template")) canonicalize_pod_template_spec(obj["spec"]["template"]);
  }
  TablePrinter table_printer() const override {
    using apps::column;
    TablePrinter p;
    p.columns = {apps::name_column(),
                 column("Desired", "integer", "Replicas is the number of desired replicas."),
                 column("Current", "integer", "Replicas is the most recently observed number of replicas."),
                 column("Ready", "integer", "The number of ready replicas for this replication controller."),
                 apps::age_column(),
                 column("Containers", "string", "Names of each container in the template.", 1),
                 column("Images", "string", "Images referenced by each container in the template.", 1),
                 column("Selector", "string", "Selector is a label query over pods that should match the Replicas count.", 1)};
    p.cells = [](const json& rc, std::chrono::system_clock::time_point now) {
      const json& spec = object_at(rc, "spec");
      return json::array({meta_string(rc, "name"), apps::int_field(rc, {"spec", "replicas"}),
                          apps::int_field(rc, {"status", "replicas"}), apps::int_field(rc, {"status", "readyReplicas"}),
                          age_since(rc, now), template_containers(rc, "name"), template_containers(rc, "image"),
                          apps::format_labels(object_at(spec, "selector"))});
    };
    return p;
  }

 private:
  static void apply_defaults(json& obj) {
    json& spec = obj["spec"];
    if (!spec.is_object()) spec = json::object();
    if (!spec.contains("replicas") || spec["replicas"].is_null()) spec["replicas"] = 1;
    if (!spec.contains("template") || !spec["template"].is_object()) return;
    json& tmpl = spec["template"];
    default_pod_template_spec(tmpl);
    const json& labels = object_at(object_at(tmpl, "metadata"), "labels");
    if (labels.empty()) return;
    if (object_at(spec, "selector").empty()) spec["selector"] = labels;
    if (object_at(obj["metadata"], "labels").empty()) obj["metadata"]["labels"] = labels;
  }
};
}  // namespace

ResourceDefinition replicationcontrollers() {
  return {{"", "v1", "ReplicationController", "replicationcontrollers", "replicationcontroller", {"rc"}, {"all"}, true,
           {"status", "scale"}},
          std::make_shared<ReplicationControllerStrategy>()};
}
}  // namespace kapi::registry::core
