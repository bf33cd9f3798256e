// What the OpenAPI documents need to know about one served resource; filled by the registry.
#pragma once

#include <string>
#include <vector>

namespace kapi::openapi {

struct ResourceDescriptor {
  std::string group;     // "" for core
  std::string version;   // "v1"
  std::string kind;      // "ConfigMap"
  std::string plural;    // "configmaps"
  bool namespaced = true;
  std::vector<std::string> verbs;         // get list watch create update patch delete deletecollection
  std::vector<std::string> subresources;  // "status", "scale" (scale = autoscaling/v1 Scale)
};

// "api/v1" for the core group, "apis/<group>/<version>" otherwise: the OpenAPI v3 document path.
std::string group_version_path(const std::string& group, const std::string& version);

// Upstream's definition name of a kind: io.k8s.api.core.v1.Pod, io.k8s.api.storage.v1.StorageClass;
// groups outside k8s.io are reversed, as for CRDs: com.example.v1.Widget.
std::string definition_name_for(const std::string& group, const std::string& version,
                                const std::string& kind);

}  // namespace kapi::openapi
