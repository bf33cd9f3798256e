// The resources kapi serves (v1, apps/v1, storage.k8s.io/v1, coordination.k8s.io/v1) as controllers that act on every
// resource see them: the garbage collector and the namespace controller. Controllers cannot read
// the registry's resource list (DESIGN.md), and against another API server discovery would be
// the source; this fixed list stands in for it.
#pragma once

#include <string>
#include <vector>

#include "client/client.h"

namespace kapi::controllers {

struct ServedResource {
  client::Resource resource;
  std::string kind;
  bool namespaced = true;
};

const std::vector<ServedResource>& served_resources();

// The served resource of an ownerReferences-style (apiVersion, kind), or nullptr.
const ServedResource* find_served_kind(const std::string& api_version, const std::string& kind);

}  // namespace kapi::controllers
