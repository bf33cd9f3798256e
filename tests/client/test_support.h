// Helpers shared by the client tests that use the registry: a registry over memory, objects.
#pragma once

#include "registry/registry.h"
#include "tests/client/eventually.h"
#include "storage/memory_store.h"

namespace kapi::client::testing {

// A registry with every built-in resource and the system namespaces, on the memory store.
struct MemoryRegistry {
  MemoryRegistry() : registry(storage::make_memory_store()) {
    registry::register_builtin_resources(registry);
    registry::ensure_system_namespaces(registry);
  }
  registry::Registry registry;
};

inline registry::json configmap(const std::string& ns, const std::string& name, const std::string& value = "v") {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", name}, {"namespace", ns}}},
          {"data", {{"k", value}}}};
}

}  // namespace kapi::client::testing
