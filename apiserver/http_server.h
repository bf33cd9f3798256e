// The HTTPS listener: TLS (optional client certificates), HTTP/1.1 keep-alive, chunked streaming
// of watch bodies. The only file that instantiates Beast and Asio templates.
#pragma once

#include <openssl/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "apiserver/http_types.h"

namespace kapi::apiserver {

struct HttpServerOptions {
  std::string bind_address = "127.0.0.1";
  uint16_t port = 6443;                 // 0: pick a free port
  std::string cert_file, key_file;      // serving certificate
  std::string client_ca_file;           // client certificates verified against this CA
  // The same, already parsed: used instead of the files when set (saves decoding them again).
  std::shared_ptr<X509> cert;
  std::shared_ptr<EVP_PKEY> key;
  std::shared_ptr<X509> client_ca;
  int threads = 4;                      // network: TLS, parsing, watch writes; never block
  // Run the API handler, which may wait for a commit's fsync: a write waiting for the disk holds
  // none of the network threads, and once read it does not wait behind watch writes. Requests
  // the AsyncHandler takes never come here.
  int handler_threads = 8;
  size_t max_body_bytes = 3 * 1024 * 1024;
  // A client that has not finished its TLS handshake by then is dropped.
  std::chrono::milliseconds handshake_timeout{30000};
};

class HttpServer {
 public:
  // Binds and listens; throws std::runtime_error with a clear message if it cannot. Options
  // without a certificate leave it to use_credentials(), so that the listener and TLS context
  // can be made while the certificates still are.
  // `async_handler` (optional) is offered each request first, on the network thread that read
  // it; what it declines goes to `handler` on the handler pool.
  HttpServer(HttpServerOptions options, Handler handler, AsyncHandler async_handler = nullptr);
  ~HttpServer();
  uint16_t port() const;
  // The serving certificate and key, and the CA client certificates are checked against (may be
  // null: no client certificates asked for); the TLS context keeps its own references. Before
  // start(); throws std::runtime_error.
  void use_credentials(const std::shared_ptr<X509>& cert, const std::shared_ptr<EVP_PKEY>& key,
                       const std::shared_ptr<X509>& client_ca);
  // A client certificate the caller issued with that client CA: handshakes presenting it skip
  // verifying it (see authn::VerifiedCertificates). Before start().
  void trust_client_certificate(X509* cert);
  void start();   // serves on background threads
  void stop();    // stops accepting, closes connections, joins the threads

 private:
  void ask_for_client_certificates();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kapi::apiserver
