#include "bench/kapi-bench/target.h"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

namespace kapi::bench {

bool is_loopback_host(const std::string& host) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || found == nullptr) return false;
  bool all_loopback = true;
  for (auto* a = found; a != nullptr; a = a->ai_next) {
    if (a->ai_family == AF_INET) {
      auto addr = ntohl(reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr.s_addr);
      all_loopback &= (addr >> 24) == 127;
    } else if (a->ai_family == AF_INET6) {
      all_loopback &= IN6_IS_ADDR_LOOPBACK(&reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr) != 0;
    } else {
      all_loopback = false;
    }
  }
  freeaddrinfo(found);
  return all_loopback;
}

std::variant<Target, std::string> Target::open(const TargetOptions& options) {
  auto loaded = client::load_kubeconfig(options.kubeconfig, options.context);
  if (loaded.index() == 1) return "kubeconfig " + options.kubeconfig + ": " + std::get<1>(loaded);
  Target t;
  t.config_ = std::get<0>(loaded);
  auto address = client::parse_server(t.config_.server);
  if (address.index() == 1) return std::get<1>(address);
  t.address_ = std::get<0>(address);
  if (!options.allow_remote && !is_loopback_host(t.address_.host))
    return "server " + t.config_.server + " is not a loopback address; kapi-bench only loads servers on this "
           "machine unless --allow-remote is given";
  // Fail early on unreadable certificates rather than in every thread.
  if (options.check_credentials) {
    auto probe = client::HttpTransport::create(t.config_.server, t.tls());
    if (probe.index() == 1) return std::get<1>(probe);
  }
  return t;
}

client::TlsSettings Target::tls() const {
  return {config_.ca_pem, config_.insecure_skip_tls_verify, config_.client_cert_pem, config_.client_key_pem};
}

std::unique_ptr<client::HttpTransport> Target::transport() const {
  // open() checked that the settings load.
  return std::move(std::get<0>(client::HttpTransport::create(config_.server, tls())));
}

client::HttpRequest Target::request(std::string method, std::string target, std::string body,
                                    std::string content_type) const {
  client::HttpRequest r{std::move(method), std::move(target), {{"Accept", "application/json"}}, std::move(body)};
  if (!r.body.empty()) r.headers.emplace_back("Content-Type", std::move(content_type));
  if (!config_.token.empty()) r.headers.emplace_back("Authorization", "Bearer " + config_.token);
  r.headers.emplace_back("User-Agent", "kapi-bench");
  return r;
}

std::string not_ok(const std::string& method, const std::string& target, const client::HttpResponse& response) {
  if (response.status / 100 == 2) return "";
  return method + " " + target + ": " + std::to_string(response.status) + " " + response.body.substr(0, 500);
}

std::variant<client::HttpResponse, std::string> call_ok(client::HttpTransport& transport,
                                                         const client::HttpRequest& request) {
  auto result = transport.round_trip(request);
  if (result.index() == 1) return std::get<1>(result);
  auto& response = std::get<0>(result);
  if (auto error = not_ok(request.method, request.target, response); !error.empty()) return error;
  return response;
}

}  // namespace kapi::bench
