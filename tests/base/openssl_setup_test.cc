#include "base/openssl_setup.h"

#include <gtest/gtest.h>
#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

// PEM_write_bio_ECPrivateKey is deprecated in OpenSSL 3.0; it writes the "EC PRIVATE KEY" form
// that kubeadm and older tools leave in kubeconfigs.
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace kapi::base {
namespace {

struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
  void operator()(X509* c) const { X509_free(c); }
};

std::string drain(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(n));
}

// A key made by the default provider (as any other tool would), written as PKCS #8.
std::string pkcs8_pem(EVP_PKEY* key) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  EXPECT_EQ(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr), 1);
  return drain(bio.get());
}

std::string sec1_pem(EVP_PKEY* key, const EVP_CIPHER* cipher = nullptr) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  EC_KEY* ec = EVP_PKEY_get1_EC_KEY(key);
  unsigned char pass[] = "secret";
  EXPECT_EQ(PEM_write_bio_ECPrivateKey(bio.get(), ec, cipher, cipher ? pass : nullptr, cipher ? 6 : 0, nullptr,
                                       nullptr),
            1);
  EC_KEY_free(ec);
  return drain(bio.get());
}

// Signs with `signer` and verifies with `verifier`: both are the same key pair.
bool signs_for(EVP_PKEY* signer, EVP_PKEY* verifier, const EVP_MD* md = EVP_sha256()) {
  const unsigned char message[] = "kapi";
  unsigned char signature[256];
  size_t length = sizeof signature;
  EVP_MD_CTX* sign = EVP_MD_CTX_new();
  bool ok = EVP_DigestSignInit(sign, nullptr, md, nullptr, signer) == 1 &&
            EVP_DigestSign(sign, signature, &length, message, sizeof message) == 1;
  EVP_MD_CTX_free(sign);
  if (!ok) return false;
  EVP_MD_CTX* verify = EVP_MD_CTX_new();
  ok = EVP_DigestVerifyInit(verify, nullptr, md, nullptr, verifier) == 1 &&
       EVP_DigestVerify(verify, signature, length, message, sizeof message) == 1;
  EVP_MD_CTX_free(verify);
  return ok;
}

// By their ASN.1 names: once the built-in methods are in use, OpenSSL's built-in EC code does
// not know "P-256" (the header says why only kapi's own programs use them).
Key make_ec_key(const char* curve) { return Key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve)); }

TEST(OpensslSetup, ReadsPkcs8AndSec1KeysOnNamedCurves) {
  set_up_openssl_for_own_process();
  for (const char* curve : {"prime256v1", "secp384r1"}) {
    Key original(make_ec_key(curve));
    ASSERT_TRUE(original);
    for (const std::string& pem : {pkcs8_pem(original.get()), sec1_pem(original.get())}) {
      Key read(read_ec_private_key_pem(pem));
      ASSERT_TRUE(read) << curve << "\n" << pem.substr(0, 40);
      EXPECT_EQ(EVP_PKEY_get_base_id(read.get()), EVP_PKEY_EC);
      EXPECT_EQ(EVP_PKEY_eq(read.get(), original.get()), 1) << curve;
      EXPECT_TRUE(signs_for(read.get(), original.get())) << curve;
      EXPECT_TRUE(signs_for(original.get(), read.get())) << curve;
    }
  }
}

