// StorageClasses (storage.k8s.io/v1), as upstream's pkg/registry/storage/storageclass:
// reclaimPolicy Delete and volumeBindingMode Immediate by default; provisioner required and a
// qualified name; parameters, provisioner, reclaimPolicy and volumeBindingMode fixed once created;
// printed with `(default)` after the default class's name.
#include <algorithm>
#include <cctype>

#include "registry/apps/workload_columns.h"
#include "registry/apps/workload_validation.h"
#include "registry/object_meta.h"
#include "registry/selector/label_validation.h"
#include "registry/storage/resources.h"

namespace kapi::registry::storage_k8s_io {
namespace {

using apps::field_at;
using apps::string_at;

constexpr size_t kMaxParameters = 512;
constexpr size_t kMaxParameterBytes = 256 * 1024;

void apply_defaults(json& obj) {
  if (string_at(obj, {"reclaimPolicy"}).empty()) obj["reclaimPolicy"] = "Delete";
  if (string_at(obj, {"volumeBindingMode"}).empty()) obj["volumeBindingMode"] = "Immediate";
}

void validate_parameters(const json& parameters, std::vector<FieldError>& errors) {
  if (!parameters.is_object()) return;
  if (parameters.size() > kMaxParameters) {
    errors.push_back(too_long("parameters", kMaxParameters));
    return;
  }
  size_t total = 0;
  for (const auto& [key, value] : parameters.items()) {
    if (key.empty()) errors.push_back(invalid_value("parameters", key, "field can not be empty."));
    total += key.size() + (value.is_string() ? value.get<std::string>().size() : 0);
  }
  if (total > kMaxParameterBytes) errors.push_back(too_long("parameters", kMaxParameterBytes));
}

void validate_class(const json& obj, std::vector<FieldError>& errors) {
  const std::string provisioner = string_at(obj, {"provisioner"});
  if (provisioner.empty()) {
    errors.push_back(required("provisioner", ""));
  } else {
    std::string lower = provisioner;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    for (const auto& msg : selector::qualified_name_errors(lower))
      errors.push_back(invalid_value("provisioner", lower, msg));
  }
  validate_parameters(field_at(obj, {"parameters"}), errors);
  const std::string reclaim = string_at(obj, {"reclaimPolicy"});
  if (!reclaim.empty() && reclaim != "Delete" && reclaim != "Retain")
    errors.push_back(not_supported("reclaimPolicy", reclaim, {"Delete", "Retain"}));
  const std::string binding = string_at(obj, {"volumeBindingMode"});
  if (binding.empty())
    errors.push_back(required("volumeBindingMode", ""));
  else if (binding != "Immediate" && binding != "WaitForFirstConsumer")
    errors.push_back(not_supported("volumeBindingMode", binding, {"Immediate", "WaitForFirstConsumer"}));
}

bool is_default_class(const json& obj) {
  for (const char* key : {"storageclass.kubernetes.io/is-default-class",
                          "storageclass.beta.kubernetes.io/is-default-class"})
    if (string_at(obj, {"metadata", "annotations", key}) == "true") return true;
  return false;
}

class StorageClassStrategy : public Strategy {
 public:
  void prepare_for_create(json& obj) const override { apply_defaults(obj); }
  void validate(const json& obj, std::vector<FieldError>& errors) const override { validate_class(obj, errors); }
  void prepare_for_update(json& obj, const json&) const override { apply_defaults(obj); }
  void validate_update(const json& obj, const json& old, std::vector<FieldError>& errors) const override {
    validate_class(obj, errors);
    // A missing parameters map and an empty one are the same to upstream (DeepEqual of nil maps
    // aside, both decode to nil).
    auto parameters = [](const json& o) {
      const json& p = field_at(o, {"parameters"});
      return p.is_object() && !p.empty() ? p : json();
    };
    if (parameters(obj) != parameters(old))
      errors.push_back(forbidden("parameters", "updates to parameters are forbidden."));
    if (string_at(obj, {"provisioner"}) != string_at(old, {"provisioner"}))
      errors.push_back(forbidden("provisioner", "updates to provisioner are forbidden."));
    if (string_at(obj, {"reclaimPolicy"}) != string_at(old, {"reclaimPolicy"}))
      errors.push_back(forbidden("reclaimPolicy", "updates to reclaimPolicy are forbidden."));
    if (string_at(obj, {"volumeBindingMode"}) != string_at(old, {"volumeBindingMode"}))
      errors.push_back(invalid_value("volumeBindingMode", string_at(obj, {"volumeBindingMode"}), "field is immutable"));
  }

  TablePrinter table_printer() const override {
    return {{apps::name_column(),
             apps::column("Provisioner", "string", "Indicates the type of the provisioner."),
             apps::column("ReclaimPolicy", "string", "Dynamically provisioned PersistentVolumes of this storage class are created with this reclaimPolicy. Defaults to Delete."),
             apps::column("VolumeBindingMode", "string", "VolumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound. When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature."),
             apps::column("AllowVolumeExpansion", "string", "AllowVolumeExpansion shows whether the storage class allow volume expand."),
             apps::age_column()},
            [](const json& obj, std::chrono::system_clock::time_point now) {
              std::string reclaim = string_at(obj, {"reclaimPolicy"});
              std::string binding = string_at(obj, {"volumeBindingMode"});
              const json& expand = field_at(obj, {"allowVolumeExpansion"});
              return json::array({meta_string(obj, "name") + (is_default_class(obj) ? " (default)" : ""),
                                  string_at(obj, {"provisioner"}), reclaim.empty() ? "Delete" : reclaim,
                                  binding.empty() ? "Immediate" : binding, expand.is_boolean() && expand.get<bool>(),
                                  age_since(obj, now)});
            }};
  }
};

}  // namespace

ResourceDefinition storageclasses() {
  return {{"storage.k8s.io", "v1", "StorageClass", "storageclasses", "storageclass", {"sc"}, {}, false, {}},
          std::make_shared<StorageClassStrategy>()};
}

}  // namespace kapi::registry::storage_k8s_io
