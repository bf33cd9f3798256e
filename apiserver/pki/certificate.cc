#include "apiserver/pki/certificate.h"

#include <arpa/inet.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include <ctime>

#include "apiserver/pki/file_io.h"
#include "base/openssl_setup.h"

namespace kapi::apiserver::pki {
namespace {

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

std::string bio_contents(BIO* bio) {
  char* data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(length));
}

BioPtr read_only_bio(std::string_view bytes) {
  return BioPtr(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
}

std::string_view strip_brackets(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    return host.substr(1, host.size() - 2);
  }
  return host;
}

bool is_ip_literal(std::string_view host) {
  std::string text(host);
  unsigned char buffer[sizeof(struct in6_addr)];
  return inet_pton(AF_INET, text.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

// A random positive 128-bit serial, as RFC 5280 recommends (unpredictable, at most 20 bytes).
bool set_random_serial(X509* cert) {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return false;
  bytes[0] &= 0x7f;
  std::unique_ptr<BIGNUM, decltype(&BN_free)> serial(BN_bin2bn(bytes, sizeof bytes, nullptr),
                                                      BN_free);
  return serial && BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert)) != nullptr;
}

bool add_extension(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
  X509_EXTENSION* extension = X509V3_EXT_nconf_nid(nullptr, ctx, nid, value.c_str());
  if (extension == nullptr) return false;
  bool added = X509_add_ext(cert, extension, -1) == 1;
  X509_EXTENSION_free(extension);
  return added;
}

bool add_name_entry(X509_NAME* name, const char* field, const std::string& value) {
  return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                    reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1,
                                    0) == 1;
}

std::string join_comma(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : ",") + part;
  return out;
}

// Whether `key` is an EC key on P-256, the only kind kapi makes.
bool is_p256(EVP_PKEY* key) {
  char group[32] = {};
  return EVP_PKEY_is_a(key, "EC") &&
         EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, nullptr) == 1 &&
         std::string_view(group) == "prime256v1";
}

// Whether `key` is an EC key held by the EC method itself (as generate_key makes them), not by a
// provider.
bool is_method_ec_key(EVP_PKEY* key) {
  return EVP_PKEY_get0_provider(key) == nullptr && EVP_PKEY_get_base_id(key) == EVP_PKEY_EC;
}

// The subject's SubjectPublicKeyInfo. For a P-256 key it is written directly (the
// id-ecPublicKey and prime256v1 OIDs and the uncompressed point): X509_set_pubkey would encode
// the key with OpenSSL 3's provider encoders and decode the result back, and building those
// method tables costs milliseconds of a first start. Other keys take X509_set_pubkey.
bool set_public_key(X509* cert, EVP_PKEY* key) {
  if (is_method_ec_key(key)) return X509_set_pubkey(cert, key) == 1;  // no encoder; key attached
  if (is_p256(key)) {
    unsigned char point[65];  // 0x04, X, Y
    size_t length = 0;
    if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point, sizeof point,
                                        &length) != 1) {
      return false;
    }
    auto* copy = static_cast<unsigned char*>(OPENSSL_memdup(point, length));
    if (copy == nullptr) return false;
    if (X509_PUBKEY_set0_param(X509_get_X509_PUBKEY(cert), OBJ_nid2obj(NID_X9_62_id_ecPublicKey),
                               V_ASN1_OBJECT, OBJ_nid2obj(NID_X9_62_prime256v1), copy,
                               static_cast<int>(length)) != 1) {
      OPENSSL_free(copy);
      return false;
    }
    return true;
  }
  return X509_set_pubkey(cert, key) == 1;
}

// The PKCS#8 PrivateKeyInfo DER of a P-256 key, as OpenSSL writes it (RFC 5208 around RFC 5915's
// ECPrivateKey: the curve named in the algorithm, the public point included), or "" if the
// key's parts cannot be read. PEM_write_bio_PrivateKey builds OpenSSL 3's provider encoder
// tables on every call: 14% of a test-mode start's instructions for three keys.
// The uncompressed public point and the 32-byte secret scalar of a P-256 key, held by a provider
// or by the EC method (generate_key's keys, whose parameters OpenSSL 3 does not offer).
bool p256_key_parts(EVP_PKEY* key, unsigned char (&point)[65], unsigned char (&secret)[32]) {
  if (is_method_ec_key(key)) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    const EC_KEY* ec = EVP_PKEY_get0_EC_KEY(key);
    const EC_POINT* pub = ec ? EC_KEY_get0_public_key(ec) : nullptr;
    const BIGNUM* priv = ec ? EC_KEY_get0_private_key(ec) : nullptr;
    return pub && priv &&
           EC_POINT_point2oct(EC_KEY_get0_group(ec), pub, POINT_CONVERSION_UNCOMPRESSED, point, sizeof point,
                              nullptr) == sizeof point &&
           BN_bn2binpad(priv, secret, sizeof secret) == sizeof secret;
#pragma GCC diagnostic pop
  }
  size_t point_length = 0;
  BIGNUM* scalar = nullptr;
  if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point, sizeof point,
                                      &point_length) != 1 ||
      point_length != sizeof point || EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_PRIV_KEY, &scalar) != 1) {
    return false;
  }
  const bool fits = BN_bn2binpad(scalar, secret, sizeof secret) == sizeof secret;
  BN_clear_free(scalar);
  return fits;
}

