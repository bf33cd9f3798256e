#include "registry/core/table_cells.h"

#include "registry/object_meta.h"
#include "registry/quantity.h"
#include "registry/validation/field_checks.h"

namespace kapi::registry::core {

using validation::object_at;
using validation::text;

std::string quantity_cell(const json& value) {
  if (value.is_null()) return "0";
  if (auto canonical = canonical_quantity(value)) return *canonical;
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::string access_modes_cell(const json& modes) {
  static const std::pair<const char*, const char*> kAbbreviations[] = {
      {"ReadWriteOnce", "RWO"}, {"ReadOnlyMany", "ROX"}, {"ReadWriteMany", "RWX"}, {"ReadWriteOncePod", "RWOP"}};
  std::string out;
  if (!modes.is_array()) return out;
  for (auto [mode, abbreviation] : kAbbreviations)
    for (const auto& m : modes)
      if (m == mode) {
        out += (out.empty() ? "" : ",") + std::string(abbreviation);
        break;
      }
  return out;
}

std::string storage_class_cell(const json& obj) {
  const json& annotations = object_at(object_at(obj, "metadata"), "annotations");
  auto it = annotations.find("volume.beta.kubernetes.io/storage-class");
  if (it != annotations.end() && it->is_string()) return it->get<std::string>();
  return text(object_at(obj, "spec"), "storageClassName");
}

std::string or_unset(const json& obj, const char* field) {
  std::string value = text(obj, field);
  return value.empty() ? "<unset>" : value;
}

TablePrinter created_at_printer() {
  TablePrinter p = name_age_printer();
  p.columns[1].name = "Created At";
  p.columns[1].type = "date";
  p.cells = [](const json& obj, std::chrono::system_clock::time_point) {
    return json::array({meta_string(obj, "name"), meta_string(obj, "creationTimestamp")});
  };
  return p;
}

}  // namespace kapi::registry::core
