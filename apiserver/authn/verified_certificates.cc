#include "apiserver/authn/verified_certificates.h"

#include <openssl/x509.h>

#include <algorithm>

namespace kapi::apiserver::authn {
namespace {

std::string der_of(X509* cert) {
  unsigned char* bytes = nullptr;
  int length = i2d_X509(cert, &bytes);
  if (length <= 0) return {};
  std::string der(reinterpret_cast<char*>(bytes), static_cast<size_t>(length));
  OPENSSL_free(bytes);
  return der;
}

bool valid_now(X509* cert) {
  return X509_cmp_current_time(X509_get0_notBefore(cert)) < 0 && X509_cmp_current_time(X509_get0_notAfter(cert)) > 0;
}

}  // namespace

int VerifiedCertificates::verify(X509_STORE_CTX* store, void* cache) {
  auto* self = static_cast<VerifiedCertificates*>(cache);
  X509* leaf = X509_STORE_CTX_get0_cert(store);
  std::string der = leaf ? der_of(leaf) : std::string();  // encoded once per handshake
  if (self->contains_der(der) && valid_now(leaf)) {
    X509_STORE_CTX_set_error(store, X509_V_OK);
    return 1;
  }
  int verified = X509_verify_cert(store);
  // The per-certificate callback may let a failed check through (kapi's does, to judge a bad
  // certificate per request): only an error-free verification is remembered.
  if (verified == 1 && X509_STORE_CTX_get_error(store) == X509_V_OK) self->add_der(std::move(der));
  return verified;
}

void VerifiedCertificates::add(X509* cert) { add_der(der_of(cert)); }

void VerifiedCertificates::add_der(std::string der) {
  if (der.empty()) return;
  std::lock_guard lock(mu_);
  if (std::find(der_.begin(), der_.end(), der) != der_.end()) return;
  if (der_.size() == kCapacity) der_.pop_front();
  der_.push_back(std::move(der));
}

bool VerifiedCertificates::contains(X509* cert) const { return contains_der(der_of(cert)); }

bool VerifiedCertificates::contains_der(const std::string& der) const {
  if (der.empty()) return false;
  std::lock_guard lock(mu_);
  return std::find(der_.begin(), der_.end(), der) != der_.end();
}

size_t VerifiedCertificates::size() const {
  std::lock_guard lock(mu_);
  return der_.size();
}

}  // namespace kapi::apiserver::authn
