// What HttpTransport sends as its client certificate: the kubeconfig's certificates, as Go
// clients do, and no chain OpenSSL would build from the trust store (that build verified the
// client's own certificate in every handshake).
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <future>
#include <string>

#include "client/http_transport.h"
#include "tests/client/tls_test_server.h"

namespace kapi::client {
namespace {

namespace pki = apiserver::pki;

using testing::Issued;
using testing::issue;

int certificates_sent_beside_the_leaf(const std::string& client_chain_pem, const Issued& client, const Issued& root,
                                      const Issued& serving) {
  std::promise<int> extra;  // how many certificates came with the client's own (-1: no handshake)
  testing::TlsTestServer server(serving, &root, 1, [&](SSL* ssl) {
    if (!ssl) return extra.set_value(-1);
    STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl);  // a server's excludes the leaf
    extra.set_value(chain ? sk_X509_num(chain) : 0);
    char request[4096];
    (void)SSL_read(ssl, request, sizeof request);
    const std::string answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
    SSL_write(ssl, answer.data(), static_cast<int>(answer.size()));
    SSL_shutdown(ssl);
  });
  TlsSettings tls;
  tls.ca_pem = pki::certificate_pem(root.cert.get());
  tls.client_cert_pem = client_chain_pem;
  tls.client_key_pem = pki::private_key_pem(client.key.get());
  auto made = HttpTransport::create(server.url(), tls);
  EXPECT_EQ(made.index(), 0u);
  if (made.index() != 0) return -2;
  HttpRequest request;
  request.method = "GET";
  request.target = "/";
  auto answer = std::get<0>(made)->round_trip(request);
  EXPECT_EQ(answer.index(), 0u) << std::get<1>(answer);
  return extra.get_future().get();
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
