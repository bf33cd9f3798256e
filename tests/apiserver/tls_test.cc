// The TLS a client meets: a client certificate from the admin kubeconfig is accepted, and no
// TLS 1.3 session ticket is sent (nobody resumes; each ticket cost a third of a handshake).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "apiserver/pki/certificate.h"
#include "client/kubeconfig.h"
#include "kapi/server.h"

namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using CtxPtr = std::unique_ptr<SSL_CTX, Deleter<SSL_CTX, SSL_CTX_free>>;
using SslPtr = std::unique_ptr<SSL, Deleter<SSL, SSL_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

// A plain OpenSSL client with the kubeconfig's CA and client certificate.
CtxPtr client_context(const kapi::client::KubeConfig& config) {
  CtxPtr ctx(SSL_CTX_new(TLS_client_method()));
  BioPtr ca(BIO_new_mem_buf(config.ca_pem.data(), static_cast<int>(config.ca_pem.size())));
  X509* ca_cert = PEM_read_bio_X509(ca.get(), nullptr, nullptr, nullptr);
  X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx.get()), ca_cert);
  X509_free(ca_cert);
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  BioPtr cert(BIO_new_mem_buf(config.client_cert_pem.data(), static_cast<int>(config.client_cert_pem.size())));
  X509* client_cert = PEM_read_bio_X509(cert.get(), nullptr, nullptr, nullptr);
  SSL_CTX_use_certificate(ctx.get(), client_cert);
  X509_free(client_cert);
  BioPtr key(BIO_new_mem_buf(config.client_key_pem.data(), static_cast<int>(config.client_key_pem.size())));
  EVP_PKEY* client_key = PEM_read_bio_PrivateKey(key.get(), nullptr, nullptr, nullptr);
  SSL_CTX_use_PrivateKey(ctx.get(), client_key);
  EVP_PKEY_free(client_key);
  return ctx;
}

// A TCP connection to 127.0.0.1:port; -1 if refused.
int connect_to(uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) return fd;
  close(fd);
  return -1;
}

// A memory-store server without controllers, its kubeconfig, and a client context with the
// kubeconfig's CA and admin certificate.
class Tls : public ::testing::Test {
 protected:
  void SetUp() override {
    kapi::ServerOptions options;
    options.storage = "memory";
    options.controllers = {};
    std::string error;
    server = kapi::Server::start(options, &error);
    ASSERT_TRUE(server) << error;
    auto loaded = kapi::client::load_kubeconfig(server->kubeconfig_path());
    ASSERT_EQ(loaded.index(), 0u) << std::get<1>(loaded);
    config = std::get<0>(loaded);
    admin = client_context(config);
  }
  void TearDown() override {
    if (server) server->stop();
  }

  std::unique_ptr<kapi::Server> server;
  kapi::client::KubeConfig config;
  CtxPtr admin;
};