std::string p256_private_key_info(EVP_PKEY* key) {
  unsigned char point[65];  // 0x04, X, Y
  unsigned char secret[32];
  if (!p256_key_parts(key, point, secret)) {
    OPENSSL_cleanse(secret, sizeof secret);
    return "";
  }
  static constexpr unsigned char kHead[] = {
      0x30, 0x81, 0x87,                                            // PrivateKeyInfo, 135 bytes
      0x02, 0x01, 0x00,                                            // version 0
      0x30, 0x13,                                                  // AlgorithmIdentifier
      0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,        // id-ecPublicKey
      0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07,  // prime256v1
      0x04, 0x6d,                                                  // privateKey OCTET STRING
      0x30, 0x6b,                                                  // ECPrivateKey
      0x02, 0x01, 0x01,                                            // version 1
      0x04, 0x20,                                                  // the 32-byte scalar
  };
  static constexpr unsigned char kPublicKeyHead[] = {0xa1, 0x44, 0x03, 0x42, 0x00};  // [1] BIT STRING
  std::string der(reinterpret_cast<const char*>(kHead), sizeof kHead);
  der.append(reinterpret_cast<const char*>(secret), sizeof secret);
  OPENSSL_cleanse(secret, sizeof secret);
  der.append(reinterpret_cast<const char*>(kPublicKeyHead), sizeof kPublicKeyHead);
  der.append(reinterpret_cast<const char*>(point), sizeof point);
  return der;
}

// PEM armour: base64 in lines of 64 characters between the BEGIN and END lines.
std::string pem(std::string_view label, const std::string& der) {
  std::string text = base64_encode(der);
  std::string out = "-----BEGIN " + std::string(label) + "-----\n";
  for (size_t at = 0; at < text.size(); at += 64) out.append(text, at, 64).push_back('\n');
  OPENSSL_cleanse(text.data(), text.size());  // it may be a private key
  return out + "-----END " + std::string(label) + "-----\n";
}

}  // namespace

// Made through the EC_KEY interface OpenSSL 3 deprecates, on purpose: such a key is encoded
// into a certificate by the EC method's own code (X509_set_pubkey), which also leaves the key
// attached to the certificate. A provider key (EVP_EC_gen) goes through the provider encoders,
// and its certificate must be decoded back before a TLS context or a verifier can use it:
// OpenSSL 3.0 builds a decoder chain for that, ~1.9M instructions per certificate of a start.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
KeyPtr generate_key() {
  EC_KEY* ec = EC_KEY_new_by_curve_name(NID_X9_62_prime256v1);
  if (ec == nullptr || EC_KEY_generate_key(ec) != 1) {
    EC_KEY_free(ec);
    return nullptr;
  }
  EC_KEY_set_asn1_flag(ec, OPENSSL_EC_NAMED_CURVE);
  KeyPtr key(EVP_PKEY_new());
  if (!key || EVP_PKEY_assign_EC_KEY(key.get(), ec) != 1) {
    EC_KEY_free(ec);
    return nullptr;
  }
  return key;
}
#pragma GCC diagnostic pop

