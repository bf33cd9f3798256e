// Keys and X.509 certificates with OpenSSL 3: generate, issue, PEM in and out, inspect.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kapi::apiserver::pki {

struct KeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertificateDeleter {
  void operator()(X509* cert) const { X509_free(cert); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyDeleter>;
using CertificatePtr = std::unique_ptr<X509, CertificateDeleter>;

struct CertificateRequest {
  std::string common_name;
  std::vector<std::string> organizations;
  bool is_ca = false;
  int validity_days = 365;
  std::string extended_key_usage;              // "serverAuth", "clientAuth" or "" (none)
  std::vector<std::string> subject_alt_names;  // OpenSSL syntax: "IP:127.0.0.1", "DNS:localhost"
  // The issued certificate is used in this process (to sign, to serve, to verify against), so
  // its public key must be readable (X509_get0_pubkey). false: it is only written out, which
  // spares parsing it back (a provider decoder per certificate: ~1.8M instructions).
  bool used_here = true;
};

// A fresh ECDSA P-256 key, or null if OpenSSL fails.
KeyPtr generate_key();

// Signs a certificate for `subject_key`. With a null issuer it is self-signed by subject_key.
// Without request.used_here the certificate can be encoded (PEM, DER) but not inspected.
std::variant<CertificatePtr, std::string> issue_certificate(const CertificateRequest& request,
                                                            EVP_PKEY* subject_key, X509* issuer,
                                                            EVP_PKEY* issuer_key);

std::string certificate_pem(X509* cert);
std::string private_key_pem(EVP_PKEY* key);  // unencrypted PKCS#8 "PRIVATE KEY"
CertificatePtr parse_certificate_pem(std::string_view pem);  // null on failure
KeyPtr parse_private_key_pem(std::string_view pem);          // null on failure

// "IP:<addr>" when host is an IPv4/IPv6 literal (brackets allowed), else "DNS:<host>".
std::string subject_alt_name_for(std::string_view host);

// Whether a SAN of `cert` covers `host` (IP literal or DNS name; the subject CN is not looked at,
// as Go clients ignore it).
bool certificate_covers_host(X509* cert, std::string_view host);

// Whether `cert` is signed by `issuer` and still valid `days_ahead` days from now.
bool signed_by(X509* cert, X509* issuer);
bool valid_for_days(X509* cert, int days_ahead);

}  // namespace kapi::apiserver::pki
