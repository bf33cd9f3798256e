#include "admission/storage_object_in_use_protection.h"

#include <algorithm>

namespace kapi::admission {

namespace {
void add_finalizer(json& obj, const char* finalizer) {
  json& meta = obj["metadata"];
  json& finalizers = meta["finalizers"];
  if (!finalizers.is_array()) finalizers = json::array();
  if (std::find(finalizers.begin(), finalizers.end(), finalizer) == finalizers.end())
    finalizers.push_back(finalizer);
}
}  // namespace

std::optional<ApiError> StorageObjectInUseProtection::admit(Attributes& attrs) const {
  // Only creation: upstream never adds the finalizer back to an existing object.
  if (attrs.operation != Operation::kCreate || !attrs.subresource.empty() || !attrs.object)
    return std::nullopt;
  const auto& r = attrs.resource;
  if (!r.group.empty()) return std::nullopt;
  if (r.plural == "persistentvolumeclaims") add_finalizer(*attrs.object, kPvcProtectionFinalizer);
  else if (r.plural == "persistentvolumes") add_finalizer(*attrs.object, kPvProtectionFinalizer);
  return std::nullopt;
}

}  // namespace kapi::admission
