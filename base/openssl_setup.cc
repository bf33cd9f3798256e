#include "base/openssl_setup.h"

#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/engine.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <mutex>

// ENGINE, EVP_PKEY_meth_find and EC_KEY are deprecated in OpenSSL 3.0 but kept in it; they are
// what reads EC keys without the decoders (see the header).
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace kapi::base {

namespace {

// ENGINE_PKEY_METHS_PTR: with no method asked for, the list of key types offered; else the
// method for `nid`: OpenSSL's own built-in one.
int builtin_ec_methods(ENGINE*, EVP_PKEY_METHOD** method, const int** nids, int nid) {
  static const int kOffered[] = {EVP_PKEY_EC};
  if (method == nullptr) {
    *nids = kOffered;
    return 1;
  }
  *method = nid == EVP_PKEY_EC ? const_cast<EVP_PKEY_METHOD*>(EVP_PKEY_meth_find(EVP_PKEY_EC)) : nullptr;
  return *method != nullptr;
}

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct P8Free {
  void operator()(PKCS8_PRIV_KEY_INFO* p) const { PKCS8_PRIV_KEY_INFO_free(p); }
};

// The named curve of an id-ecPublicKey AlgorithmIdentifier, or NID_undef.
int named_curve_of(const X509_ALGOR* algorithm) {
  const ASN1_OBJECT* oid = nullptr;
  int parameter_type = 0;
  const void* parameter = nullptr;
  X509_ALGOR_get0(&oid, &parameter_type, &parameter, algorithm);
  if (OBJ_obj2nid(oid) != NID_X9_62_id_ecPublicKey || parameter_type != V_ASN1_OBJECT) return NID_undef;
  return OBJ_obj2nid(static_cast<const ASN1_OBJECT*>(parameter));
}

// SEC 1 ECPrivateKey DER into an EVP_PKEY; `curve` (when not NID_undef) is the group to use
// when the structure leaves its parameters out, as PKCS #8 wrapping allows.
EVP_PKEY* ec_key_from_sec1(const unsigned char* der, long length, int curve) {
  EC_KEY* key = curve != NID_undef ? EC_KEY_new_by_curve_name(curve) : nullptr;
  if (curve != NID_undef && key == nullptr) return nullptr;
  EC_KEY* parsed = d2i_ECPrivateKey(&key, &der, length);
  if (parsed == nullptr) {
    EC_KEY_free(key);
    return nullptr;
  }
  EVP_PKEY* out = EVP_PKEY_new();
  if (out == nullptr || EVP_PKEY_assign_EC_KEY(out, parsed) != 1) {
    EVP_PKEY_free(out);
    EC_KEY_free(parsed);
    return nullptr;
  }
  return out;
}

}  // namespace

void set_up_openssl_for_own_process() {
  static std::once_flag once;
  std::call_once(once, [] {
    const char* config = std::getenv("OPENSSL_CONF");
    const uint64_t load_config =
        config != nullptr && *config != '\0' ? OPENSSL_INIT_LOAD_CONFIG : OPENSSL_INIT_NO_LOAD_CONFIG;
    OPENSSL_init_crypto(load_config | OPENSSL_INIT_NO_ADD_ALL_CIPHERS | OPENSSL_INIT_NO_ADD_ALL_DIGESTS, nullptr);
    // The built-in EC methods (below) look digests up by their legacy names.
    for (const EVP_MD* md : {EVP_sha1(), EVP_sha224(), EVP_sha256(), EVP_sha384(), EVP_sha512()}) EVP_add_digest(md);
    ENGINE* engine = ENGINE_new();
    if (engine == nullptr) return;
    // Registered as the default for EC, the table keeps a reference; ours is dropped.
    if (ENGINE_set_id(engine, "kapi-builtin-ec") == 1 &&
        ENGINE_set_name(engine, "OpenSSL's built-in EC key methods") == 1 &&
        ENGINE_set_pkey_meths(engine, builtin_ec_methods) == 1)
      ENGINE_set_default_pkey_meths(engine);
    ENGINE_free(engine);
  });
}

EVP_PKEY* read_ec_private_key_pem(std::string_view pem) {
  if (pem.size() > static_cast<size_t>(INT32_MAX)) return nullptr;
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return nullptr;
  char* name = nullptr;
  char* header = nullptr;
  unsigned char* der = nullptr;
  long length = 0;
  // PEM_read_bio only finds the first block and decodes its base64: no decoder chain.
  if (PEM_read_bio(bio.get(), &name, &header, &der, &length) != 1) return nullptr;
  EVP_PKEY* out = nullptr;
  std::string_view type = name;
  if (header[0] != '\0') {
    // Proc-Type/DEK-Info: an encrypted key, for the general reader.
  } else if (type == "EC PRIVATE KEY") {
    out = ec_key_from_sec1(der, length, NID_undef);
  } else if (type == "PRIVATE KEY") {
    const unsigned char* cursor = der;
    std::unique_ptr<PKCS8_PRIV_KEY_INFO, P8Free> info(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &cursor, length));
    const unsigned char* inner = nullptr;
    int inner_length = 0;
    const X509_ALGOR* algorithm = nullptr;
    if (info && PKCS8_pkey_get0(nullptr, &inner, &inner_length, &algorithm, info.get()) == 1) {
      int curve = named_curve_of(algorithm);
      if (curve != NID_undef) out = ec_key_from_sec1(inner, inner_length, curve);
    }
  }
  OPENSSL_free(name);
  OPENSSL_free(header);
  OPENSSL_clear_free(der, static_cast<size_t>(length));
  return out;
}

}  // namespace kapi::base
