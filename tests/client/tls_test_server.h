// A TLS server on 127.0.0.1 for client tests that need a peer behaving in ways kapi's own server
// never does (answers split into one-byte records, closes without close_notify, ...): each
// accepted connection is handed, handshake done, to the test's function on the server's thread.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>
#include <string>
#include <thread>

#include "apiserver/pki/certificate.h"

namespace kapi::client::testing {

struct Issued {
  apiserver::pki::KeyPtr key;
  apiserver::pki::CertificatePtr cert;
};

// A certificate for `name`, self-signed when `issuer` is null; a "serverAuth" one names 127.0.0.1.
inline Issued issue(const std::string& name, bool is_ca, const std::string& usage, const Issued* issuer) {
  namespace pki = apiserver::pki;
  Issued out{pki::generate_key(), nullptr};
  pki::CertificateRequest request;
  request.common_name = name;
  request.is_ca = is_ca;
  request.extended_key_usage = usage;
  if (usage == "serverAuth") request.subject_alt_names = {"IP:127.0.0.1"};
  auto made = pki::issue_certificate(request, out.key.get(), issuer ? issuer->cert.get() : nullptr,
                                     issuer ? issuer->key.get() : out.key.get());
  if (auto* cert = std::get_if<pki::CertificatePtr>(&made)) out.cert = std::move(*cert);
  return out;
}

class TlsTestServer {
 public:
  // Serves `connections` connections one after another, then stops. `client_ca`: ask for a
  // client certificate it signed (handshakes without one fail); null: ask for none. `serve`
  // gets each connection after a successful handshake, or null after a failed one.
  TlsTestServer(const Issued& serving, const Issued* client_ca, int connections, std::function<void(SSL*)> serve)
      : ctx_(SSL_CTX_new(TLS_server_method())), serve_(std::move(serve)) {
    SSL_CTX_use_certificate(ctx_, serving.cert.get());
    SSL_CTX_use_PrivateKey(ctx_, serving.key.get());
    if (client_ca) {
      X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx_), client_ca->cert.get());
      SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    }
    SSL_CTX_set_num_tickets(ctx_, 0);
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    listen(listener_, 4);
    socklen_t length = sizeof address;
    getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this, connections] {
      for (int i = 0; i < connections; ++i) serve_one();
    });
  }
  ~TlsTestServer() {
    thread_.join();
    close(listener_);
    SSL_CTX_free(ctx_);
  }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }

 private:
  void serve_one() {
    int fd = accept(listener_, nullptr, nullptr);
    SSL* ssl = SSL_new(ctx_);
    SSL_set_fd(ssl, fd);
    serve_(SSL_accept(ssl) == 1 ? ssl : nullptr);
    SSL_free(ssl);
    close(fd);
  }

  SSL_CTX* ctx_;
  std::function<void(SSL*)> serve_;
  int listener_ = -1;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace kapi::client::testing
