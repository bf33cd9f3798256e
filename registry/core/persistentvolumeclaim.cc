// PersistentVolumeClaims: volumeMode Filesystem by default, phase Pending on create, status
// through /status, a spec that is immutable after creation except that a bound claim may grow
// resources.requests.storage (and volumeName may be set once, and storageClassName may be set once
// from unset: the retroactive default StorageClass), and the `kubectl get pvc` table.
#include <optional>
#include <string>

#include "registry/apps/workload_columns.h"
#include "registry/core/resources.h"
#include "registry/core/table_cells.h"
#include "registry/object_meta.h"
#include "registry/validation/field_checks.h"

namespace kapi::registry::core {
namespace {

using validation::array_at;
using validation::object_at;
using validation::text;

const std::vector<std::string> kAccessModes = {"ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce",
                                               "ReadWriteOncePod"};

// The beta annotation that named a claim's class before spec.storageClassName existed.
constexpr const char* kBetaStorageClassAnnotation = "volume.beta.kubernetes.io/storage-class";

std::optional<std::string> beta_storage_class(const json& obj) {
  const json& annotations = object_at(object_at(obj, "metadata"), "annotations");
  auto it = annotations.find(kBetaStorageClassAnnotation);
  if (it == annotations.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// spec.storageClassName as a Go *string: nullopt when absent or null ("" is a value).
std::optional<std::string> storage_class_name(const json& spec) {
  auto it = spec.find("storageClassName");
  if (it == spec.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// Upstream's two ways a class may be written into an existing claim's spec, both only while
// the field is still unset: copying the beta annotation's class into the field (the annotation
// may stay, unchanged); or any class at all, the PV controller assigning the default
// StorageClass retroactively, unless a beta annotation names a different one.
bool class_upgrade_from_annotation(const json& obj, const json& old) {
  auto old_annotation = beta_storage_class(old);
  auto new_annotation = beta_storage_class(obj);
  auto old_name = storage_class_name(object_at(old, "spec"));
  auto new_name = storage_class_name(object_at(obj, "spec"));
  return old_annotation && !old_name && new_name == old_annotation &&
         (!new_annotation || new_annotation == old_annotation);
}
bool class_upgrade_from_unset(const json& obj, const json& old) {
  auto old_annotation = beta_storage_class(old);
  auto old_name = storage_class_name(object_at(old, "spec"));
  auto new_name = storage_class_name(object_at(obj, "spec"));
  return new_name && !old_name && (!old_annotation || new_name == old_annotation);
}

const json& storage_request(const json& spec) {
  static const json null;
  const json& requests = object_at(object_at(spec, "resources"), "requests");
  auto it = requests.find("storage");
  return it == requests.end() ? null : *it;
}

class PersistentVolumeClaimStrategy : public Strategy {
 public:
  void prepare_for_create(json& obj) const override {
    default_spec(obj);
    obj["status"] = {{"phase", "Pending"}};
  }
  void prepare_for_update(json& obj, const json&) const override { default_spec(obj); }

  void validate(const json& obj, std::vector<FieldError>& errors) const override {
    const json& spec = object_at(obj, "spec");
    const json& modes = array_at(spec, "accessModes");
    if (modes.empty()) errors.push_back(required("spec.accessModes", "at least 1 access mode is required"));
    for (const auto& mode : modes)
      if (std::find(kAccessModes.begin(), kAccessModes.end(), mode) == kAccessModes.end())
        errors.push_back(not_supported("spec.accessModes", mode, kAccessModes));
    const json& storage = storage_request(spec);
    if (storage.is_null()) {
      errors.push_back(required("spec.resources[storage]", ""));
    } else if (auto q = validation::check_quantity("spec.resources.requests[storage]", storage, errors)) {
      if (q->is_negative() || q->is_zero())
        errors.push_back(invalid_value("spec.resources[storage]", q->to_string(), "must be greater than zero"));
    }
    validation::check_resource_list("spec.resources.limits", object_at(object_at(spec, "resources"), "limits"), errors);
    if (spec.contains("volumeMode"))
      validation::check_enum("spec.volumeMode", spec["volumeMode"], {"Block", "Filesystem"}, errors);
    std::string sc = text(spec, "storageClassName");
    if (!sc.empty()) validation::check_dns1123_subdomain("spec.storageClassName", sc, errors);
  }

  void validate_update(const json& obj, const json& old, std::vector<FieldError>& errors) const override {
    validate(obj, errors);
    // Compared as values: "1024Mi" in an update equals the stored "1Gi".
    json spec = object_at(obj, "spec");
    json old_spec = object_at(old, "spec");
    canonicalize_spec(spec);
    canonicalize_spec(old_spec);
    // volumeName may be set once; a bound claim may change its storage request (only upward).
    if (text(old_spec, "volumeName").empty()) {
      old_spec.erase("volumeName");
      spec.erase("volumeName");
    }
    // An unset class compares equal whether the key is absent or null.
    for (json* s : {&spec, &old_spec})
      if (s->contains("storageClassName") && (*s)["storageClassName"].is_null()) s->erase("storageClassName");
    if (class_upgrade_from_annotation(obj, old)) {
      spec.erase("storageClassName");
    } else {
      std::string annotation = beta_storage_class(obj).value_or("");
      if (annotation != beta_storage_class(old).value_or(""))
        errors.push_back(invalid_value(std::string("metadata.annotations.") + kBetaStorageClassAnnotation,
                                       annotation, "field is immutable"));
      if (class_upgrade_from_unset(obj, old)) spec.erase("storageClassName");
    }
    const bool bound = text(object_at(old, "status"), "phase") == "Bound";
    if (bound && spec.contains("resources") && spec["resources"].contains("requests")) {
      if (old_spec.contains("resources") && old_spec["resources"].contains("requests") &&
          old_spec["resources"]["requests"].contains("storage"))
        spec["resources"]["requests"]["storage"] = old_spec["resources"]["requests"]["storage"];
      else
        spec["resources"]["requests"].erase("storage");
    }
    spec.erase("volumeAttributesClassName");
    old_spec.erase("volumeAttributesClassName");
    if (spec != old_spec)
      errors.push_back(forbidden("spec",
                                 "spec is immutable after creation except resources.requests and "
                                 "volumeAttributesClassName for bound claims"));
    auto now = Quantity::from_json(storage_request(object_at(obj, "spec")));
    auto before = Quantity::from_json(storage_request(object_at(old, "spec")));
    if (std::holds_alternative<Quantity>(now) && std::holds_alternative<Quantity>(before) &&
        std::get<Quantity>(now) < std::get<Quantity>(before))
      errors.push_back(forbidden("spec.resources.requests.storage", "field can not be less than previous value"));
  }

  void canonicalize(json& obj) const override {
    if (obj.contains("spec")) canonicalize_spec(obj["spec"]);
  }

  TablePrinter table_printer() const override {
    using apps::column;
    TablePrinter p;
    p.columns = {apps::name_column(),
                 column("Status", "string", "The phase of the claim."),
                 column("Volume", "string", "The binding reference to the PersistentVolume backing this claim."),
                 column("Capacity", "string", "The actual resources of the underlying volume."),
                 column("Access Modes", "string", "The access modes of the underlying volume."),
                 column("StorageClass", "string", "The name of the StorageClass required by the claim."),
                 column("VolumeAttributesClass", "string", "The name of the VolumeAttributesClass the claim uses."),
                 apps::age_column(),
                 column("VolumeMode", "string", "Whether the claim is a raw block device or a filesystem.", 1)};
    p.cells = [](const json& pvc, std::chrono::system_clock::time_point now) {
      const json& spec = object_at(pvc, "spec");
      const json& status = object_at(pvc, "status");
      std::string phase = meta_field(pvc, "deletionTimestamp") ? "Terminating" : text(status, "phase");
      std::string volume = text(spec, "volumeName");
      std::string capacity, modes;
      if (!volume.empty()) {
        const json& cap = object_at(status, "capacity");
        capacity = quantity_cell(cap.contains("storage") ? cap["storage"] : json());
        modes = access_modes_cell(array_at(status, "accessModes"));
      }
      return json::array({meta_string(pvc, "name"), phase, volume, capacity, modes,
                          storage_class_cell(pvc), or_unset(spec, "volumeAttributesClassName"),
                          age_since(pvc, now), or_unset(spec, "volumeMode")});
    };
    return p;
  }

 private:
  static void canonicalize_spec(json& spec) {
    if (!spec.is_object() || !spec.contains("resources") || !spec["resources"].is_object()) return;
    json& resources = spec["resources"];
    for (const char* list : {"requests", "limits"})
      if (resources.contains(list)) canonicalize_quantity_map(resources[list]);
  }
  static void default_spec(json& obj) {
    json& spec = obj["spec"];
    if (!spec.is_object()) spec = json::object();
    if (!spec.contains("volumeMode") || spec["volumeMode"].is_null()) spec["volumeMode"] = "Filesystem";
  }
};
}  // namespace

ResourceDefinition persistentvolumeclaims() {
  return {{"", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", "persistentvolumeclaim", {"pvc"}, {}, true, {"status"}},
          std::make_shared<PersistentVolumeClaimStrategy>()};
}
}  // namespace kapi::registry::core
