// The set of named type definitions ("io.k8s.api.core.v1.Pod", ...) with lookups by name and by
// group/version/kind. Built once (see builtin_schemas()), then read-only and shared by threads.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "openapi/schema.h"

namespace kapi::openapi {

class SchemaModel {
 public:
  // Adds a definition; a second definition of the same name replaces the first.
  void define(const std::string& name, SchemaPtr schema);

  // Points every reference at its definition. Throws std::logic_error naming a dangling
  // reference: the model is written in code, so that is a programming error found at startup.
  void link();

  const Schema* find(std::string_view name) const;
  // The definition carrying this GVK in x-kubernetes-group-version-kind, or nullptr.
  const Schema* find_kind(const GroupVersionKind& gvk) const;
  // Its definition name, or empty.
  std::string definition_name(const GroupVersionKind& gvk) const;

  const std::map<std::string, SchemaPtr, std::less<>>& definitions() const { return defs_; }

  // Names of the given definitions and of every definition they reach through references.
  std::set<std::string> closure(const std::vector<std::string>& roots) const;

 private:
  std::map<std::string, SchemaPtr, std::less<>> defs_;
};

// Every built-in type: meta, core/v1, apps/v1, storage.k8s.io/v1, autoscaling/v1.
const SchemaModel& builtin_schemas();

}  // namespace kapi::openapi
