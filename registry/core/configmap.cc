// ConfigMaps: data and binaryData keys valid and disjoint, at most 1 MiB, frozen once
// `immutable`; the table counts both maps.
#include "registry/apps/workload_columns.h"
#include "registry/core/config_data.h"
#include "registry/core/resources.h"
#include "registry/object_meta.h"

namespace kapi::registry::core {
namespace {

using validation::object_at;

class ConfigMapStrategy : public Strategy {
 public:
  void validate(const json& obj, std::vector<FieldError>& errors) const override {
    validate_data_keys(obj, "data", errors);
    validate_data_keys(obj, "binaryData", errors);
    size_t total = 0;
    for (const auto& [k, v] : object_at(obj, "data").items())
      total += k.size() + (v.is_string() ? v.get_ref<const std::string&>().size() : 0);
    for (const auto& [k, v] : object_at(obj, "binaryData").items()) {
      if (object_at(obj, "data").contains(k))
        errors.push_back(invalid_value(validation::key("binaryData", k), k, "duplicate of key present in data"));
      total += k.size() + (v.is_string() ? v.get_ref<const std::string&>().size() * 3 / 4 : 0);
    }
    if (total > kMaxConfigDataSize) errors.push_back(too_long("", kMaxConfigDataSize));
  }
  void validate_update(const json& obj, const json& old, std::vector<FieldError>& errors) const override {
    validate(obj, errors);
    validate_immutable_data(obj, old, {"data", "binaryData"}, errors);
  }
  TablePrinter table_printer() const override {
    TablePrinter p;
    p.columns = {apps::name_column(), apps::column("Data", "string", "The number of keys in the ConfigMap."),
                 apps::age_column()};
    p.cells = [](const json& cm, std::chrono::system_clock::time_point now) {
      return json::array({meta_string(cm, "name"), object_at(cm, "data").size() + object_at(cm, "binaryData").size(),
                          age_since(cm, now)});
    };
    return p;
  }
};
}  // namespace

ResourceDefinition configmaps() {
  return {{"", "v1", "ConfigMap", "configmaps", "configmap", {"cm"}, {}, true, {}},
          std::make_shared<ConfigMapStrategy>()};
}
}  // namespace kapi::registry::core
