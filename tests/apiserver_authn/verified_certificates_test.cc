// Client certificates verified once pass later handshakes without a second verification, and
// nothing else does.
#include <gtest/gtest.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>

#include "apiserver/authn/verified_certificates.h"
#include "apiserver/pki/certificate.h"

namespace kapi::apiserver::authn {
namespace {

namespace pki = apiserver::pki;

struct Issued {
  pki::KeyPtr key;
  pki::CertificatePtr cert;
};

Issued issue(const std::string& name, bool is_ca, const Issued* issuer, int validity_days = 30) {
  Issued out{pki::generate_key(), nullptr};
  pki::CertificateRequest request;
  request.common_name = name;
  request.is_ca = is_ca;
  request.validity_days = validity_days;
  if (!is_ca) request.extended_key_usage = "clientAuth";
  auto made = pki::issue_certificate(request, out.key.get(), issuer ? issuer->cert.get() : nullptr,
                                     issuer ? issuer->key.get() : out.key.get());
  if (auto* cert = std::get_if<pki::CertificatePtr>(&made)) out.cert = std::move(*cert);
  return out;
}

using StorePtr = std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)>;

// Runs the cache's verify over `leaf` as a handshake would, with `trusted` as the client CA.
// `permissive`: a per-certificate callback that lets failures through, as kapi's listener does.
std::pair<int, int> verify(VerifiedCertificates& cache, X509* leaf, X509* trusted, bool permissive = false) {
  StorePtr store(X509_STORE_new(), X509_STORE_free);
  X509_STORE_add_cert(store.get(), trusted);
  if (permissive) X509_STORE_set_verify_cb(store.get(), [](int, X509_STORE_CTX*) { return 1; });
  X509_STORE_CTX* ctx = X509_STORE_CTX_new();
  X509_STORE_CTX_init(ctx, store.get(), leaf, nullptr);
  X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_CLIENT);
  int ok = VerifiedCertificates::verify(ctx, &cache);
  int error = X509_STORE_CTX_get_error(ctx);
  X509_STORE_CTX_free(ctx);
  return {ok, error};
}

// A trusted CA, another one, and an empty cache.
class VerifiedCertificatesTest : public ::testing::Test {
 protected:
  Issued ca = issue("ca", true, nullptr);
  Issued other_ca = issue("other ca", true, nullptr);
  VerifiedCertificates cache;
};

TEST_F(VerifiedCertificatesTest, ACertificateVerifiedWithoutErrorIsRemembered) {
  Issued client = issue("admin", false, &ca);
  EXPECT_FALSE(cache.contains(client.cert.get()));
  EXPECT_EQ(verify(cache, client.cert.get(), ca.cert.get()), std::make_pair(1, X509_V_OK));
  EXPECT_TRUE(cache.contains(client.cert.get()));
  EXPECT_EQ(verify(cache, client.cert.get(), ca.cert.get()), std::make_pair(1, X509_V_OK));
  EXPECT_EQ(cache.size(), 1u);
}

TEST_F(VerifiedCertificatesTest, ACertificateThatFailsIsNotRemembered) {
  Issued stranger = issue("stranger", false, &other_ca);
  EXPECT_EQ(verify(cache, stranger.cert.get(), ca.cert.get()).first, 0);
  // Let through by a permissive callback, its error is still recorded: not remembered either.
  auto [ok, error] = verify(cache, stranger.cert.get(), ca.cert.get(), true);
  EXPECT_EQ(ok, 1);
  EXPECT_NE(error, X509_V_OK);
  EXPECT_FALSE(cache.contains(stranger.cert.get()));
  EXPECT_EQ(cache.size(), 0u);
}

TEST_F(VerifiedCertificatesTest, AnAddedCertificatePassesWithoutVerification) {
  // Only its issuer may add one; that the trust store cannot verify it shows no check was made.
  Issued issued_elsewhere = issue("admin", false, &other_ca);
  cache.add(issued_elsewhere.cert.get());
  EXPECT_EQ(verify(cache, issued_elsewhere.cert.get(), ca.cert.get()), std::make_pair(1, X509_V_OK));
  // The same name and key in a different certificate are not the remembered bytes.
  Issued lookalike = issue("admin", false, &other_ca);
  EXPECT_EQ(verify(cache, lookalike.cert.get(), ca.cert.get()).first, 0);
}

TEST_F(VerifiedCertificatesTest, AnExpiredCertificateIsVerifiedAgainAndRefused) {
  Issued expired = issue("admin", false, &ca, -1);
  cache.add(expired.cert.get());
  auto [ok, error] = verify(cache, expired.cert.get(), ca.cert.get());
  EXPECT_EQ(ok, 0);
  EXPECT_EQ(error, X509_V_ERR_CERT_HAS_EXPIRED);
}

TEST_F(VerifiedCertificatesTest, TheOldestIsForgottenPastCapacity) {
  Issued first = issue("client-0", false, &ca);
  cache.add(first.cert.get());
  for (size_t i = 1; i <= VerifiedCertificates::kCapacity; ++i) {
    Issued next = issue("client-" + std::to_string(i), false, &ca);
    cache.add(next.cert.get());
  }
  EXPECT_EQ(cache.size(), VerifiedCertificates::kCapacity);
  EXPECT_FALSE(cache.contains(first.cert.get()));
}

}  // namespace
}  // namespace kapi::apiserver::authn
