// The Client over HTTPS (any Kubernetes API server), from a kubeconfig: the identity is whatever
// the kubeconfig's credentials authenticate as. Requests reuse kept-alive connections; watches
// stream newline-delimited JSON events over a connection of their own.
//
// For cluster-scoped resources pass "" as the namespace (the URL is built from it). Transport
// failures are 503 ServiceUnavailable ApiErrors; server errors are the server's Status.
#pragma once

#include <memory>
#include <string>
#include <variant>

#include "client/client.h"
#include "client/http_transport.h"
#include "client/kubeconfig.h"

namespace kapi::client {

struct HttpClientOptions {
  std::string user_agent = "kapi-client";
};

class HttpClient : public Client {
 public:
  static std::variant<ClientPtr, std::string> from_kubeconfig(const KubeConfig& config,
                                                                                HttpClientOptions options = {});
  HttpClient(std::unique_ptr<HttpTransport> transport, std::string token, HttpClientOptions options);

 private:
  // Called through Client, where the default arguments are.
  ApiResult<json> get(const Resource& r, const std::string& ns, const std::string& name) override;
  ApiResult<ObjectList> list(const Resource& r, const std::string& ns, const ListOptions& options) override;
  ApiResult<json> create(const Resource& r, const std::string& ns, const json& obj,
                         const WriteOptions& options) override;
  ApiResult<json> update(const Resource& r, const std::string& ns, const json& obj,
                         const WriteOptions& options) override;
  ApiResult<json> update_status(const Resource& r, const std::string& ns, const json& obj,
                                const WriteOptions& options) override;
  ApiResult<json> patch(const Resource& r, const std::string& ns, const std::string& name,
                        PatchType type, std::string_view body, const PatchOptions& options) override;
  ApiResult<json> remove(const Resource& r, const std::string& ns, const std::string& name,
                         const DeleteOptions& options) override;
  ApiResult<WatcherPtr> watch(const Resource& r, const std::string& ns, const WatchOptions& options) override;

  HttpRequest request(std::string method, std::string target, std::string body = "",
                      std::string content_type = "") const;
  ApiResult<json> call(const HttpRequest& req);
  ApiResult<json> put(const Resource& r, const std::string& ns, const json& obj, bool dry_run,
                      const std::string& subresource);

  std::unique_ptr<HttpTransport> transport_;
  std::string token_;
  HttpClientOptions options_;
};

// URL pieces, exposed for tests.
std::string resource_path(const Resource& r, const std::string& ns, const std::string& name = "",
                          const std::string& subresource = "");
std::string query_escape(std::string_view value);
// An error answer (non-2xx) as an ApiError: the server's Status when it sent one.
ApiError error_from_response(int status, const std::string& body);

}  // namespace kapi::client
