// Client certificates already verified against the client CA, so that the next handshake that
// presents one skips X509_verify_cert: building the chain and checking the CA's ECDSA signature
// on it is ~0.95M instructions, a sixth of a server's TLS 1.3 handshake, paid again for every
// connection of every kubectl run with the same kubeconfig.
//
// A certificate is trusted again only if its DER bytes equal those of one verified with no error
// (or added by whoever issued it with the client CA, as kapi does for its admin certificate), and
// only within its validity period, checked at each hit. Nothing else that the store's checks
// cover can change for the same bytes under the same trust store: keep one cache per TLS
// context, made with it and dropped with it.
#pragma once

#include <openssl/x509_vfy.h>

#include <cstddef>
#include <deque>
#include <mutex>
#include <string>

namespace kapi::apiserver::authn {

class VerifiedCertificates {
 public:
  // For SSL_CTX_set_cert_verify_callback(ctx, &VerifiedCertificates::verify, cache): a
  // remembered leaf passes at once with X509_V_OK; any other goes through X509_verify_cert and
  // is remembered if that finds no error.
  static int verify(X509_STORE_CTX* store, void* cache);

  // Trusts `cert` as if it had been verified (the caller issued it with the trusted CA).
  void add(X509* cert);
  bool contains(X509* cert) const;
  size_t size() const;

  static constexpr size_t kCapacity = 64;  // oldest forgotten first; a miss only costs a verify

 private:
  void add_der(std::string der);  // "" is never added nor found
  bool contains_der(const std::string& der) const;

  mutable std::mutex mu_;
  std::deque<std::string> der_;
};

}  // namespace kapi::apiserver::authn
