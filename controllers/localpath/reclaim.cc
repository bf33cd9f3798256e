#include "controllers/localpath/reclaim.h"

#include "controllers/localpath/names.h"

namespace kapi::controllers::localpath {

using client::json;

namespace {

std::string string_in(const json& obj, std::initializer_list<const char*> path) {
  const json* at = &obj;
  for (const char* key : path) {
    if (!at->is_object()) return "";
    auto it = at->find(key);
    if (it == at->end()) return "";
    at = &*it;
  }
  return at->is_string() ? at->get<std::string>() : "";
}

}  // namespace

bool wants_deletion(const json& volume) {
  if (string_in(volume, {"metadata", "annotations", kAnnProvisionedBy}) != kProvisionerName) return false;
  if (string_in(volume, {"status", "phase"}) != "Released") return false;
  if (string_in(volume, {"spec", "persistentVolumeReclaimPolicy"}) != "Delete") return false;
  const json& meta = volume.contains("metadata") ? volume["metadata"] : json::object();
  return !meta.contains("deletionTimestamp") || meta["deletionTimestamp"].is_null();
}

PathResult volume_path(const json& volume) {
  const json& spec = volume.contains("spec") ? volume["spec"] : json::object();
  bool host_path = spec.contains("hostPath") && spec["hostPath"].is_object();
  bool local = spec.contains("local") && spec["local"].is_object();
  if (host_path == local) return {"", "no path set"};
  std::string path = string_in(spec, {host_path ? "hostPath" : "local", "path"});
  if (path.empty()) return {"", "no path set"};
  return {path, ""};
}

}  // namespace kapi::controllers::localpath
