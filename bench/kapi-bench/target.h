// The API server under test, from a kubeconfig: its address, credentials, and plain HTTPS calls
// over client/'s HttpTransport (one transport per thread that wants its own connections).
// Nothing here is kapi-specific: the same calls work against any Kubernetes API server.
#pragma once

#include <memory>
#include <string>
#include <variant>

#include "client/http_transport.h"
#include "client/kubeconfig.h"

namespace kapi::bench {

struct TargetOptions {
  std::string kubeconfig;
  std::string context;
  bool allow_remote = false;
  // Make a transport once to fail early on unreadable certificates. The startup mode turns it
  // off: it makes its one transport itself and times it as part of reaching the server.
  bool check_credentials = true;
};

class Target {
 public:
  // Refuses a server that is not on this machine unless allow_remote: the benchmark writes a
  // lot and measures the server's process through /proc.
  static std::variant<Target, std::string> open(const TargetOptions& options);

  const client::KubeConfig& config() const { return config_; }
  const client::ServerAddress& address() const { return address_; }
  client::TlsSettings tls() const;
  // A new transport: its own small pool of kept-alive connections.
  std::unique_ptr<client::HttpTransport> transport() const;
  // A request with the credentials' Authorization header (if a token) and JSON Accept.
  client::HttpRequest request(std::string method, std::string target, std::string body = "",
                              std::string content_type = "application/json") const;

 private:
  client::KubeConfig config_;
  client::ServerAddress address_;
};

// True when `host` (a name or an IP literal) resolves to loopback addresses only.
bool is_loopback_host(const std::string& host);

// "" for a 2xx answer to `method target`, else an error message naming the call, the status and
// the server's message.
std::string not_ok(const std::string& method, const std::string& target, const client::HttpResponse& response);

// Calls that must succeed for the benchmark to go on: the response, or an error message naming
// the call, the status and the server's message.
std::variant<client::HttpResponse, std::string> call_ok(client::HttpTransport& transport,
                                                         const client::HttpRequest& request);

}  // namespace kapi::bench
