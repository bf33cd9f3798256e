// PersistentVolumes: cluster-scoped; reclaim policy Retain and volumeMode Filesystem by default,
// phase Pending on create (the binder moves it to Available), status through /status, exactly
// one volume source that never changes, and the `kubectl get pv` table.
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

// The PersistentVolumeSource members, in the order upstream's validation checks them.
const std::vector<std::string>& pv_sources() {
  static const std::vector<std::string> sources = {
      "gcePersistentDisk", "awsElasticBlockStore", "hostPath", "glusterfs", "nfs", "rbd",
      "quobyte", "cinder", "cephfs", "iscsi", "fc", "flocker", "flexVolume", "azureFile",
      "vsphereVolume", "azureDisk", "photonPersistentDisk", "portworxVolume", "scaleIO", "local",
      "storageos", "csi"};
  return sources;
}

const std::vector<std::string> kAccessModes = {"ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce",
                                               "ReadWriteOncePod"};

json source_of(const json& spec) {
  json source = json::object();
  for (const auto& s : pv_sources())
    if (spec.contains(s)) source[s] = spec[s];
  return source;
}

class PersistentVolumeStrategy : public Strategy {
 public:
  void prepare_for_create(json& obj) const override {
    default_spec(obj);
    obj["status"] = {{"phase", "Pending"}};
  }
  void prepare_for_update(json& obj, const json&) const override { default_spec(obj); }

  void validate(const json& obj, std::vector<FieldError>& errors) const override {
    const json& spec = object_at(obj, "spec");
    const json& modes = array_at(spec, "accessModes");
    if (modes.empty()) errors.push_back(required("spec.accessModes", ""));
    for (const auto& mode : modes)
      if (std::find(kAccessModes.begin(), kAccessModes.end(), mode) == kAccessModes.end())
        errors.push_back(not_supported("spec.accessModes", mode, kAccessModes));
    const json& capacity = object_at(spec, "capacity");
    if (capacity.empty()) {
      errors.push_back(required("spec.capacity", ""));
    } else if (!capacity.contains("storage") || capacity.size() > 1) {
      errors.push_back(not_supported("spec.capacity", capacity, {"storage"}));
    } else if (auto q = validation::check_quantity("spec.capacity[storage]", capacity["storage"], errors)) {
      if (q->is_negative())
        errors.push_back(invalid_value("spec.capacity[storage]", q->to_string(), "must be greater than or equal to 0"));
    }
    validation::check_enum("spec.persistentVolumeReclaimPolicy",
                           spec.value("persistentVolumeReclaimPolicy", json("")),
                           {"Delete", "Recycle", "Retain"}, errors);
    if (spec.contains("volumeMode"))
      validation::check_enum("spec.volumeMode", spec["volumeMode"], {"Block", "Filesystem"}, errors);
    std::string sc = text(spec, "storageClassName");
    if (!sc.empty()) validation::check_dns1123_subdomain("spec.storageClassName", sc, errors);
    int sources = 0;
    for (const auto& s : pv_sources()) {
      if (!spec.contains(s) || spec[s].is_null()) continue;
      if (++sources > 1) errors.push_back(forbidden("spec." + s, "may not specify more than 1 volume type"));
    }
    if (sources == 0) errors.push_back(required("spec", "must specify a volume type"));
    if (spec.contains("hostPath") && text(spec["hostPath"], "path").empty())
      errors.push_back(required("spec.hostPath.path", ""));
    if (spec.contains("local")) {
      if (text(spec["local"], "path").empty()) errors.push_back(required("spec.local.path", ""));
      if (!spec.contains("nodeAffinity"))
        errors.push_back(required("spec.nodeAffinity", "Local volume requires node affinity"));
    }
  }

  void validate_update(const json& obj, const json& old, std::vector<FieldError>& errors) const override {
    validate(obj, errors);
    const json& spec = object_at(obj, "spec");
    const json& old_spec = object_at(old, "spec");
    if (source_of(spec) != source_of(old_spec))
      errors.push_back(forbidden("spec.persistentvolumesource", "spec.persistentvolumesource is immutable after creation"));
    validation::check_immutable("volumeMode", spec.value("volumeMode", json()), old_spec.value("volumeMode", json()), errors);
  }

  void canonicalize(json& obj) const override {
    if (obj.contains("spec") && obj["spec"].contains("capacity")) canonicalize_quantity_map(obj["spec"]["capacity"]);
  }

  TablePrinter table_printer() const override {
    using apps::column;
    TablePrinter p;
    p.columns = {apps::name_column(),
                 column("Capacity", "string", "The capacity of the volume."),
                 column("Access Modes", "string", "The ways the volume can be mounted."),
                 column("Reclaim Policy", "string", "What happens to the volume when its claim is released."),
                 column("Status", "string", "The phase of the volume."),
                 column("Claim", "string", "The claim bound to this volume."),
                 column("StorageClass", "string", "The name of the StorageClass this volume belongs to."),
                 column("VolumeAttributesClass", "string", "The name of the VolumeAttributesClass this volume belongs to."),
                 column("Reason", "string", "Why the volume is in this phase."),
                 apps::age_column(),
                 column("VolumeMode", "string", "Whether the volume is a raw block device or a filesystem.", 1)};
    p.cells = [](const json& pv, std::chrono::system_clock::time_point now) {
      const json& spec = object_at(pv, "spec");
      const json& status = object_at(pv, "status");
      const json& capacity = object_at(spec, "capacity");
      std::string claim;
      if (spec.contains("claimRef") && spec["claimRef"].is_object())
        claim = text(spec["claimRef"], "namespace") + "/" + text(spec["claimRef"], "name");
      std::string phase = meta_field(pv, "deletionTimestamp") ? "Terminating" : text(status, "phase");
      return json::array({meta_string(pv, "name"),
                          quantity_cell(capacity.contains("storage") ? capacity["storage"] : json()),
                          access_modes_cell(array_at(spec, "accessModes")),
                          text(spec, "persistentVolumeReclaimPolicy"), phase, claim,
                          storage_class_cell(pv), or_unset(spec, "volumeAttributesClassName"),
                          text(status, "reason"), age_since(pv, now), or_unset(spec, "volumeMode")});
    };
    return p;
  }

 private:
  static void default_spec(json& obj) {
    json& spec = obj["spec"];
    if (!spec.is_object()) spec = json::object();
    if (text(spec, "persistentVolumeReclaimPolicy").empty()) spec["persistentVolumeReclaimPolicy"] = "Retain";
    if (!spec.contains("volumeMode") || spec["volumeMode"].is_null()) spec["volumeMode"] = "Filesystem";
    if (spec.contains("hostPath") && spec["hostPath"].is_object() && !spec["hostPath"].contains("type"))
      spec["hostPath"]["type"] = "";
  }
};
}  // namespace

ResourceDefinition persistentvolumes() {
  return {{"", "v1", "PersistentVolume", "persistentvolumes", "persistentvolume", {"pv"}, {}, false, {"status"}},
          std::make_shared<PersistentVolumeStrategy>()};
}
}  // namespace kapi::registry::core
