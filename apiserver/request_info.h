// What a request asks for, read off its method and path as upstream's RequestInfoFactory does:
// /api/v1/namespaces/{ns}/{resource}/{name}/{subresource}, /apis/{group}/{version}/..., the
// legacy /watch/ prefix, and the namespace subresources (status, finalize).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace kapi::apiserver {

struct RequestInfo {
  bool is_resource_request = false;
  std::string verb;         // get list watch create update patch delete deletecollection (resources),
                            // else the lower-case method
  std::string api_prefix;   // "api" or "apis"
  std::string group;        // "" for core
  std::string version;
  std::string ns;
  std::string resource;
  std::string name;
  std::string subresource;
  std::vector<std::string> parts;  // the path's segments after the group/version
};

RequestInfo parse_request_info(const std::string& method, const std::string& path,
                               const std::map<std::string, std::string>& query);

}  // namespace kapi::apiserver
