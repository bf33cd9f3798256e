// What the registry knows about one served resource: names for URLs, discovery and messages.
#pragma once

#include <string>
#include <vector>

#include "registry/api_error.h"

namespace kapi::registry {

struct ResourceInfo {
  std::string group;     // "" for the core group
  std::string version;   // "v1"
  std::string kind;      // "ConfigMap"
  std::string plural;    // "configmaps"
  std::string singular;  // "configmap"
  std::vector<std::string> short_names;  // "cm"
  std::vector<std::string> categories;   // "all"
  bool namespaced = true;
  std::vector<std::string> subresources;  // "status", "scale"

  std::string api_version() const { return group.empty() ? version : group + "/" + version; }
  std::string list_kind() const { return kind + "List"; }
  QualifiedResource qualified() const { return {group, plural}; }
  bool has_subresource(const std::string& name) const;

  // Storage keys: /registry/<group|core>/<plural>/[<namespace>/]<name>. The prefix of a
  // namespace (or of every namespace when `ns` is empty) ends with '/'.
  std::string key(const std::string& ns, const std::string& name) const;
  std::string key_prefix(const std::string& ns) const;
};

}  // namespace kapi::registry
