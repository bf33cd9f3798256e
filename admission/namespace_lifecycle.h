// NamespaceLifecycle, as upstream's plugin of that name: no object is created in a namespace that
// does not exist or is terminating, and the system namespaces cannot be deleted.
#pragma once

#include <functional>

#include "admission/admission.h"

namespace kapi::admission {

class NamespaceLifecycle : public Plugin {
 public:
  // Looks a namespace up by name; nullopt when it does not exist. Only its `status` is read, so a
  // lookup may hand back just that member.
  using NamespaceLookup = std::function<std::optional<json>(const std::string& name)>;
  explicit NamespaceLifecycle(NamespaceLookup lookup) : lookup_(std::move(lookup)) {}
  const char* name() const override { return "NamespaceLifecycle"; }
  std::optional<ApiError> validate(const Attributes& attrs) const override;

 private:
  NamespaceLookup lookup_;
};

}  // namespace kapi::admission