TEST_F(Tls, ClientCertificateWorksAndNoSessionTicketIsSent) {
  int fd = connect_to(server->port());
  ASSERT_GE(fd, 0);
  SslPtr ssl(SSL_new(admin.get()));
  SSL_set_fd(ssl.get(), fd);
  ASSERT_EQ(SSL_connect(ssl.get()), 1) << ERR_error_string(ERR_get_error(), nullptr);
  EXPECT_EQ(SSL_version(ssl.get()), TLS1_3_VERSION);

  // The chain sent (built once when the server starts): the serving certificate, then the CA of
  // the kubeconfig, as kube-apiserver's self-signed certificate files hold.
  STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl.get());
  ASSERT_NE(chain, nullptr);
  ASSERT_EQ(sk_X509_num(chain), 2);
  BioPtr ca_pem(BIO_new_mem_buf(config.ca_pem.data(), static_cast<int>(config.ca_pem.size())));
  std::unique_ptr<X509, Deleter<X509, X509_free>> ca(PEM_read_bio_X509(ca_pem.get(), nullptr, nullptr, nullptr));
  ASSERT_TRUE(ca);
  EXPECT_EQ(X509_cmp(sk_X509_value(chain, 1), ca.get()), 0);
  EXPECT_NE(X509_cmp(sk_X509_value(chain, 0), ca.get()), 0);

  // An authenticated request: answered only if the client certificate was taken.
  const std::string request = "GET /api HTTP/1.1\r\nHost: kapi\r\nConnection: close\r\n\r\n";
  ASSERT_EQ(SSL_write(ssl.get(), request.data(), static_cast<int>(request.size())), static_cast<int>(request.size()));
  std::string response;
  char buffer[4096];
  for (int n; (n = SSL_read(ssl.get(), buffer, sizeof buffer)) > 0;) response.append(buffer, static_cast<size_t>(n));
  EXPECT_EQ(response.rfind("HTTP/1.1 200", 0), 0u) << response;
  EXPECT_NE(response.find("\"APIVersions\""), std::string::npos) << response;

  // Tickets arrive after the handshake, before any answer: by now one would have been read.
  SSL_SESSION* session = SSL_get0_session(ssl.get());
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(SSL_SESSION_has_ticket(session), 0);
  ssl.reset();
  close(fd);
}

// One connection with `ctx`, one request; the status line and body as read until the close.
std::string get_over_tls(SSL_CTX* ctx, uint16_t port, const std::string& path) {
  int fd = connect_to(port);
  if (fd < 0) return "connect failed";
  SslPtr ssl(SSL_new(ctx));
  SSL_set_fd(ssl.get(), fd);
  std::string response;
  if (SSL_connect(ssl.get()) == 1) {
    const std::string request = "GET " + path + " HTTP/1.1\r\nHost: kapi\r\nConnection: close\r\n\r\n";
    SSL_write(ssl.get(), request.data(), static_cast<int>(request.size()));
    char buffer[4096];
    for (int n; (n = SSL_read(ssl.get(), buffer, sizeof buffer)) > 0;) response.append(buffer, static_cast<size_t>(n));
  } else {
    response = "handshake failed";
  }
  ssl.reset();
  close(fd);
  return response;
}

// The listener trusts its own admin certificate without verifying it per handshake; every other
// certificate is still verified, and one from another CA, with the admin's very name and group,
// authenticates nobody.
TEST_F(Tls, OnlyCertificatesOfTheClientCaAuthenticate) {
  for (int i = 0; i < 2; ++i)
    EXPECT_EQ(get_over_tls(admin.get(), server->port(), "/api").rfind("HTTP/1.1 200", 0), 0u) << i;

  namespace pki = kapi::apiserver::pki;
  auto other_ca_key = pki::generate_key();
  pki::CertificateRequest ca_request;
  ca_request.common_name = "kapi-ca";
  ca_request.is_ca = true;
  auto other_ca = std::get<pki::CertificatePtr>(pki::issue_certificate(ca_request, other_ca_key.get(), nullptr, other_ca_key.get()));
  auto impostor_key = pki::generate_key();
  pki::CertificateRequest impostor_request;
  impostor_request.common_name = "kapi-admin";
  impostor_request.organizations = {"system:masters"};
  impostor_request.extended_key_usage = "clientAuth";
  auto impostor = std::get<pki::CertificatePtr>(
      pki::issue_certificate(impostor_request, impostor_key.get(), other_ca.get(), other_ca_key.get()));
  config.client_cert_pem = pki::certificate_pem(impostor.get());
  config.client_key_pem = pki::private_key_pem(impostor_key.get());
  auto stranger = client_context(config);
  for (int i = 0; i < 2; ++i) {
    std::string response = get_over_tls(stranger.get(), server->port(), "/api");
    EXPECT_EQ(response.rfind("HTTP/1.1 401", 0), 0u) << i << ": " << response;
  }
  EXPECT_EQ(get_over_tls(admin.get(), server->port(), "/api").rfind("HTTP/1.1 200", 0), 0u);
}

}  // namespace
