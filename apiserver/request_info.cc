#include "apiserver/request_info.h"

#include <algorithm>

namespace kapi::apiserver {

namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start < path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    if (slash > start) parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool truthy(const std::map<std::string, std::string>& query, const char* key) {
  auto it = query.find(key);
  return it != query.end() && (it->second == "true" || it->second == "1");
}

}  // namespace

RequestInfo parse_request_info(const std::string& method, const std::string& path,
                               const std::map<std::string, std::string>& query) {
  RequestInfo info;
  info.verb = lower(method);
  auto parts = split_path(path);
  if (parts.empty() || (parts[0] != "api" && parts[0] != "apis")) return info;
  info.api_prefix = parts[0];
  size_t i = 1;
  if (info.api_prefix == "apis") {
    if (parts.size() < 3) return info;  // /apis, /apis/<group>: discovery
    info.group = parts[i++];
  } else if (parts.size() < 2) {
    return info;  // /api
  }
  info.version = parts[i++];
  if (i >= parts.size()) return info;  // /api/v1, /apis/g/v: discovery
  info.is_resource_request = true;

  std::vector<std::string> rest(parts.begin() + long(i), parts.end());
  bool legacy_watch = false;
  if (rest[0] == "watch") {
    legacy_watch = true;
    rest.erase(rest.begin());
  }
  if (!rest.empty() && rest[0] == "namespaces" && rest.size() > 1) {
    info.ns = rest[1];
    // /namespaces/{ns}/{resource}...: anything after the name but the namespace's own
    // subresources names a resource inside the namespace.
    if (rest.size() > 2 && rest[2] != "status" && rest[2] != "finalize")
      rest.erase(rest.begin(), rest.begin() + 2);
  }
  info.parts = rest;
  if (!rest.empty()) info.resource = rest[0];
  if (rest.size() > 1) info.name = rest[1];
  if (rest.size() > 2) info.subresource = rest[2];

  const std::string m = lower(method);
  if (legacy_watch) {
    info.verb = "watch";
  } else if (m == "get" || m == "head") {
    info.verb = info.name.empty() ? (truthy(query, "watch") ? "watch" : "list") : "get";
  } else if (m == "post") {
    info.verb = "create";
  } else if (m == "put") {
    info.verb = "update";
  } else if (m == "patch") {
    info.verb = "patch";
  } else if (m == "delete") {
    info.verb = info.name.empty() ? "deletecollection" : "delete";
  }
  return info;
}

}  // namespace kapi::apiserver
