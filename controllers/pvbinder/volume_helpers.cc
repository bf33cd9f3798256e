#include "controllers/pvbinder/volume_helpers.h"

#include <algorithm>

#include "client/object_cache.h"
#include "registry/object_meta.h"

namespace kapi::controllers::pvbinder {

namespace {
const json* annotations_of(const json& obj) {
  const json* annotations = registry::meta_field(obj, "annotations");
  return annotations && annotations->is_object() ? annotations : nullptr;
}
}  // namespace

bool has_annotation(const json& obj, const char* key) {
  const json* annotations = annotations_of(obj);
  return annotations && annotations->contains(key);
}

std::string annotation(const json& obj, const char* key) {
  const json* annotations = annotations_of(obj);
  if (!annotations) return "";
  auto it = annotations->find(key);
  return it != annotations->end() && it->is_string() ? it->get<std::string>() : "";
}

void set_annotation(json& obj, const char* key, const std::string& value) {
  json& annotations = obj["metadata"]["annotations"];
  if (!annotations.is_object()) annotations = json::object();
  annotations[key] = value;
}

void remove_annotation(json& obj, const char* key) {
  if (!has_annotation(obj, key)) return;
  obj["metadata"]["annotations"].erase(key);
}

bool has_finalizer(const json& obj, const char* finalizer) {
  const json* finalizers = registry::meta_field(obj, "finalizers");
  return finalizers && finalizers->is_array() &&
         std::find(finalizers->begin(), finalizers->end(), finalizer) != finalizers->end();
}

void remove_finalizer(json& obj, const char* finalizer) {
  if (!has_finalizer(obj, finalizer)) return;
  json kept = json::array();
  for (const auto& f : obj["metadata"]["finalizers"])
    if (f != finalizer) kept.push_back(f);
  obj["metadata"]["finalizers"] = kept;
}

std::string text_at(const json& obj, const char* a, const char* b) {
  auto outer = obj.find(a);
  if (outer == obj.end() || !outer->is_object()) return "";
  auto inner = outer->find(b);
  return inner != outer->end() && inner->is_string() ? inner->get<std::string>() : "";
}

std::string phase_of(const json& obj) { return text_at(obj, "status", "phase"); }

std::string claim_class(const json& claim) {
  if (has_annotation(claim, kAnnBetaStorageClass)) return annotation(claim, kAnnBetaStorageClass);
  return text_at(claim, "spec", "storageClassName");
}

bool claim_has_class(const json& claim) {
  if (has_annotation(claim, kAnnBetaStorageClass)) return true;
  auto spec = claim.find("spec");
  if (spec == claim.end() || !spec->is_object()) return false;
  auto sc = spec->find("storageClassName");
  return sc != spec->end() && !sc->is_null();
}

std::string volume_class(const json& volume) {
  if (has_annotation(volume, kAnnBetaStorageClass)) return annotation(volume, kAnnBetaStorageClass);
  return text_at(volume, "spec", "storageClassName");
}

std::string reclaim_policy(const json& volume) {
  std::string policy = text_at(volume, "spec", "persistentVolumeReclaimPolicy");
  return policy.empty() ? "Retain" : policy;
}

bool is_volume_bound_to_claim(const json& volume, const json& claim) {
  auto spec = volume.find("spec");
  if (spec == volume.end() || !spec->is_object()) return false;
  auto ref = spec->find("claimRef");
  if (ref == spec->end() || !ref->is_object()) return false;
  if (ref->value("name", "") != registry::meta_string(claim, "name") ||
      ref->value("namespace", "") != registry::meta_string(claim, "namespace"))
    return false;
  std::string uid = ref->value("uid", "");
  return uid.empty() || uid == registry::meta_string(claim, "uid");
}

std::string default_class_name(const std::vector<client::ObjectPtr>& classes) {
  // The same choice as admission's DefaultStorageClass (which controllers cannot link).
  const json* best = nullptr;
  for (const auto& cls : classes) {
    if (annotation(*cls, kAnnIsDefaultClass) != "true" && annotation(*cls, kAnnBetaIsDefaultClass) != "true")
      continue;
    if (!best) {
      best = cls.get();
      continue;
    }
    std::string created = registry::meta_string(*cls, "creationTimestamp");
    std::string best_created = registry::meta_string(*best, "creationTimestamp");
    if (created > best_created ||
        (created == best_created && registry::meta_string(*cls, "name") < registry::meta_string(*best, "name")))
      best = cls.get();
  }
  return best ? registry::meta_string(*best, "name") : "";
}

}  // namespace kapi::controllers::pvbinder
