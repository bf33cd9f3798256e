// Helpers shared by the client tests: waiting for asynchronous outcomes (bounded, polled: the
// deadline is generous and only matters when a test is failing) and a registry over memory.
#pragma once

#include <chrono>
#include <functional>
#include <thread>

#include "registry/registry.h"
#include "storage/memory_store.h"

namespace kapi::client::testing {

inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds limit = std::chrono::seconds(20)) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

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
