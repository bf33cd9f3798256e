// The top of every request: authentication, then the non-resource paths (health, version,
// discovery, OpenAPI) and the resource paths.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "apiserver/authn/token_file.h"
#include "apiserver/discovery.h"
#include "apiserver/http_types.h"
#include "apiserver/metrics_endpoint.h"
#include "apiserver/resource_handler.h"
#include "openapi/documents.h"
#include "registry/registry.h"

namespace kapi::apiserver {

// What /version reports. kubectl's dispatcher picks its build from major/minor.
struct VersionInfo {
  std::string major = "1";
  std::string minor = "32";
  std::string git_version = "v1.32.0-kapi.1";
};

class ApiHandler {
 public:
  ApiHandler(const registry::Registry& registry, std::optional<authn::TokenFile> tokens);

  Response handle(Request& req) const;
  // handle() for the requests answered without blocking (resource creates); see AsyncHandler.
  bool handle_async(Request& req, const Respond& respond) const;
  // /readyz turns ready when the server has finished starting.
  void set_ready(bool ready) { ready_ = ready; }
  // The store's directory, for the database size in /metrics (RocksDB only).
  void set_storage_dir(std::string dir) { metrics_.set_storage_dir(std::move(dir)); }

 private:
  std::optional<authn::UserInfo> authenticate(const Request& req) const;
  Response health(const Request& req, const std::string& which) const;
  Response version() const;
  std::optional<Response> discovery(const Request& req) const;
  std::optional<Response> openapi(const Request& req) const;
  const Discovery& discovery_documents() const;

  const registry::Registry& registry_;
  std::optional<authn::TokenFile> tokens_;
  // Built on the first discovery request, not before the server is ready: serializing every
  // group's documents was a sixth of an in-process start's CPU. The registry is complete by then.
  mutable std::once_flag discovery_built_;
  mutable std::unique_ptr<const Discovery> discovery_;
  openapi::Documents openapi_;
  ResourceHandler resources_;
  MetricsEndpoint metrics_;
  VersionInfo version_;
  bool ready_ = false;
};

// The OpenAPI descriptors of the registry's resources.
std::vector<openapi::ResourceDescriptor> openapi_descriptors(const registry::Registry& registry);

}  // namespace kapi::apiserver
