// Users from client certificates: CN and O of the subject.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>

#include "apiserver/authn/client_certificate.h"

namespace kapi::apiserver::authn {
namespace {

using Groups = std::vector<std::string>;
using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;

// A self-signed certificate with the given subject entries (field, value), in order.
X509Ptr certificate_with_subject(const std::vector<std::pair<std::string, std::string>>& subject) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509Ptr cert(X509_new(), X509_free);
  X509_set_version(cert.get(), 2);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  X509_NAME* name = X509_get_subject_name(cert.get());
  for (const auto& [field, value] : subject) {
    X509_NAME_add_entry_by_txt(name, field.c_str(), MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0);
  }
  X509_set_issuer_name(cert.get(), name);
  X509_set_pubkey(cert.get(), key);
  X509_sign(cert.get(), key, EVP_sha256());
  EVP_PKEY_free(key);
  return cert;
}

TEST(ClientCertificate, CommonNameIsTheUserAndOrganizationsAreGroups) {
  auto cert = certificate_with_subject({{"O", "system:masters"}, {"O", "team-a"}, {"CN", "kapi-admin"}});
  auto user = user_from_certificate(cert.get());
  EXPECT_EQ(user.name, "kapi-admin");
  EXPECT_EQ(user.uid, "");
  EXPECT_EQ(user.groups, (Groups{"system:masters", "team-a", "system:authenticated"}));
}

TEST(ClientCertificate, NonAsciiNamesComeBackAsUtf8) {
  auto cert = certificate_with_subject({{"CN", "j\xC3\xBCrgen"}});
  EXPECT_EQ(user_from_certificate(cert.get()).name, "j\xC3\xBCrgen");
}

TEST(ClientCertificate, NoCommonNameMeansNoUser) {
  auto cert = certificate_with_subject({{"O", "system:masters"}});
  auto user = user_from_certificate(cert.get());
  EXPECT_EQ(user.name, "");
  EXPECT_TRUE(user.groups.empty());
  EXPECT_EQ(user_from_certificate(nullptr).name, "");
}

}  // namespace
}  // namespace kapi::apiserver::authn
