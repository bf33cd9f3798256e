#include "apiserver/authn/client_certificate.h"

#include <openssl/asn1.h>
#include <openssl/crypto.h>
#include <openssl/objects.h>

#include <algorithm>
#include <string>

namespace kapi::apiserver::authn {
namespace {

std::string utf8_value(X509_NAME_ENTRY* entry) {
  unsigned char* utf8 = nullptr;
  int length = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(entry));
  if (length < 0) return "";
  std::string out(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(length));
  OPENSSL_free(utf8);
  return out;
}

}  // namespace

UserInfo user_from_certificate(X509* cert) {
  UserInfo user;
  if (cert == nullptr) return user;
  X509_NAME* subject = X509_get_subject_name(cert);
  if (subject == nullptr) return user;
  // Go keeps the last CN of the subject and every O in order; so do we.
  for (int i = X509_NAME_get_index_by_NID(subject, NID_commonName, -1); i >= 0;
       i = X509_NAME_get_index_by_NID(subject, NID_commonName, i)) {
    user.name = utf8_value(X509_NAME_get_entry(subject, i));
  }
  if (user.name.empty()) return UserInfo{};
  for (int i = X509_NAME_get_index_by_NID(subject, NID_organizationName, -1); i >= 0;
       i = X509_NAME_get_index_by_NID(subject, NID_organizationName, i)) {
    user.groups.push_back(utf8_value(X509_NAME_get_entry(subject, i)));
  }
  if (std::find(user.groups.begin(), user.groups.end(), kAuthenticatedGroup) == user.groups.end()) {
    user.groups.emplace_back(kAuthenticatedGroup);
  }
  return user;
}

}  // namespace kapi::apiserver::authn
