// DefaultStorageClass, as upstream's plugin of that name: a PersistentVolumeClaim created without
// spec.storageClassName (absent or null, not "") gets the default StorageClass, the one annotated
// storageclass.kubernetes.io/is-default-class: "true" (or the beta key); among several the newest
// wins. No default class: the claim is left alone.
#pragma once

#include <functional>
#include <vector>

#include "admission/admission.h"

namespace kapi::admission {

inline constexpr const char* kIsDefaultClassAnnotation = "storageclass.kubernetes.io/is-default-class";
inline constexpr const char* kBetaIsDefaultClassAnnotation = "storageclass.beta.kubernetes.io/is-default-class";

// The name of the default class among `classes`, or "" when none is marked default.
std::string default_storage_class_name(const std::vector<json>& classes);

class DefaultStorageClass : public Plugin {
 public:
  // Every StorageClass as it is stored now.
  using ClassLister = std::function<std::vector<json>()>;
  explicit DefaultStorageClass(ClassLister list_classes) : list_classes_(std::move(list_classes)) {}
  const char* name() const override { return "DefaultStorageClass"; }
  std::optional<ApiError> admit(Attributes& attrs) const override;

 private:
  ClassLister list_classes_;
};

}  // namespace kapi::admission
