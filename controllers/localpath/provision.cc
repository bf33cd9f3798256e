#include "controllers/localpath/provision.h"

#include <cctype>

#include "controllers/localpath/names.h"

namespace kapi::controllers::localpath {

namespace {

std::string annotation(const json& obj, const char* key) {
  const json& meta = obj.contains("metadata") ? obj["metadata"] : json::object();
  if (!meta.contains("annotations") || !meta["annotations"].is_object()) return "";
  const json& annotations = meta["annotations"];
  auto it = annotations.find(key);
  return it != annotations.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string string_at(const json& obj, const char* field) {
  auto it = obj.find(field);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

const json& spec_of(const json& obj) {
  static const json empty = json::object();
  auto it = obj.find("spec");
  return it != obj.end() && it->is_object() ? *it : empty;
}

std::string meta(const json& obj, const char* field) {
  auto it = obj.find("metadata");
  return it != obj.end() && it->is_object() ? string_at(*it, field) : "";
}

}  // namespace

std::string claim_class_name(const json& claim) {
  const json& spec = spec_of(claim);
  if (spec.contains("storageClassName") && spec["storageClassName"].is_string())
    return spec["storageClassName"].get<std::string>();
  return annotation(claim, kAnnBetaStorageClass);
}

std::string claim_provisioner(const json& claim) {
  std::string provisioner = annotation(claim, kAnnStorageProvisioner);
  return provisioner.empty() ? annotation(claim, kAnnBetaStorageProvisioner) : provisioner;
}

std::string selected_node(const json& claim) { return annotation(claim, kAnnSelectedNode); }

std::string volume_name_for(const json& claim) { return "pvc-" + meta(claim, "uid"); }

bool wants_volume(const json& claim, const json& storage_class) {
  if (!string_at(spec_of(claim), "volumeName").empty()) return false;
  if (claim_provisioner(claim) != kProvisionerName) return false;
  // A class that changed hands since the binder annotated the claim is not ours any more.
  if (string_at(storage_class, "provisioner") != kProvisionerName) return false;
  if (string_at(storage_class, "volumeBindingMode") == "WaitForFirstConsumer") return !selected_node(claim).empty();
  return true;
}

std::string unprovisionable_reason(const json& claim) {
  if (string_at(spec_of(claim), "volumeMode") == "Block")
    return std::string(kProvisionerName) + " does not support block volume provisioning";
  return "";
}

std::string rejection_reason(const json& claim, const std::string& node) {
  const json& spec = spec_of(claim);
  if (spec.contains("selector") && !spec["selector"].is_null()) return "claim.Spec.Selector is not supported";
  if (spec.contains("accessModes") && spec["accessModes"].is_array()) {
    for (const auto& mode : spec["accessModes"]) {
      if (mode != "ReadWriteOnce" && mode != "ReadWriteOncePod")
        return "NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes";
    }
  }
  if (node.empty()) return "configuration error, no node was specified";
  return "";
}

VolumeType volume_type(const json& claim, const json& storage_class) {
  std::string type = annotation(claim, kAnnVolumeType);
  if (type.empty()) type = annotation(storage_class, kAnnDefaultVolumeType);
  if (type.empty()) type = "hostPath";
  // Upstream compares case-insensitively and writes the canonical spelling.
  std::string lower;
  for (char c : type) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower == "hostpath") return {"hostPath", ""};
  if (lower == "local") return {"local", ""};
  return {"", "\"" + type + "\" is not a recognised volume type"};
}

std::string node_affinity_key(const json& storage_class) {
  auto params = storage_class.find("parameters");
  if (params != storage_class.end() && params->is_object()) {
    std::string key = string_at(*params, kParamNodeAffinityKey);
    if (!key.empty()) return key;
  }
  return kDefaultNodeAffinityKey;
}

json build_volume(const json& claim, const json& storage_class, const VolumePlacement& placement) {
  const json& claim_spec = spec_of(claim);
  std::string reclaim = string_at(storage_class, "reclaimPolicy");
  json storage = json();
  if (claim_spec.contains("resources") && claim_spec["resources"].contains("requests"))
    storage = claim_spec["resources"]["requests"].value("storage", json());

  json source = placement.volume_type == "local"
                    ? json{{"local", {{"path", placement.path}}}}
                    : json{{"hostPath", {{"path", placement.path}, {"type", "DirectoryOrCreate"}}}};
  json spec = {
      {"persistentVolumeReclaimPolicy", reclaim.empty() ? "Delete" : reclaim},
      {"accessModes", claim_spec.value("accessModes", json::array())},
      {"volumeMode", "Filesystem"},
      {"capacity", {{"storage", storage}}},
      {"storageClassName", claim_class_name(claim)},
      // What client-go's reference.GetReference writes; the binder finishes the binding from it.
      {"claimRef",
       {{"kind", "PersistentVolumeClaim"},
        {"apiVersion", "v1"},
        {"namespace", meta(claim, "namespace")},
        {"name", meta(claim, "name")},
        {"uid", meta(claim, "uid")},
        {"resourceVersion", meta(claim, "resourceVersion")}}},
      {"nodeAffinity",
       {{"required",
         {{"nodeSelectorTerms",
           json::array({{{"matchExpressions",
                          json::array({{{"key", node_affinity_key(storage_class)},
                                        {"operator", "In"},
                                        {"values", json::array({placement.affinity_value})}}})}}})}}}}}};
  spec.update(source);
  return {{"apiVersion", "v1"},
          {"kind", "PersistentVolume"},
          {"metadata",
           {{"name", volume_name_for(claim)},
            {"annotations", {{kAnnNodeName, placement.node}, {kAnnProvisionedBy, kProvisionerName}}}}},
          {"spec", spec}};
}

}  // namespace kapi::controllers::localpath
