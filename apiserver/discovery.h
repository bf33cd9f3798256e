// Discovery documents, built once from the registry: /api, /apis, /api/v1, /apis/<g>[/<v>] in
// the plain form, and the aggregated form (apidiscovery.k8s.io/v2 and v2beta1) kubectl 1.32
// asks for first.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "registry/registry.h"

namespace kapi::apiserver {

class Discovery {
 public:
  explicit Discovery(const registry::Registry& registry);

  // Plain documents by path ("/api", "/api/v1", "/apis", "/apis/apps", "/apis/apps/v1").
  const std::string* plain(const std::string& path) const;
  // Aggregated APIGroupDiscoveryList for "/api" or "/apis", version "v2" or "v2beta1".
  const std::string* aggregated(const std::string& path, const std::string& version) const;

  // The verbs of a subresource this server answers (empty: not served).
  static const std::vector<std::string>& subresource_verbs(const std::string& name);
  static bool served_subresource(const std::string& name) { return !subresource_verbs(name).empty(); }

 private:
  std::map<std::string, std::string> plain_;
  std::map<std::string, std::string> aggregated_;  // "<path>|<version>"
};

}  // namespace kapi::apiserver
