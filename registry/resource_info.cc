#include "registry/resource_info.h"

#include <algorithm>

namespace kapi::registry {

bool ResourceInfo::has_subresource(const std::string& name) const {
  return std::find(subresources.begin(), subresources.end(), name) != subresources.end();
}

std::string ResourceInfo::key_prefix(const std::string& ns) const {
  std::string prefix = "/registry/" + (group.empty() ? std::string("core") : group) + "/" + plural + "/";
  if (namespaced && !ns.empty()) prefix += ns + "/";
  return prefix;
}

std::string ResourceInfo::key(const std::string& ns, const std::string& name) const {
  return key_prefix(ns) + name;
}

}  // namespace kapi::registry
