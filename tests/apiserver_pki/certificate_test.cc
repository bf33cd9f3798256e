// certificate.cc's own encodings must be the bytes OpenSSL's encoders make.
#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/pem.h>

#include "apiserver/pki/certificate.h"

namespace kapi::apiserver::pki {
namespace {

std::string openssl_private_key_pem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  EXPECT_EQ(PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr), 1);
  char* data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(length));
  BIO_free(bio);
  return out;
}

// private_key_pem writes a P-256 key's PKCS#8 itself. 300 keys: about one in 128 has a scalar
// with a leading zero byte, which must still be written as 32 bytes.
TEST(Certificate, P256PrivateKeyPemIsOpenSslsPkcs8) {
  for (int i = 0; i < 300; ++i) {
    KeyPtr key = generate_key();
    ASSERT_TRUE(key);
    std::string ours = private_key_pem(key.get());
    ASSERT_EQ(ours, openssl_private_key_pem(key.get())) << "key " << i;
    KeyPtr back = parse_private_key_pem(ours);
    ASSERT_TRUE(back);
    EXPECT_EQ(EVP_PKEY_eq(back.get(), key.get()), 1);
  }
}

// Keys kapi did not make (here RSA) still go through OpenSSL's encoder.
TEST(Certificate, OtherKeysArePemEncodedByOpenSsl) {
  KeyPtr rsa(EVP_RSA_gen(1024));
  ASSERT_TRUE(rsa);
  EXPECT_EQ(private_key_pem(rsa.get()), openssl_private_key_pem(rsa.get()));
}

}  // namespace
}  // namespace kapi::apiserver::pki
