// ensure_pki: what the first start creates, what later starts reuse or re-issue.
#include <gtest/gtest.h>
#include <openssl/objects.h>

#include "apiserver/pki/pki.h"
#include "tests/apiserver_pki/pki_test_support.h"

namespace kapi::apiserver::pki {
namespace {

using testing::load_cert;
using testing::permissions;
using testing::slurp;
using testing::TempDir;
using testing::verify;

PkiPaths ensure_ok(const std::string& dir, const std::string& bind) {
  auto result = ensure_pki(dir, bind);
  if (auto* error = std::get_if<std::string>(&result)) {
    ADD_FAILURE() << *error;
    return {};
  }
  return std::get<PkiPaths>(result);
}

std::vector<std::string> subject_entries(X509* cert, int nid) {
  std::vector<std::string> out;
  X509_NAME* name = X509_get_subject_name(cert);
  for (int i = X509_NAME_get_index_by_NID(name, nid, -1); i >= 0;
       i = X509_NAME_get_index_by_NID(name, nid, i)) {
    ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
    out.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(data)),
                     static_cast<std::size_t>(ASN1_STRING_length(data)));
  }
  return out;
}

TEST(EnsurePki, FirstCallCreatesEveryFileWithPrivateKeyModes) {
  TempDir dir;
  PkiPaths paths = ensure_ok(dir.str(), "127.0.0.1");
  EXPECT_EQ(paths.dir, (dir.path() / "pki").string());
  for (const auto* file : {&paths.ca_cert, &paths.ca_key, &paths.serving_cert, &paths.serving_key,
                           &paths.admin_cert, &paths.admin_key}) {
    EXPECT_TRUE(std::filesystem::exists(*file)) << *file;
  }
  EXPECT_EQ(permissions(paths.ca_key), 0600u);
  EXPECT_EQ(permissions(paths.serving_key), 0600u);
  EXPECT_EQ(permissions(paths.admin_key), 0600u);
  EXPECT_EQ(permissions(paths.dir), 0700u);
  EXPECT_NE(slurp(paths.ca_key).find("BEGIN PRIVATE KEY"), std::string::npos);
}

// Unsynced writes (data dirs that keep nothing across a crash) make the same files, modes and
// temp-file cleanup; only the fsyncs are left out.
TEST(EnsurePki, UnsyncedMakesTheSameFilesAndLaterStartsReuseThem) {
  TempDir dir;
  auto result = ensure_pki(dir.str(), "127.0.0.1", Durability::kUnsynced);
  ASSERT_EQ(result.index(), 0u) << std::get<std::string>(result);
  PkiPaths paths = std::get<PkiPaths>(result);
  EXPECT_EQ(permissions(paths.ca_key), 0600u);
  EXPECT_EQ(permissions(paths.admin_key), 0600u);
  EXPECT_EQ(permissions(paths.ca_cert), 0644u);
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(paths.dir)) {
    EXPECT_NE(entry.path().filename().string().front(), '.') << "temp file left: " << entry.path();
    ++files;
  }
  EXPECT_EQ(files, 6u);
  std::string ca = slurp(paths.ca_cert);
  PkiPaths again = ensure_ok(dir.str(), "127.0.0.1");
  EXPECT_EQ(slurp(again.ca_cert), ca);
  EXPECT_EQ(verify(load_cert(again.serving_cert).get(), load_cert(again.ca_cert).get(), X509_PURPOSE_SSL_SERVER,
                   "127.0.0.1"),
            X509_V_OK);
}

// issue_certificate writes a P-256 key's SubjectPublicKeyInfo itself: it must be the DER that
// OpenSSL makes for that key, so every certificate matches its key file.
TEST(EnsurePki, CertificatePublicKeysAreTheirKeysStandardEncoding) {
  TempDir dir;
  PkiPaths paths = ensure_ok(dir.str(), "127.0.0.1");
  auto der = [](auto encode, auto* object) {
    unsigned char* bytes = nullptr;
    int length = encode(object, &bytes);
    std::string out(reinterpret_cast<char*>(bytes), length > 0 ? std::size_t(length) : 0);
    OPENSSL_free(bytes);
    return out;
  };
  for (auto [cert_path, key_path] : {std::pair{paths.ca_cert, paths.ca_key},
                                     std::pair{paths.serving_cert, paths.serving_key},
                                     std::pair{paths.admin_cert, paths.admin_key}}) {
    CertificatePtr cert = load_cert(cert_path);
    KeyPtr key = parse_private_key_pem(slurp(key_path));
    ASSERT_TRUE(cert && key) << cert_path;
    std::string from_cert = der(i2d_X509_PUBKEY, X509_get_X509_PUBKEY(cert.get()));
    EXPECT_FALSE(from_cert.empty()) << cert_path;
    EXPECT_EQ(from_cert, der(i2d_PUBKEY, key.get())) << cert_path;
    EXPECT_EQ(X509_check_private_key(cert.get(), key.get()), 1) << cert_path;
  }
}

