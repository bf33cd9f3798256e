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

TEST(Tls, ClientCertificateWorksAndNoSessionTicketIsSent) {
  kapi::ServerOptions options;
  options.storage = "memory";
  options.controllers = {};
  std::string error;
  auto server = kapi::Server::start(options, &error);
  ASSERT_TRUE(server) << error;
  auto loaded = kapi::client::load_kubeconfig(server->kubeconfig_path());
  ASSERT_EQ(loaded.index(), 0u) << std::get<1>(loaded);
  auto ctx = client_context(std::get<0>(loaded));

  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(server->port());
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  SslPtr ssl(SSL_new(ctx.get()));
  SSL_set_fd(ssl.get(), fd);
  ASSERT_EQ(SSL_connect(ssl.get()), 1) << ERR_error_string(ERR_get_error(), nullptr);
  EXPECT_EQ(SSL_version(ssl.get()), TLS1_3_VERSION);

  // The chain sent (built once when the server starts): the serving certificate, then the CA of
  // the kubeconfig, as kube-apiserver's self-signed certificate files hold.
  STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl.get());
  ASSERT_NE(chain, nullptr);
  ASSERT_EQ(sk_X509_num(chain), 2);
  const auto& config = std::get<0>(loaded);
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
  server->stop();
}

}  // namespace
