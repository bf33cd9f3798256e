// CSINodes (storage.k8s.io/v1), as upstream's pkg/registry/storage/csinode: one per node, named
// like it; a driver entry, once listed, may not change.
#include <algorithm>

#include "registry/apps/workload_columns.h"
#include "registry/apps/workload_validation.h"
#include "registry/object_meta.h"
#include "registry/selector/label_requirement.h"
#include "registry/selector/label_validation.h"
#include "registry/storage/resources.h"

namespace kapi::registry::storage_k8s_io {
namespace {

using apps::field_at;
using apps::string_at;

constexpr size_t kMaxNodeIdLength = 192;

void validate_driver_name(const std::string& name, const std::string& path, std::vector<FieldError>& errors) {
  if (name.empty()) errors.push_back(required(path, ""));
  if (name.size() > 63) errors.push_back(too_long(path, 63));
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const auto& msg : check_dns1123_subdomain(lower)) errors.push_back(invalid_value(path, name, msg));
}

void validate_node(const json& obj, std::vector<FieldError>& errors) {
  const json& drivers = field_at(obj, {"spec", "drivers"});
  if (!drivers.is_array()) return;
  std::vector<std::string> names;
  for (size_t i = 0; i < drivers.size(); ++i) {
    const json& driver = drivers[i];
    const std::string at = "spec.drivers[" + std::to_string(i) + "]";
    const std::string name = string_at(driver, {"name"});
    validate_driver_name(name, at + ".name", errors);
    const std::string node_id = string_at(driver, {"nodeID"});
    if (node_id.empty()) errors.push_back(required(at + ".nodeID", ""));
    if (node_id.size() > kMaxNodeIdLength)
      errors.push_back(invalid_value(at + ".nodeID", node_id, "must be 192 characters or less"));
    apps::validate_nonnegative(field_at(driver, {"allocatable"}), "count", at + ".allocatable.count", errors);
    if (std::find(names.begin(), names.end(), name) != names.end()) errors.push_back(duplicate(at + ".name", name));
    names.push_back(name);
    const json& keys = field_at(driver, {"topologyKeys"});
    if (!keys.is_array()) continue;
    std::vector<std::string> seen;
    for (const json& k : keys) {
      const std::string key = k.is_string() ? k.get<std::string>() : "";
      if (key.empty()) errors.push_back(required(at, ""));
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) errors.push_back(duplicate(at, key));
      seen.push_back(key);
      for (const auto& msg : selector::qualified_name_errors(key)) errors.push_back(invalid_value(at, key, msg));
    }
  }
}

// %#v of an internal CSINodeDriver, printed when an update changes one.
std::string go_driver(const json& driver) {
  std::string keys = "[]string(nil)";
  const json& topology = field_at(driver, {"topologyKeys"});
  if (topology.is_array()) {
    keys = "[]string{";
    for (size_t i = 0; i < topology.size(); ++i)
      keys += (i ? ", " : "") + selector::go_quote(topology[i].is_string() ? topology[i].get<std::string>() : "");
    keys += "}";
  }
  return "storage.CSINodeDriver{Name:" + selector::go_quote(string_at(driver, {"name"})) +
         ", NodeID:" + selector::go_quote(string_at(driver, {"nodeID"})) + ", TopologyKeys:" + keys +
         ", Allocatable:(*storage.VolumeNodeResources)(" +
         (field_at(driver, {"allocatable"}).is_null() ? "nil" : "0xc000000000") + ")}";
}

class CSINodeStrategy : public Strategy {
 public:
  void validate(const json& obj, std::vector<FieldError>& errors) const override { validate_node(obj, errors); }
  void validate_update(const json& obj, const json& old, std::vector<FieldError>& errors) const override {
    validate_node(obj, errors);
    const json& before = field_at(old, {"spec", "drivers"});
    const json& now = field_at(obj, {"spec", "drivers"});
    if (!before.is_array() || !now.is_array()) return;
    for (const json& old_driver : before)
      for (const json& new_driver : now)
        if (string_at(old_driver, {"name"}) == string_at(new_driver, {"name"}) && old_driver != new_driver)
          errors.push_back({"FieldValueInvalid", "spec.drivers",
                            "Invalid value: " + go_driver(new_driver) + ": field is immutable"});
  }

  TablePrinter table_printer() const override {
    return {{apps::name_column(), apps::column("Drivers", "integer", "Drivers indicates the number of CSI drivers registered on the node"),
             apps::age_column()},
            [](const json& obj, std::chrono::system_clock::time_point now) {
              const json& drivers = field_at(obj, {"spec", "drivers"});
              return json::array({meta_string(obj, "name"), drivers.is_array() ? drivers.size() : 0, age_since(obj, now)});
            }};
  }
};

}  // namespace

ResourceDefinition csinodes() {
  return {{"storage.k8s.io", "v1", "CSINode", "csinodes", "csinode", {}, {}, false, {}},
          std::make_shared<CSINodeStrategy>()};
}

}  // namespace kapi::registry::storage_k8s_io
