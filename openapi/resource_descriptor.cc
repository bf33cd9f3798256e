#include "openapi/resource_descriptor.h"

#include <algorithm>
#include <vector>

namespace kapi::openapi {

std::string group_version_path(const std::string& group, const std::string& version) {
  return group.empty() ? "api/" + version : "apis/" + group + "/" + version;
}

std::string definition_name_for(const std::string& group, const std::string& version,
                                const std::string& kind) {
  if (group.empty()) return "io.k8s.api.core.v1." + kind;
  const std::string k8s_suffix = ".k8s.io";
  if (group.find('.') == std::string::npos) return "io.k8s.api." + group + "." + version + "." + kind;
  if (group.size() > k8s_suffix.size() &&
      group.compare(group.size() - k8s_suffix.size(), k8s_suffix.size(), k8s_suffix) == 0) {
    // storage.k8s.io -> storage; rbac.authorization.k8s.io -> rbac (upstream keeps the first part).
    return "io.k8s.api." + group.substr(0, group.find('.')) + "." + version + "." + kind;
  }
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t dot = group.find('.', start);
    parts.push_back(group.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  std::reverse(parts.begin(), parts.end());
  std::string name;
  for (const std::string& p : parts) name += p + ".";
  return name + version + "." + kind;
}

}  // namespace kapi::openapi
