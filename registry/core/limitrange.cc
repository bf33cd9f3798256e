// LimitRanges: container items fill default and defaultRequest from max/default/min as
// upstream's SetDefaults_LimitRangeItem; quantities are checked and min may not exceed max.
// Upstream wires no printer: the default NAME / CREATED AT table.
#include "registry/core/resources.h"
#include "registry/core/table_cells.h"
#include "registry/validation/field_checks.h"

namespace kapi::registry::core {
namespace {

using validation::array_at;
using validation::child;
using validation::index;
using validation::object_at;

// to[key] = from[key] for each key `to` lacks.
void fill_missing(json& item, const char* to, const char* from) {
  if (!item.contains(from) || !item[from].is_object()) return;
  if (!item.contains(to) || !item[to].is_object()) item[to] = json::object();
  for (const auto& [k, v] : item[from].items())
    if (!item[to].contains(k)) item[to][k] = v;
}

class LimitRangeStrategy : public Strategy {
 public:
  void prepare_for_create(json& obj) const override { apply_defaults(obj); }
  void prepare_for_update(json& obj, const json&) const override { apply_defaults(obj); }
  void validate(const json& obj, std::vector<FieldError>& errors) const override {
    const json& limits = array_at(object_at(obj, "spec"), "limits");
    for (size_t i = 0; i < limits.size(); ++i) {
      std::string at = index("spec.limits", i);
      validation::check_enum(child(at, "type"), limits[i].value("type", json("")),
                             {"Container", "Pod", "PersistentVolumeClaim"}, errors);
      for (const char* list : {"max", "min", "default", "defaultRequest", "maxLimitRequestRatio"})
        validation::check_resource_list(child(at, list), object_at(limits[i], list), errors);
      const json& max = object_at(limits[i], "max");
      for (const auto& [k, v] : object_at(limits[i], "min").items()) {
        if (!max.contains(k)) continue;
        auto lo = Quantity::from_json(v), hi = Quantity::from_json(max[k]);
        if (std::holds_alternative<Quantity>(lo) && std::holds_alternative<Quantity>(hi) &&
            std::get<Quantity>(lo) > std::get<Quantity>(hi))
          errors.push_back(invalid_value(validation::key(child(at, "min"), k), std::get<Quantity>(lo).to_string(),
                                         "min value " + std::get<Quantity>(lo).to_string() +
                                             " is greater than max value " + std::get<Quantity>(hi).to_string()));
      }
    }
  }
  void validate_update(const json& obj, const json&, std::vector<FieldError>& errors) const override {
    validate(obj, errors);
  }
  TablePrinter table_printer() const override { return created_at_printer(); }

 private:
  static void apply_defaults(json& obj) {
    if (!obj.contains("spec") || !obj["spec"].contains("limits") || !obj["spec"]["limits"].is_array()) return;
    for (auto& item : obj["spec"]["limits"]) {
      if (!item.is_object() || item.value("type", json("")) != "Container") continue;
      fill_missing(item, "default", "max");
      fill_missing(item, "defaultRequest", "default");
      fill_missing(item, "defaultRequest", "min");
      for (const char* list : {"default", "defaultRequest"})
        if (!item.contains(list)) item[list] = json::object();
    }
  }
};
}  // namespace

ResourceDefinition limitranges() {
  return {{"", "v1", "LimitRange", "limitranges", "limitrange", {"limits"}, {}, true, {}},
          std::make_shared<LimitRangeStrategy>()};
}
}  // namespace kapi::registry::core
