#include "admission/default_storage_class.h"

namespace kapi::admission {

namespace {
// The beta annotation named the class before spec.storageClassName existed; upstream treats a
// claim carrying it as having a class.
constexpr const char* kBetaStorageClassAnnotation = "volume.beta.kubernetes.io/storage-class";

const json* annotation_field(const json& obj, const char* key) {
  auto meta = obj.find("metadata");
  if (meta == obj.end() || !meta->is_object()) return nullptr;
  auto annotations = meta->find("annotations");
  if (annotations == meta->end() || !annotations->is_object()) return nullptr;
  auto value = annotations->find(key);
  return value != annotations->end() ? &*value : nullptr;
}

std::string annotation(const json& obj, const char* key) {
  const json* value = annotation_field(obj, key);
  return value && value->is_string() ? value->get<std::string>() : "";
}

std::string meta_text(const json& obj, const char* key) {
  auto meta = obj.find("metadata");
  if (meta == obj.end() || !meta->is_object()) return "";
  auto value = meta->find(key);
  return value != meta->end() && value->is_string() ? value->get<std::string>() : "";
}

bool is_default(const json& cls) {
  return annotation(cls, kIsDefaultClassAnnotation) == "true" ||
         annotation(cls, kBetaIsDefaultClassAnnotation) == "true";
}
}  // namespace

std::string default_storage_class_name(const std::vector<json>& classes) {
  const json* best = nullptr;
  for (const auto& cls : classes) {
    if (!is_default(cls)) continue;
    if (!best) {
      best = &cls;
      continue;
    }
    // RFC 3339 timestamps in UTC compare as text; equal times fall back to the name, as upstream.
    std::string created = meta_text(cls, "creationTimestamp");
    std::string best_created = meta_text(*best, "creationTimestamp");
    if (created > best_created || (created == best_created && meta_text(cls, "name") < meta_text(*best, "name")))
      best = &cls;
  }
  return best ? meta_text(*best, "name") : "";
}

std::optional<ApiError> DefaultStorageClass::admit(Attributes& attrs) const {
  const auto& r = attrs.resource;
  if (attrs.operation != Operation::kCreate || !attrs.subresource.empty() || !attrs.object ||
      !r.group.empty() || r.plural != "persistentvolumeclaims")
    return std::nullopt;
  json& claim = *attrs.object;
  json& spec = claim["spec"];
  if (!spec.is_object()) spec = json::object();
  if (auto sc = spec.find("storageClassName"); sc != spec.end() && !sc->is_null()) return std::nullopt;
  if (annotation_field(claim, kBetaStorageClassAnnotation)) return std::nullopt;
  std::string name = default_storage_class_name(list_classes_());
  if (!name.empty()) spec["storageClassName"] = name;
  return std::nullopt;
}

}  // namespace kapi::admission
