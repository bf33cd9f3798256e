// ResourceQuotas: spec.hard quantities and scopes checked, status (hard/used) through /status,
// and the table of `name: used/hard` pairs split into requests and limits.
#include <map>

#include "registry/apps/workload_columns.h"
#include "registry/core/resources.h"
#include "registry/core/table_cells.h"
#include "registry/object_meta.h"
#include "registry/validation/field_checks.h"

namespace kapi::registry::core {
namespace {

using validation::array_at;
using validation::object_at;

class ResourceQuotaStrategy : public Strategy {
 public:
  void validate(const json& obj, std::vector<FieldError>& errors) const override {
    const json& spec = object_at(obj, "spec");
    validation::check_resource_list("spec.hard", object_at(spec, "hard"), errors);
    const json& scopes = array_at(spec, "scopes");
    for (size_t i = 0; i < scopes.size(); ++i)
      validation::check_enum(validation::index("spec.scopes", i), scopes[i],
                             {"BestEffort", "CrossNamespacePodAffinity", "NotBestEffort", "NotTerminating",
                              "PriorityClass", "Terminating"},
                             errors);
  }
  void validate_update(const json& obj, const json&, std::vector<FieldError>& errors) const override {
    validate(obj, errors);
  }
  bool tracks_generation() const override { return false; }
  void canonicalize(json& obj) const override {
    if (obj.contains("spec") && obj["spec"].contains("hard")) canonicalize_quantity_map(obj["spec"]["hard"]);
  }
  TablePrinter table_printer() const override {
    TablePrinter p;
    p.columns = {apps::name_column(), apps::age_column(),
                 apps::column("Request", "string", "Request represents a minimum amount of cpu/memory that a container may consume."),
                 apps::column("Limit", "string", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.")};
    p.cells = [](const json& quota, std::chrono::system_clock::time_point now) {
      const json& status = object_at(quota, "status");
      const json& used = object_at(status, "used");
      std::map<std::string, json> hard;  // sorted by name
      for (const auto& [name, value] : object_at(status, "hard").items()) hard[name] = value;
      std::string requests, limits;
      for (const auto& [name, value] : hard) {
        std::string entry = name + ": " + quantity_cell(used.contains(name) ? used[name] : json()) + "/" + quantity_cell(value);
        std::string& column = name.substr(0, name.find('.')) == "limits" ? limits : requests;
        column += (column.empty() ? "" : ", ") + entry;
      }
      return json::array({meta_string(quota, "name"), age_since(quota, now), requests, limits});
    };
    return p;
  }
};
}  // namespace

ResourceDefinition resourcequotas() {
  return {{"", "v1", "ResourceQuota", "resourcequotas", "resourcequota", {"quota"}, {}, true, {"status"}},
          std::make_shared<ResourceQuotaStrategy>()};
}
}  // namespace kapi::registry::core