TEST(OpensslSetup, LeavesOtherKeysToTheGeneralReader) {
  Key rsa(EVP_RSA_gen(2048));
  ASSERT_TRUE(rsa);
  EXPECT_EQ(read_ec_private_key_pem(pkcs8_pem(rsa.get())), nullptr);
  Key ed(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  ASSERT_TRUE(ed);
  EXPECT_EQ(read_ec_private_key_pem(pkcs8_pem(ed.get())), nullptr);
  Key ec(make_ec_key("prime256v1"));
  // Encrypted: a Proc-Type header, for the general reader (which asks for the passphrase).
  std::string encrypted = sec1_pem(ec.get(), EVP_aes_128_cbc());
  ASSERT_NE(encrypted.find("Proc-Type"), std::string::npos);
  EXPECT_EQ(read_ec_private_key_pem(encrypted), nullptr);
}

TEST(OpensslSetup, RefusesMalformedInputWithoutCrashing) {
  Key ec(make_ec_key("prime256v1"));
  std::string pem = pkcs8_pem(ec.get());
  EXPECT_EQ(read_ec_private_key_pem(""), nullptr);
  EXPECT_EQ(read_ec_private_key_pem("not a key"), nullptr);
  EXPECT_EQ(read_ec_private_key_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"), nullptr);
  EXPECT_EQ(read_ec_private_key_pem("-----BEGIN EC PRIVATE KEY-----\n!!!!\n-----END EC PRIVATE KEY-----\n"), nullptr);
  // Every truncation of a good key, and every single-byte change of its base64 body: nullptr
  // or a key, never a crash (a changed byte may still decode to some valid key).
  for (size_t n = 0; n < pem.size(); ++n) Key(read_ec_private_key_pem(pem.substr(0, n)));
  size_t body = pem.find('\n') + 1;
  for (size_t at = body; at < pem.size() - 30; ++at) {
    std::string changed = pem;
    changed[at] = changed[at] == 'A' ? 'B' : 'A';
    Key(read_ec_private_key_pem(changed));
  }
}

// With the built-in methods in use, certificates' EC public keys come from the built-in
// decoder: the key in a parsed certificate verifies the certificate's own signature and a
// signature made by its private key read from PEM.
TEST(OpensslSetup, CertificatesParsedAfterwardsCarryUsableKeys) {
  set_up_openssl_for_own_process();
  Key key(make_ec_key("prime256v1"));
  std::unique_ptr<X509, X509Free> cert(X509_new());
  ASSERT_EQ(X509_set_version(cert.get(), 2), 1);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 7);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  X509_NAME_add_entry_by_txt(X509_get_subject_name(cert.get()), "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("kapi-test"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get()));
  X509_set_pubkey(cert.get(), key.get());
  ASSERT_GT(X509_sign(cert.get(), key.get(), EVP_sha256()), 0);
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  ASSERT_EQ(PEM_write_bio_X509(bio.get(), cert.get()), 1);

  std::unique_ptr<X509, X509Free> parsed(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  ASSERT_TRUE(parsed);
  EVP_PKEY* public_key = X509_get0_pubkey(parsed.get());
  ASSERT_NE(public_key, nullptr);
  EXPECT_EQ(X509_verify(parsed.get(), public_key), 1);
  Key read(read_ec_private_key_pem(pkcs8_pem(key.get())));
  ASSERT_TRUE(read);
  EXPECT_EQ(X509_check_private_key(parsed.get(), read.get()), 1);
  EXPECT_TRUE(signs_for(read.get(), public_key));
  // A certificate signed by another key does not verify.
  Key other(make_ec_key("prime256v1"));
  EXPECT_NE(X509_verify(parsed.get(), other.get()), 1);
}

// The legacy name table holds the SHA digests only (the header says why): what certificates
// and TLS sign with still works, with EC keys and with keys read the general way (RSA, as
// kind's and many kubeadm clusters' kubeconfigs hold).
TEST(OpensslSetup, ShaDigestsWorkWithEveryKeyType) {
  set_up_openssl_for_own_process();
  for (const char* name : {"sha1", "SHA256", "sha384", "SHA512"}) EXPECT_NE(EVP_get_digestbyname(name), nullptr) << name;
  Key rsa(EVP_RSA_gen(2048));
  ASSERT_TRUE(rsa);
  std::string pem = pkcs8_pem(rsa.get());
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  Key read(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  ASSERT_TRUE(read);
  Key ec(make_ec_key("secp384r1"));
  for (const EVP_MD* md : {EVP_sha256(), EVP_sha384(), EVP_sha512()}) {
    EXPECT_TRUE(signs_for(read.get(), rsa.get(), md)) << EVP_MD_get0_name(md);
    EXPECT_TRUE(signs_for(ec.get(), ec.get(), md)) << EVP_MD_get0_name(md);
  }
  std::unique_ptr<X509, X509Free> cert(X509_new());
  X509_set_version(cert.get(), 2);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  X509_set_pubkey(cert.get(), read.get());
  ASSERT_GT(X509_sign(cert.get(), read.get(), EVP_sha384()), 0);
  EXPECT_EQ(X509_verify(cert.get(), rsa.get()), 1);
}

}  // namespace
}  // namespace kapi::base