// The listener takes the parsed serving pair and CA from ensure_pki instead of reading the
// files: on a first start (issued) and a later one (loaded) they are the files' contents.
TEST(EnsurePki, ParsedMaterialMatchesTheFilesWhenIssuedAndWhenReused) {
  TempDir dir;
  for (int start = 0; start < 2; ++start) {
    PkiPaths paths = ensure_ok(dir.str(), "127.0.0.1");
    ASSERT_TRUE(paths.parsed_ca_cert && paths.parsed_serving_cert && paths.parsed_serving_key);
    EXPECT_EQ(X509_cmp(paths.parsed_ca_cert.get(), load_cert(paths.ca_cert).get()), 0);
    EXPECT_EQ(X509_cmp(paths.parsed_serving_cert.get(), load_cert(paths.serving_cert).get()), 0);
    EXPECT_EQ(X509_check_private_key(paths.parsed_serving_cert.get(), paths.parsed_serving_key.get()), 1);
    ASSERT_NE(X509_get0_pubkey(paths.parsed_ca_cert.get()), nullptr);
  }
}

TEST(EnsurePki, SecondCallReusesTheSameBytes) {
  TempDir dir;
  PkiPaths first = ensure_ok(dir.str(), "127.0.0.1");
  std::vector<std::string> before;
  for (const auto* file : {&first.ca_cert, &first.ca_key, &first.serving_cert, &first.serving_key,
                           &first.admin_cert, &first.admin_key}) {
    before.push_back(slurp(*file));
  }
  PkiPaths second = ensure_ok(dir.str(), "127.0.0.1");
  std::vector<std::string> after;
  for (const auto* file : {&second.ca_cert, &second.ca_key, &second.serving_cert,
                           &second.serving_key, &second.admin_cert, &second.admin_key}) {
    after.push_back(slurp(*file));
  }
  EXPECT_EQ(before, after);
}

TEST(EnsurePki, ServingCertificateHasTheSansAndVerifiesForThem) {
  TempDir dir;
  PkiPaths paths = ensure_ok(dir.str(), "10.11.12.13");
  auto ca = load_cert(paths.ca_cert);
  auto serving = load_cert(paths.serving_cert);
  ASSERT_TRUE(ca && serving);

  EXPECT_TRUE(certificate_covers_host(serving.get(), "127.0.0.1"));
  EXPECT_TRUE(certificate_covers_host(serving.get(), "localhost"));
  EXPECT_TRUE(certificate_covers_host(serving.get(), "10.11.12.13"));
  EXPECT_FALSE(certificate_covers_host(serving.get(), "10.11.12.14"));
  EXPECT_FALSE(certificate_covers_host(serving.get(), "example.com"));

  EXPECT_EQ(verify(serving.get(), ca.get(), X509_PURPOSE_SSL_SERVER, "127.0.0.1"), X509_V_OK);
  EXPECT_EQ(verify(serving.get(), ca.get(), X509_PURPOSE_SSL_SERVER, "10.11.12.13"), X509_V_OK);
  EXPECT_EQ(verify(serving.get(), ca.get(), X509_PURPOSE_SSL_SERVER, "", "localhost"), X509_V_OK);
  EXPECT_EQ(verify(serving.get(), ca.get(), X509_PURPOSE_SSL_SERVER, "192.0.2.1"),
            X509_V_ERR_IP_ADDRESS_MISMATCH);
  EXPECT_NE(verify(serving.get(), ca.get(), X509_PURPOSE_SSL_CLIENT), X509_V_OK)
      << "serving cert must not double as a client cert";
}

TEST(EnsurePki, DnsBindAddressBecomesADnsSan) {
  TempDir dir;
  PkiPaths paths = ensure_ok(dir.str(), "kapi.example.test");
  auto serving = load_cert(paths.serving_cert);
  ASSERT_TRUE(serving);
  EXPECT_TRUE(certificate_covers_host(serving.get(), "kapi.example.test"));
  EXPECT_TRUE(certificate_covers_host(serving.get(), "127.0.0.1"));
}

TEST(EnsurePki, Ipv6BindAddressIsAnIpSan) {
  TempDir dir;
  PkiPaths paths = ensure_ok(dir.str(), "::1");
  auto serving = load_cert(paths.serving_cert);
  ASSERT_TRUE(serving);
  EXPECT_TRUE(certificate_covers_host(serving.get(), "::1"));
  EXPECT_TRUE(certificate_covers_host(serving.get(), "[::1]"));
}

