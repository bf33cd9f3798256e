// write_kubeconfig: the admin kubeconfig with every credential embedded.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <system_error>

#include "apiserver/pki/file_io.h"
#include "apiserver/pki/pki.h"

namespace kapi::apiserver::pki {
namespace {

// A JSON string is a valid YAML double-quoted scalar, which keeps any server URL safe to embed.
std::string yaml_string(const std::string& value) { return nlohmann::json(value).dump(); }

// Base64 needs no escaping in double quotes, and quoted it reads faster: a YAML parser ends a
// plain scalar only after testing every character against the ways one can end (yaml-cpp takes
// ~30% longer over this file, on the path from kubeconfig written to first request).
std::string quoted_base64(const std::string& bytes) { return '"' + base64_encode(bytes) + '"'; }

}  // namespace

std::optional<std::string> write_kubeconfig(const std::string& path, const std::string& server,
                                            const PkiPaths& paths) {
  auto ca = read_file(paths.ca_cert);
  auto cert = read_file(paths.admin_cert);
  auto key = read_file(paths.admin_key);
  for (auto* file : {&ca, &cert, &key}) {
    if (file->index() == 1) return std::get<1>(*file);
  }

  std::filesystem::path target(path);
  if (target.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(target.parent_path(), ec);
    if (ec) return "cannot create " + target.parent_path().string() + ": " + ec.message();
  }

  std::string config =
      "apiVersion: v1\n"
      "kind: Config\n"
      "clusters:\n"
      "- name: kapi\n"
      "  cluster:\n"
      "    server: " + yaml_string(server) + "\n"
      "    certificate-authority-data: " + quoted_base64(std::get<0>(ca)) + "\n"
      "users:\n"
      "- name: kapi-admin\n"
      "  user:\n"
      "    client-certificate-data: " + quoted_base64(std::get<0>(cert)) + "\n"
      "    client-key-data: " + quoted_base64(std::get<0>(key)) + "\n"
      "contexts:\n"
      "- name: kapi\n"
      "  context:\n"
      "    cluster: kapi\n"
      "    user: kapi-admin\n"
      "current-context: kapi\n"
      "preferences: {}\n";
  return write_file_atomically(path, config, 0600, Durability::kUnsynced);
}

}  // namespace kapi::apiserver::pki
