// What HttpTransport sends as its client certificate: the kubeconfig's certificates, as Go
// clients do, and no chain OpenSSL would build from the trust store (that build verified the
// client's own certificate in every handshake).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>
#include <memory>
#include <string>
#include <thread>

#include "apiserver/pki/certificate.h"
#include "client/http_transport.h"

namespace kapi::client {
namespace {

namespace pki = apiserver::pki;

struct Issued {
  pki::KeyPtr key;
  pki::CertificatePtr cert;
};

Issued issue(const std::string& name, bool is_ca, const std::string& usage, const Issued* issuer) {
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

// One TLS connection accepted on 127.0.0.1 that asks for a client certificate trusted by `ca`;
// the future gives how many certificates came with the client's own (-1: the handshake failed).
class OneConnectionServer {
 public:
  OneConnectionServer(const Issued& serving, const Issued& ca) : ctx_(SSL_CTX_new(TLS_server_method())) {
    SSL_CTX_use_certificate(ctx_, serving.cert.get());
    SSL_CTX_use_PrivateKey(ctx_, serving.key.get());
    X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx_), ca.cert.get());
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    listen(listener_, 1);
    socklen_t length = sizeof address;
    getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~OneConnectionServer() {
    thread_.join();
    close(listener_);
    SSL_CTX_free(ctx_);
  }
  int port() const { return port_; }
  int extra_certificates() { return extra_.get_future().get(); }

 private:
  void serve() {
    int fd = accept(listener_, nullptr, nullptr);
    SSL* ssl = SSL_new(ctx_);
    SSL_set_fd(ssl, fd);
    int extra = -1;
    if (SSL_accept(ssl) == 1) {
      STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl);  // a server's excludes the leaf
      extra = chain ? sk_X509_num(chain) : 0;
      char request[4096];
      (void)SSL_read(ssl, request, sizeof request);
      const std::string answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
      SSL_write(ssl, answer.data(), static_cast<int>(answer.size()));
      SSL_shutdown(ssl);
    }
    extra_.set_value(extra);
    SSL_free(ssl);
    close(fd);
  }

  SSL_CTX* ctx_;
  int listener_ = -1;
  int port_ = 0;
  std::promise<int> extra_;
  std::thread thread_;
};

int certificates_sent_beside_the_leaf(const std::string& client_chain_pem, const Issued& client, const Issued& root,
                                      const Issued& serving) {
  OneConnectionServer server(serving, root);
  TlsSettings tls;
  tls.ca_pem = pki::certificate_pem(root.cert.get());
  tls.client_cert_pem = client_chain_pem;
  tls.client_key_pem = pki::private_key_pem(client.key.get());
  auto made = HttpTransport::create("https://127.0.0.1:" + std::to_string(server.port()), tls);
  EXPECT_EQ(made.index(), 0u);
  if (made.index() != 0) return -2;
  HttpRequest request;
  request.method = "GET";
  request.target = "/";
  auto answer = std::get<0>(made)->round_trip(request);
  EXPECT_EQ(answer.index(), 0u) << std::get<1>(answer);
  return server.extra_certificates();
}

TEST(ClientCertificateChain, ALoneCertificateIsSentAloneThoughItsCaIsTrusted) {
  Issued root = issue("test root", true, "", nullptr);
  Issued serving = issue("server", false, "serverAuth", &root);
  Issued client = issue("admin", false, "clientAuth", &root);
  EXPECT_EQ(certificates_sent_beside_the_leaf(pki::certificate_pem(client.cert.get()), client, root, serving), 0);
}

TEST(ClientCertificateChain, TheKubeconfigsIntermediatesAreSent) {
  Issued root = issue("test root", true, "", nullptr);
  Issued intermediate = issue("test intermediate", true, "", &root);
  Issued serving = issue("server", false, "serverAuth", &root);
  Issued client = issue("admin", false, "clientAuth", &intermediate);
  const std::string chain = pki::certificate_pem(client.cert.get()) + pki::certificate_pem(intermediate.cert.get());
  EXPECT_EQ(certificates_sent_beside_the_leaf(chain, client, root, serving), 1);
}

}  // namespace
}  // namespace kapi::client
