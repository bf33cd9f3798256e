// CSIStorageCapacities (storage.k8s.io/v1), as upstream's pkg/registry/storage/csistoragecapacity:
// namespaced; nodeTopology and storageClassName fixed once created. Upstream wires no printer for
// them, so tables use the default convertor: NAME and CREATED AT.
#include "registry/apps/go_repr.h"
#include "registry/apps/workload_columns.h"
#include "registry/apps/workload_validation.h"
#include "registry/object_meta.h"
#include "registry/quantity.h"
#include "registry/storage/resources.h"

namespace kapi::registry::storage_k8s_io {
namespace {

using apps::field_at;
using apps::string_at;

void validate_capacity(const json& obj, std::vector<FieldError>& errors) {
  apps::validate_label_selector(field_at(obj, {"nodeTopology"}), "nodeTopology", errors);
  const std::string class_name = string_at(obj, {"storageClassName"});
  for (const auto& msg : check_dns1123_subdomain(class_name))
    errors.push_back(invalid_value("storageClassName", class_name, msg));
  const json& capacity = field_at(obj, {"capacity"});
  if (capacity.is_null()) return;
  auto parsed = Quantity::from_json(capacity);
  if (auto* error = std::get_if<std::string>(&parsed))
    errors.push_back(invalid_value("capacity", capacity, *error));
  else if (std::get<Quantity>(parsed).is_negative())
    errors.push_back(invalid_value("capacity", std::get<Quantity>(parsed).to_string(), "must be greater than or equal to 0"));
}

class CSIStorageCapacityStrategy : public Strategy {
 public:
  void validate(const json& obj, std::vector<FieldError>& errors) const override { validate_capacity(obj, errors); }
  void validate_update(const json& obj, const json& old, std::vector<FieldError>& errors) const override {
    validate_capacity(obj, errors);
    const json& topology = field_at(obj, {"nodeTopology"});
    if (topology != field_at(old, {"nodeTopology"}))
      errors.push_back(apps::invalid_rendered("nodeTopology", apps::go_label_selector(topology), "field is immutable"));
    const std::string class_name = string_at(obj, {"storageClassName"});
    if (class_name != string_at(old, {"storageClassName"}))
      errors.push_back(invalid_value("storageClassName", class_name, "field is immutable"));
  }
  void canonicalize(json& obj) const override {
    for (const char* field : {"capacity", "maximumVolumeSize"})
      if (obj.contains(field))
        if (auto canonical = canonical_quantity(obj[field])) obj[field] = *canonical;
  }

  TablePrinter table_printer() const override {
    TableColumn created{"Created At", "date", "", "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.", 0};
    return {{apps::name_column(), created},
            [](const json& obj, std::chrono::system_clock::time_point) {
              return json::array({meta_string(obj, "name"), meta_string(obj, "creationTimestamp")});
            }};
  }
};

}  // namespace

ResourceDefinition csistoragecapacities() {
  return {{"storage.k8s.io", "v1", "CSIStorageCapacity", "csistoragecapacities", "csistoragecapacity", {}, {}, true, {}},
          std::make_shared<CSIStorageCapacityStrategy>()};
}

}  // namespace kapi::registry::storage_k8s_io
