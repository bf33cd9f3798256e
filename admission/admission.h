// The admission chain: mutating plugins, then validating plugins, run by the generic store on
// every write after the strategy's own rules (as upstream's admission.Interface).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "registry/api_error.h"
#include "registry/resource_info.h"

namespace kapi::admission {

using registry::ApiError;
using registry::json;

enum class Operation { kCreate, kUpdate, kDelete };

struct Attributes {
  Operation operation;
  const registry::ResourceInfo& resource;
  std::string subresource;      // "" for the main resource, "status", ...
  std::string ns;
  std::string name;
  json* object;                 // the new object (null for delete); mutating plugins may edit it
  const json* old_object;       // the stored object (null for create)
  bool dry_run = false;
};

class Plugin {
 public:
  virtual ~Plugin() = default;
  virtual const char* name() const = 0;
  // Mutating phase: may edit attrs.object.
  virtual std::optional<ApiError> admit(Attributes& /*attrs*/) const { return std::nullopt; }
  // Validating phase: must not edit anything.
  virtual std::optional<ApiError> validate(const Attributes& /*attrs*/) const { return std::nullopt; }
};

class Chain {
 public:
  void add(std::unique_ptr<Plugin> plugin) { plugins_.push_back(std::move(plugin)); }
  std::optional<ApiError> admit(Attributes& attrs) const;
  std::optional<ApiError> validate(const Attributes& attrs) const;

 private:
  std::vector<std::unique_ptr<Plugin>> plugins_;
};

}  // namespace kapi::admission