std::variant<CertificatePtr, std::string> issue_certificate(const CertificateRequest& request,
                                                            EVP_PKEY* subject_key, X509* issuer,
                                                            EVP_PKEY* issuer_key) {
  CertificatePtr cert(X509_new());
  if (!cert) return std::string("X509_new failed");
  if (X509_set_version(cert.get(), 2) != 1 || !set_random_serial(cert.get())) {
    return std::string("cannot set certificate version or serial");
  }
  // Backdated an hour so that clients with a slightly slow clock accept a fresh certificate.
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60 * 60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 60L * 60 * 24 * request.validity_days);

  X509_NAME* subject = X509_get_subject_name(cert.get());
  for (const auto& organization : request.organizations) {
    if (!add_name_entry(subject, "O", organization)) return "invalid organization " + organization;
  }
  if (!add_name_entry(subject, "CN", request.common_name)) {
    return "invalid common name " + request.common_name;
  }
  X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : subject);
  if (!set_public_key(cert.get(), subject_key)) return std::string("cannot set public key");

  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer ? issuer : cert.get(), cert.get(), nullptr, nullptr, 0);
  bool ok = true;
  if (request.is_ca) {
    ok = ok && add_extension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:TRUE");
    ok = ok && add_extension(cert.get(), &ctx, NID_key_usage,
                             "critical,digitalSignature,keyCertSign,cRLSign");
  } else {
    ok = ok && add_extension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE");
    ok = ok && add_extension(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature");
  }
  if (!request.extended_key_usage.empty()) {
    ok = ok && add_extension(cert.get(), &ctx, NID_ext_key_usage, request.extended_key_usage);
  }
  ok = ok && add_extension(cert.get(), &ctx, NID_subject_key_identifier, "hash");
  if (issuer != nullptr) {
    ok = ok && add_extension(cert.get(), &ctx, NID_authority_key_identifier, "keyid:always");
  }
  if (!request.subject_alt_names.empty()) {
    ok = ok && add_extension(cert.get(), &ctx, NID_subject_alt_name,
                             join_comma(request.subject_alt_names));
  }
  if (!ok) return "cannot add extensions to certificate " + request.common_name;

  if (X509_sign(cert.get(), issuer_key, EVP_sha256()) <= 0) {
    return "cannot sign certificate " + request.common_name;
  }
  // set_public_key wrote a provider key as bytes, which leaves the object without the parsed key
  // that X509_get0_pubkey (and a TLS context given this certificate) needs: parse the signed DER
  // back. A method key is attached already.
  if (!request.used_here || is_method_ec_key(subject_key)) return cert;
  unsigned char* der = nullptr;
  int length = i2d_X509(cert.get(), &der);
  if (length <= 0) return "cannot encode certificate " + request.common_name;
  const unsigned char* cursor = der;
  CertificatePtr parsed(d2i_X509(nullptr, &cursor, length));
  OPENSSL_free(der);
  if (!parsed || X509_get0_pubkey(parsed.get()) == nullptr) {
    return "cannot parse the new certificate " + request.common_name;
  }
  return parsed;
}

std::string certificate_pem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) return "";
  return bio_contents(bio.get());
}

std::string private_key_pem(EVP_PKEY* key) {
  if (is_p256(key)) {
    std::string der = p256_private_key_info(key);
    std::string out = der.empty() ? "" : pem("PRIVATE KEY", der);
    OPENSSL_cleanse(der.data(), der.size());
    return out;
  }
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return "";
  }
  return bio_contents(bio.get());
}

CertificatePtr parse_certificate_pem(std::string_view pem) {
  BioPtr bio = read_only_bio(pem);
  if (!bio) return nullptr;
  return CertificatePtr(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

KeyPtr parse_private_key_pem(std::string_view pem) {
  if (EVP_PKEY* key = base::read_ec_private_key_pem(pem)) return KeyPtr(key);
  BioPtr bio = read_only_bio(pem);
  if (!bio) return nullptr;
  return KeyPtr(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

std::string subject_alt_name_for(std::string_view host) {
  std::string_view bare = strip_brackets(host);
  if (is_ip_literal(bare)) return "IP:" + std::string(bare);
  return "DNS:" + std::string(host);
}

bool certificate_covers_host(X509* cert, std::string_view host) {
  std::string bare(strip_brackets(host));
  if (is_ip_literal(bare)) return X509_check_ip_asc(cert, bare.c_str(), 0) == 1;
  return X509_check_host(cert, bare.data(), bare.size(), X509_CHECK_FLAG_NEVER_CHECK_SUBJECT,
                         nullptr) == 1;
}

bool signed_by(X509* cert, X509* issuer) {
  EVP_PKEY* issuer_public_key = X509_get0_pubkey(issuer);
  return issuer_public_key != nullptr && X509_verify(cert, issuer_public_key) == 1 &&
         X509_check_issued(issuer, cert) == X509_V_OK;
}

bool valid_for_days(X509* cert, int days_ahead) {
  std::time_t now = std::time(nullptr);
  std::time_t later = now + static_cast<std::time_t>(days_ahead) * 24 * 60 * 60;
  return X509_cmp_time(X509_get0_notBefore(cert), &now) < 0 &&
         X509_cmp_time(X509_get0_notAfter(cert), &later) > 0;
}

}  // namespace kapi::apiserver::pki
