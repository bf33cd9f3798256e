// ensure_pki: create the CA and leaf certificates once, then reuse or re-issue leaves.
#include <sys/stat.h>

#include <filesystem>
#include <functional>
#include <system_error>

#include "apiserver/pki/certificate.h"
#include "apiserver/pki/file_io.h"
#include "apiserver/pki/pki.h"

namespace kapi::apiserver::pki {
namespace {

constexpr int kCaValidityDays = 3650;
constexpr int kLeafValidityDays = 365;
constexpr int kRenewBeforeDays = 30;  // re-issue leaves this close to expiry

struct LoadedPair {
  CertificatePtr cert;
  KeyPtr key;
};

PkiPaths paths_under(const std::string& data_dir) {
  std::string dir = (std::filesystem::path(data_dir) / "pki").string();
  auto in_dir = [&](const char* name) { return (std::filesystem::path(dir) / name).string(); };
  return PkiPaths{dir,
                  in_dir("ca.crt"),        in_dir("ca.key"),
                  in_dir("apiserver.crt"), in_dir("apiserver.key"),
                  in_dir("admin.crt"),     in_dir("admin.key"),
                  {},                      {},
                  {},                      {}};
}

bool exists(const std::string& path) {
  std::error_code ec;
  return std::filesystem::exists(path, ec);
}

// Both files parsed, or null members when either is missing or unreadable.
LoadedPair load_pair(const std::string& cert_path, const std::string& key_path) {
  LoadedPair pair;
  auto cert_pem = read_file(cert_path);
  auto key_pem = read_file(key_path);
  if (cert_pem.index() != 0 || key_pem.index() != 0) return pair;
  pair.cert = parse_certificate_pem(std::get<0>(cert_pem));
  pair.key = parse_private_key_pem(std::get<0>(key_pem));
  if (pair.cert && pair.key && X509_check_private_key(pair.cert.get(), pair.key.get()) != 1) {
    pair.cert.reset();
  }
  return pair;
}

// The key is written first: a crash between the two writes leaves a pair that does not match,
// which the next start detects and re-issues.
std::optional<std::string> save_pair(X509* cert, EVP_PKEY* key, const std::string& cert_path,
                                     const std::string& key_path, Durability durability) {
  std::string key_pem = private_key_pem(key);
  std::string cert_pem = certificate_pem(cert);
  if (key_pem.empty() || cert_pem.empty()) return "cannot encode " + cert_path + " as PEM";
  if (auto error = write_file_atomically(key_path, key_pem, 0600, durability)) return error;
  return write_file_atomically(cert_path, cert_pem, 0644, durability);
}

std::variant<LoadedPair, std::string> issue_and_save(const CertificateRequest& request,
                                                     X509* issuer, EVP_PKEY* issuer_key,
                                                     const std::string& cert_path,
                                                     const std::string& key_path,
                                                     Durability durability) {
  LoadedPair pair;
  pair.key = generate_key();
  if (!pair.key) return std::string("cannot generate a P-256 key");
  auto issued = issue_certificate(request, pair.key.get(), issuer,
                                  issuer_key ? issuer_key : pair.key.get());
  if (auto* error = std::get_if<std::string>(&issued)) return *error;
  pair.cert = std::move(std::get<CertificatePtr>(issued));
  if (auto error = save_pair(pair.cert.get(), pair.key.get(), cert_path, key_path, durability)) return *error;
  return pair;
}

std::variant<LoadedPair, std::string> ensure_ca(const PkiPaths& paths, Durability durability) {
  bool have_cert = exists(paths.ca_cert), have_key = exists(paths.ca_key);
  if (have_cert != have_key) {
    return "incomplete CA in " + paths.dir + ": found only " +
           (have_cert ? paths.ca_cert : paths.ca_key) +
           "; restore the missing file or remove the directory to start over";
  }
  if (!have_cert) {
    CertificateRequest request{"kapi-ca", {}, true, kCaValidityDays, "", {}};
    return issue_and_save(request, nullptr, nullptr, paths.ca_cert, paths.ca_key, durability);
  }
  LoadedPair ca = load_pair(paths.ca_cert, paths.ca_key);
  if (!ca.cert || !ca.key) {
    return "cannot use the CA in " + paths.dir + ": unreadable or mismatched " + paths.ca_cert +
           " / " + paths.ca_key;
  }
  return ca;
}

// Reuses the leaf pair when `still_good` accepts it, else issues a new one from the CA.
std::variant<LoadedPair, std::string> ensure_leaf(const CertificateRequest& request, const LoadedPair& ca,
                                                  const std::string& cert_path, const std::string& key_path,
                                                  const std::function<bool(X509*)>& still_good,
                                                  Durability durability) {
  LoadedPair leaf = load_pair(cert_path, key_path);
  if (leaf.cert && leaf.key && signed_by(leaf.cert.get(), ca.cert.get()) &&
      valid_for_days(leaf.cert.get(), kRenewBeforeDays) && still_good(leaf.cert.get())) {
    return leaf;
  }
  return issue_and_save(request, ca.cert.get(), ca.key.get(), cert_path, key_path, durability);
}

std::vector<std::string> serving_names(const std::string& bind_address) {
  std::vector<std::string> names = {"IP:127.0.0.1", "DNS:localhost"};
  if (!bind_address.empty()) {
    std::string extra = subject_alt_name_for(bind_address);
    if (extra != names[0] && extra != names[1]) names.push_back(extra);
  }
  return names;
}

}  // namespace

std::variant<PkiPaths, std::string> ensure_pki(const std::string& data_dir,
                                               const std::string& bind_address,
                                               Durability durability) {
  // The address goes into an OpenSSL SAN list, where ',' separates entries.
  if (bind_address.find_first_of(", \t\n") != std::string::npos) {
    return "invalid bind address for a certificate: " + bind_address;
  }
  PkiPaths paths = paths_under(data_dir);
  std::error_code ec;
  std::filesystem::create_directories(paths.dir, ec);
  if (ec) return "cannot create " + paths.dir + ": " + ec.message();
  // Only the owner may list or enter the directory that holds the keys.
  if (::chmod(paths.dir.c_str(), 0700) != 0) return "cannot chmod 0700 " + paths.dir;

  auto ca = ensure_ca(paths, durability);
  if (auto* error = std::get_if<std::string>(&ca)) return *error;
  const LoadedPair& authority = std::get<LoadedPair>(ca);

  CertificateRequest serving{"kapi-apiserver", {}, false, kLeafValidityDays, "serverAuth",
                             serving_names(bind_address)};
  auto covers_bind_address = [&](X509* cert) {
    return bind_address.empty() || certificate_covers_host(cert, bind_address);
  };
  auto served = ensure_leaf(serving, authority, paths.serving_cert, paths.serving_key,
                            covers_bind_address, durability);
  if (auto* error = std::get_if<std::string>(&served)) return *error;

  // Only written out (the kubeconfig embeds the file): nothing here uses it.
  CertificateRequest admin{"kapi-admin", {"system:masters"}, false, kLeafValidityDays,
                           "clientAuth", {}, false};
  auto admin_pair = ensure_leaf(admin, authority, paths.admin_cert, paths.admin_key,
                                [](X509*) { return true; }, durability);
  if (auto* error = std::get_if<std::string>(&admin_pair)) return *error;

  auto& issued_admin = std::get<LoadedPair>(admin_pair);
  paths.admin_cert_object.reset(issued_admin.cert.release(), X509_free);
  auto& serving_pair = std::get<LoadedPair>(served);
  paths.parsed_serving_cert.reset(serving_pair.cert.release(), X509_free);
  paths.parsed_serving_key.reset(serving_pair.key.release(), EVP_PKEY_free);
  // The CA certificate is shared with nothing else here; an up-reference keeps `authority` intact.
  if (X509_up_ref(authority.cert.get()) == 1) paths.parsed_ca_cert.reset(authority.cert.get(), X509_free);
  return paths;
}

}  // namespace kapi::apiserver::pki
