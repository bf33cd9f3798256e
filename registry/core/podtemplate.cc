// PodTemplates: the template gets PodSpec defaults and validation at `template`; the table
// shows containers, images and pod labels (and, as upstream, no AGE).
#include "registry/apps/workload_columns.h"
#include "registry/core/pod_spec.h"
#include "registry/core/resources.h"
#include "registry/object_meta.h"

namespace kapi::registry::core {
namespace {

using validation::array_at;
using validation::object_at;
using validation::text;

std::string containers_of(const json& pt, const char* field) {
  std::string out;
  for (const auto& c : array_at(object_at(object_at(pt, "template"), "spec"), "containers"))
    out += (out.empty() ? "" : ",") + text(c, field);
  return out;
}

class PodTemplateStrategy : public Strategy {
 public:
  void prepare_for_create(json& obj) const override { apply_defaults(obj); }
  void prepare_for_update(json& obj, const json&) const override { apply_defaults(obj); }
  void validate(const json& obj, std::vector<FieldError>& errors) const override {
    validate_pod_template_spec(object_at(obj, "template"), "template", errors);
  }
  void validate_update(const json& obj, const json&, std::vector<FieldError>& errors) const override {
    validate(obj, errors);
  }
  void canonicalize(json& obj) const override {
    if (obj.contains("template")) canonicalize_pod_template_spec(obj["template"]);
  }
  TablePrinter table_printer() const override {
    using apps::column;
    TablePrinter p;
    p.columns = {apps::name_column(),
                 column("Containers", "string", "Names of each container in the template."),
                 column("Images", "string", "Images referenced by each container in the template."),
                 column("Pod Labels", "string", "The labels for the pod template.")};
    p.cells = [](const json& pt, std::chrono::system_clock::time_point) {
      return json::array({meta_string(pt, "name"), containers_of(pt, "name"), containers_of(pt, "image"),
                          apps::format_labels(object_at(object_at(object_at(pt, "template"), "metadata"), "labels"))});
    };
    return p;
  }

 private:
  static void apply_defaults(json& obj) {
    json& tmpl = obj["template"];
    if (!tmpl.is_object()) tmpl = json::object();
    if (!tmpl.contains("spec") || !tmpl["spec"].is_object()) tmpl["spec"] = json::object();
    default_pod_template_spec(tmpl);
  }
};
}  // namespace

ResourceDefinition podtemplates() {
  return {{"", "v1", "PodTemplate", "podtemplates", "podtemplate", {}, {}, true, {}},
          std::make_shared<PodTemplateStrategy>()};
}
}  // namespace kapi::registry::core