TEST(EnsurePki, AdminCertificateIsAClientCertForSystemMasters) {
  TempDir dir;
  PkiPaths paths = ensure_ok(dir.str(), "127.0.0.1");
  auto ca = load_cert(paths.ca_cert);
  auto admin = load_cert(paths.admin_cert);
  ASSERT_TRUE(ca && admin);
  EXPECT_EQ(subject_entries(admin.get(), NID_commonName), std::vector<std::string>{"kapi-admin"});
  EXPECT_EQ(subject_entries(admin.get(), NID_organizationName),
            std::vector<std::string>{"system:masters"});
  EXPECT_TRUE(X509_get_extended_key_usage(admin.get()) & XKU_SSL_CLIENT);
  EXPECT_FALSE(X509_get_extended_key_usage(admin.get()) & XKU_SSL_SERVER);
  EXPECT_EQ(verify(admin.get(), ca.get(), X509_PURPOSE_SSL_CLIENT), X509_V_OK);
}

TEST(EnsurePki, CaIsSelfSignedCaWithTenYearValidity) {
  TempDir dir;
  PkiPaths paths = ensure_ok(dir.str(), "127.0.0.1");
  auto ca = load_cert(paths.ca_cert);
  ASSERT_TRUE(ca);
  EXPECT_EQ(X509_check_ca(ca.get()), 1);
  EXPECT_TRUE(signed_by(ca.get(), ca.get()));
  EXPECT_TRUE(valid_for_days(ca.get(), 9 * 365));
  EXPECT_FALSE(valid_for_days(ca.get(), 11 * 365));
  auto serving = load_cert(paths.serving_cert);
  EXPECT_TRUE(valid_for_days(serving.get(), 360));
  EXPECT_FALSE(valid_for_days(serving.get(), 370));
}

TEST(EnsurePki, NewBindAddressReissuesServingCertFromTheSameCa) {
  TempDir dir;
  PkiPaths first = ensure_ok(dir.str(), "127.0.0.1");
  std::string ca_before = slurp(first.ca_cert);
  std::string admin_before = slurp(first.admin_cert);
  std::string serving_before = slurp(first.serving_cert);

  PkiPaths second = ensure_ok(dir.str(), "192.168.7.8");
  EXPECT_EQ(slurp(second.ca_cert), ca_before);
  EXPECT_EQ(slurp(second.admin_cert), admin_before);
  EXPECT_NE(slurp(second.serving_cert), serving_before);
  auto ca = load_cert(second.ca_cert);
  auto serving = load_cert(second.serving_cert);
  EXPECT_EQ(verify(serving.get(), ca.get(), X509_PURPOSE_SSL_SERVER, "192.168.7.8"), X509_V_OK);
  EXPECT_EQ(permissions(second.serving_key), 0600u);

  // 127.0.0.1 is always covered, so going back needs no new certificate.
  std::string serving_now = slurp(second.serving_cert);
  ensure_ok(dir.str(), "127.0.0.1");
  EXPECT_EQ(slurp(second.serving_cert), serving_now);
}

TEST(EnsurePki, MissingOrCorruptLeafIsReissuedMismatchedKeyToo) {
  TempDir dir;
  PkiPaths paths = ensure_ok(dir.str(), "127.0.0.1");
  std::filesystem::remove(paths.admin_cert);
  std::ofstream(paths.serving_cert) << "not a certificate";
  ensure_ok(dir.str(), "127.0.0.1");
  auto ca = load_cert(paths.ca_cert);
  auto admin = load_cert(paths.admin_cert);
  auto serving = load_cert(paths.serving_cert);
  ASSERT_TRUE(admin && serving);
  EXPECT_EQ(verify(admin.get(), ca.get(), X509_PURPOSE_SSL_CLIENT), X509_V_OK);

  // A key that does not belong to the certificate (e.g. a crash between the two writes).
  std::string other_key = slurp(paths.admin_key);
  std::string serving_cert_before = slurp(paths.serving_cert);
  std::ofstream(paths.serving_key) << other_key;
  ensure_ok(dir.str(), "127.0.0.1");
  EXPECT_NE(slurp(paths.serving_cert), serving_cert_before);
  auto cert = load_cert(paths.serving_cert);
  auto key = parse_private_key_pem(slurp(paths.serving_key));
  EXPECT_EQ(X509_check_private_key(cert.get(), key.get()), 1);
}

TEST(EnsurePki, IncompleteCaIsAnErrorNotASilentReplacement) {
  TempDir dir;
  PkiPaths paths = ensure_ok(dir.str(), "127.0.0.1");
  std::filesystem::remove(paths.ca_key);
  auto result = ensure_pki(dir.str(), "127.0.0.1");
  ASSERT_TRUE(std::holds_alternative<std::string>(result));
  EXPECT_NE(std::get<std::string>(result).find("incomplete CA"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(paths.ca_key));
}

TEST(EnsurePki, ErrorsComeBackAsMessages) {
  TempDir dir;
  std::ofstream(dir.path() / "file") << "x";
  auto not_a_dir = ensure_pki((dir.path() / "file").string(), "127.0.0.1");
  ASSERT_TRUE(std::holds_alternative<std::string>(not_a_dir));
  auto bad_bind = ensure_pki(dir.str(), "a,b");
  ASSERT_TRUE(std::holds_alternative<std::string>(bad_bind));
}

}  // namespace
}  // namespace kapi::apiserver::pki
