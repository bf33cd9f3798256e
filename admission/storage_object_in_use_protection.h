// StorageObjectInUseProtection, as upstream's plugin of that name: every new PersistentVolumeClaim
// gets the finalizer kubernetes.io/pvc-protection and every new PersistentVolume
// kubernetes.io/pv-protection, so deleting one that is still in use only marks it; the PV
// controller removes the finalizer once nothing uses the object.
#pragma once

#include "admission/admission.h"

namespace kapi::admission {

inline constexpr const char* kPvcProtectionFinalizer = "kubernetes.io/pvc-protection";
inline constexpr const char* kPvProtectionFinalizer = "kubernetes.io/pv-protection";

class StorageObjectInUseProtection : public Plugin {
 public:
  const char* name() const override { return "StorageObjectInUseProtection"; }
  std::optional<ApiError> admit(Attributes& attrs) const override;
};

}  // namespace kapi::admission
