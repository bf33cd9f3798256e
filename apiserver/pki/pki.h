// The cluster's certificates and the admin kubeconfig: created on first start, reused after.
#pragma once

#include <openssl/types.h>

#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "apiserver/pki/file_io.h"

namespace kapi::apiserver::pki {

struct PkiPaths {
  std::string dir;  // <data-dir>/pki
  std::string ca_cert, ca_key, serving_cert, serving_key, admin_cert, admin_key;
  // The listener's material as ensure_pki made or read it, so that it need not parse the files
  // again (OpenSSL 3 decodes a PEM key through its provider decoders: milliseconds per start).
  std::shared_ptr<X509> parsed_ca_cert, parsed_serving_cert;
  std::shared_ptr<EVP_PKEY> parsed_serving_key;
  // The admin certificate as issued or read (when issued here it can be encoded, not inspected:
  // CertificateRequest::used_here), for the listener to trust without verifying it per handshake.
  std::shared_ptr<X509> admin_cert_object;
};

// Makes sure <data_dir>/pki holds, all PEM, ECDSA P-256:
//   ca.crt/ca.key            self-signed CA "kapi-ca", 10 years
//   apiserver.crt/.key       serving cert signed by the CA, SANs 127.0.0.1, localhost and
//                            bind_address (IP or DNS name), serverAuth, 1 year
//   admin.crt/admin.key      client cert CN=kapi-admin, O=system:masters, clientAuth, 1 year
// Existing files are reused. A leaf certificate is issued again (new key, same CA) when it is
// missing, unreadable, not signed by the CA, not matching its key, within 30 days of expiry, or
// (serving) lacks a SAN for bind_address. Keys are mode 0600, the directory 0700.
// A CA with only one of its two files is an error: replacing it silently would break every
// kubeconfig that trusts it.
// New files are fsynced (with their directory) under kSynced; kUnsynced is for data dirs that
// keep nothing worth a crash (removed on exit, or beside a memory store): still atomic, but a
// power loss right after the first start may leave files the next start refuses.
std::variant<PkiPaths, std::string> ensure_pki(const std::string& data_dir,
                                               const std::string& bind_address,
                                               Durability durability = Durability::kSynced);

// Writes an admin kubeconfig (cluster "kapi", user "kapi-admin", context "kapi", current-context
// "kapi"; CA, client certificate and key embedded as base64 *-data) to `path`, atomically (temp
// file in the same directory, then rename) with mode 0600. Creates missing parent directories.
// Not fsynced: it names a running server's port and is written again at every start, so after a
// crash there is nothing it could point at until the next start replaces it.
// `server` is the URL clients use, e.g. "https://127.0.0.1:6443". Returns an error message.
std::optional<std::string> write_kubeconfig(const std::string& path, const std::string& server,
                                            const PkiPaths& paths);

}  // namespace kapi::apiserver::pki
