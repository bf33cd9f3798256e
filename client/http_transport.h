// HTTPS requests to one server over kept-alive connections (a small pool), and streamed
// responses for watches. No Beast type shows here: http_transport.cc is the one translation unit
// that instantiates Beast and Asio templates.
//
// Calls are synchronous and thread-safe; each takes a pooled connection (or opens one) for its
// duration. Transport failures come back as an error message, never an exception.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace boost::asio::ssl {
class context;
}  // namespace boost::asio::ssl

namespace kapi::client {

struct TlsSettings {
  std::string ca_pem;                  // empty: the system's trusted CAs
  bool insecure_skip_verify = false;
  std::string client_cert_pem, client_key_pem;
};

// Loads `settings` into a client TLS context: peer verification (or none), the CA, the client
// certificate and key. "" on success, else what could not be loaded. For other Asio clients of
// the same kubeconfig (kapi-bench's watch pool). TLS 1.3 suites are offered in Go's order (AES-128-GCM first).
std::string configure_client_tls(boost::asio::ssl::context& tls, const TlsSettings& settings);

struct HttpRequest {
  std::string method;                  // "GET"
  std::string target;                  // "/api/v1/namespaces/default/pods?limit=5"
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct HttpResponse {
  int status = 0;
  std::string content_type;
  std::string body;
};

// The body of a response being streamed.
class ResponseStream {
 public:
  virtual ~ResponseStream() = default;
  // The next body bytes (blocking until some arrive); nullopt at the end or on any failure.
  virtual std::optional<std::string> read() = 0;
  // Makes a blocked read() return nullopt; any thread, any number of times.
  virtual void cancel() = 0;
};
using ResponseStreamPtr = std::unique_ptr<ResponseStream>;

// The host and port of an "https://host[:port]" server URL (a path after it is ignored; IPv6 in
// brackets); or an error message.
struct ServerAddress {
  std::string host, port;
};
std::variant<ServerAddress, std::string> parse_server(const std::string& server);

class HttpTransport {
 public:
  // `server` is "https://host[:port]" (a path after it is ignored).
  static std::variant<std::unique_ptr<HttpTransport>, std::string> create(const std::string& server,
                                                                           const TlsSettings& tls);
  ~HttpTransport();

  std::variant<HttpResponse, std::string> round_trip(const HttpRequest& request);

  // A 2xx response comes back with an empty body and its stream; any other status with its whole
  // body read and no stream. The stream owns its connection and may outlive the transport.
  struct Opened {
    HttpResponse head;
    ResponseStreamPtr stream;
  };
  std::variant<Opened, std::string> open_stream(const HttpRequest& request);

  // Keeps `connections` new kept-alive connections busy from the calling thread, one request in
  // flight on each, all waited for at once (epoll) rather than by a thread blocked per
  // connection: a load generator's clients then cost no thread switch per request. next(slot)
  // gives slot's next request (nullopt: that slot is done); answered(slot, result) takes each
  // answer, or what failed (the slot then goes on over a new connection). Returns once every
  // slot is done: "", or why connections could not be opened.
  using NextRequest = std::function<std::optional<HttpRequest>(int slot)>;
  using Answered = std::function<void(int slot, std::variant<HttpResponse, std::string> result)>;
  std::string run_concurrently(int connections, const NextRequest& next, const Answered& answered);

  struct Impl;

 private:
  explicit HttpTransport(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kapi::client
