// CSIDrivers (storage.k8s.io/v1), as upstream's pkg/registry/storage/csidriver: SetDefaults_CSIDriver,
// ValidateCSIDriver, attachRequired and volumeLifecycleModes fixed once created.
#include <algorithm>

#include "registry/apps/workload_columns.h"
#include "registry/apps/workload_validation.h"
#include "registry/object_meta.h"
#include "registry/storage/resources.h"

namespace kapi::registry::storage_k8s_io {
namespace {

using apps::field_at;
using apps::string_at;

void apply_defaults(json& obj) {
  json& spec = apps::object_member(obj, "spec");
  for (auto [field, value] : {std::pair{"attachRequired", true}, {"podInfoOnMount", false},
                              {"storageCapacity", false}, {"requiresRepublish", false}, {"seLinuxMount", false}})
    if (!spec[field].is_boolean()) spec[field] = value;
  if (string_at(spec, {"fsGroupPolicy"}).empty()) spec["fsGroupPolicy"] = "ReadWriteOnceWithFSType";
  if (!spec["volumeLifecycleModes"].is_array() || spec["volumeLifecycleModes"].empty())
    spec["volumeLifecycleModes"] = json::array({"Persistent"});
}

void validate_token_requests(const json& requests, std::vector<FieldError>& errors) {
  if (!requests.is_array()) return;
  std::vector<std::string> seen;
  for (size_t i = 0; i < requests.size(); ++i) {
    const std::string at = "spec.tokenRequests[" + std::to_string(i) + "]";
    const std::string audience = string_at(requests[i], {"audience"});
    if (std::find(seen.begin(), seen.end(), audience) != seen.end()) {
      errors.push_back(duplicate(at + ".audience", audience));
      continue;
    }
    seen.push_back(audience);
    const json& seconds = field_at(requests[i], {"expirationSeconds"});
    if (!seconds.is_number_integer()) continue;
    if (seconds.get<int64_t>() < 600)
      errors.push_back(invalid_value(at + ".expirationSeconds", seconds, "may not specify a duration less than 10 minutes"));
    if (seconds.get<int64_t>() > (int64_t{1} << 32))
      errors.push_back(invalid_value(at + ".expirationSeconds", seconds, "may not specify a duration larger than 2^32 seconds"));
  }
}

void validate_driver(const json& obj, std::vector<FieldError>& errors) {
  const json& spec = field_at(obj, {"spec"});
  // upstream's path really says "attachedRequired"
  if (!field_at(spec, {"attachRequired"}).is_boolean()) errors.push_back(required("spec.attachedRequired", ""));
  if (!field_at(spec, {"podInfoOnMount"}).is_boolean()) errors.push_back(required("spec.podInfoOnMount", ""));
  if (!field_at(spec, {"storageCapacity"}).is_boolean()) errors.push_back(required("spec.storageCapacity", ""));
  const std::string policy = string_at(spec, {"fsGroupPolicy"});
  if (!policy.empty() && policy != "ReadWriteOnceWithFSType" && policy != "File" && policy != "None")
    errors.push_back(not_supported("spec.fsGroupPolicy", policy, {"File", "None", "ReadWriteOnceWithFSType"}));
  validate_token_requests(field_at(spec, {"tokenRequests"}), errors);
  const json& modes = field_at(spec, {"volumeLifecycleModes"});
  if (modes.is_array())
    for (const json& mode : modes)
      if (mode != "Persistent" && mode != "Ephemeral")
        errors.push_back(not_supported("spec.volumeLifecycleModes", mode, {"Persistent", "Ephemeral"}));
  if (!field_at(spec, {"seLinuxMount"}).is_boolean()) errors.push_back(required("spec.seLinuxMount", ""));
}

// %#v of a []storage.VolumeLifecycleMode.
std::string go_modes(const json& modes) {
  if (!modes.is_array()) return "[]storage.VolumeLifecycleMode(nil)";
  std::string out = "[]storage.VolumeLifecycleMode{";
  for (size_t i = 0; i < modes.size(); ++i) out += (i ? ", " : "") + modes[i].dump();
  return out + "}";
}

std::string joined(const json& list, const char* field) {
  std::string out;
  for (const json& item : list) out += (out.empty() ? "" : ",") + (field ? string_at(item, {field}) : (item.is_string() ? item.get<std::string>() : ""));
  return out;
}

class CSIDriverStrategy : public Strategy {
 public:
  void prepare_for_create(json& obj) const override { apply_defaults(obj); }
  void validate(const json& obj, std::vector<FieldError>& errors) const override { validate_driver(obj, errors); }
  void prepare_for_update(json& obj, const json&) const override { apply_defaults(obj); }
  void validate_update(const json& obj, const json& old, std::vector<FieldError>& errors) const override {
    validate_driver(obj, errors);
    const json& attach = field_at(obj, {"spec", "attachRequired"});
    if (attach != field_at(old, {"spec", "attachRequired"}))
      errors.push_back(invalid_value("spec.attachedRequired", attach, "field is immutable"));
    const json& modes = field_at(obj, {"spec", "volumeLifecycleModes"});
    if (modes != field_at(old, {"spec", "volumeLifecycleModes"}))
      errors.push_back({"FieldValueInvalid", "spec.volumeLifecycleModes",
                        "Invalid value: " + go_modes(modes) + ": field is immutable"});
  }

  TablePrinter table_printer() const override {
    return {{apps::name_column(),
             apps::column("AttachRequired", "boolean", "Indicates this CSI volume driver requires an attach operation, and that Kubernetes should call attach and wait for any attach operation to complete before proceeding to mount."),
             apps::column("PodInfoOnMount", "boolean", "Indicates this CSI volume driver requires additional pod information (like podName, podUID, etc.) during mount operations."),
             apps::column("StorageCapacity", "boolean", "Indicates that the CSI volume driver wants pod scheduling to consider the storage capacity that the driver deployment will report."),
             apps::column("TokenRequests", "string", "Indicates the CSI driver needs pods' service account tokens it is mounting volume for to do necessary authentication."),
             apps::column("RequiresRepublish", "boolean", "Indicates the CSI driver wants NodePublishVolume being periodically called to reflect any possible change in the mounted volume."),
             apps::column("Modes", "string", "Defines what kind of volumes this CSI volume driver supports."),
             apps::age_column()},
            [](const json& obj, std::chrono::system_clock::time_point now) {
              auto flag = [&obj](const char* field, bool unset) {
                const json& v = field_at(obj, {"spec", field});
                return v.is_boolean() ? v.get<bool>() : unset;
              };
              const json& tokens = field_at(obj, {"spec", "tokenRequests"});
              const json& modes = field_at(obj, {"spec", "volumeLifecycleModes"});
              std::string mode_text = modes.is_array() ? joined(modes, nullptr) : "";
              return json::array({meta_string(obj, "name"), flag("attachRequired", true), flag("podInfoOnMount", false),
                                  flag("storageCapacity", false),
                                  tokens.is_array() ? joined(tokens, "audience") : std::string("<unset>"),
                                  flag("requiresRepublish", false), mode_text.empty() ? "<none>" : mode_text,
                                  age_since(obj, now)});
            }};
  }
};

}  // namespace

ResourceDefinition csidrivers() {
  return {{"storage.k8s.io", "v1", "CSIDriver", "csidrivers", "csidriver", {}, {}, false, {}},
          std::make_shared<CSIDriverStrategy>()};
}

}  // namespace kapi::registry::storage_k8s_io
