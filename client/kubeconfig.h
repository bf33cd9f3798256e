// What the HTTP client needs from a kubeconfig: the server URL and credentials of one context
// (the current one unless named). Embedded (*-data, base64) and file forms are both read;
// relative file paths are relative to the kubeconfig's directory, as kubectl resolves them.
#pragma once

#include <string>
#include <string_view>
#include <variant>

namespace kapi::client {

struct KubeConfig {
  std::string server;                  // "https://127.0.0.1:6443"
  std::string ca_pem;                  // empty: the system's trusted CAs
  bool insecure_skip_tls_verify = false;
  std::string client_cert_pem;         // client certificate authentication ...
  std::string client_key_pem;
  std::string token;                   // ... or a bearer token
};

// The config, or an error message saying what is missing or malformed.
std::variant<KubeConfig, std::string> parse_kubeconfig(std::string_view yaml, const std::string& base_dir,
                                                        const std::string& context = "");
std::variant<KubeConfig, std::string> load_kubeconfig(const std::string& path, const std::string& context = "");

}  // namespace kapi::client
