#include "client/kubeconfig.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "registry/continue_token.h"

namespace kapi::client {

namespace {

// Internal failures carry their own type, so a variant of (text, failure) is unambiguous.
struct Error {
  std::string message;
};

// The entry of a named list (clusters, users, contexts) whose `name` matches, by its inner key.
std::optional<YAML::Node> named(const YAML::Node& root, const char* list, const char* inner,
                                const std::string& name) {
  const YAML::Node entries = root[list];
  if (!entries || !entries.IsSequence()) return std::nullopt;
  for (const auto& entry : entries) {
    if (entry["name"] && entry["name"].as<std::string>() == name && entry[inner]) return entry[inner];
  }
  return std::nullopt;
}

std::string scalar(const YAML::Node& node, const char* key) {
  const YAML::Node value = node[key];
  return value && value.IsScalar() ? value.as<std::string>() : std::string();
}

std::variant<std::string, Error> read_whole_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot read " + path.string()};
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A credential given as `<key>-data` (base64) or `<key>` (a file path); "" when neither.
std::variant<std::string, Error> material(const YAML::Node& node, const std::string& key,
                                          const std::string& base_dir) {
  std::string data = scalar(node, (key + "-data").c_str());
  if (!data.empty()) {
    auto decoded = registry::base64_decode(data);
    if (!decoded) return Error{key + "-data is not valid base64"};
    return *decoded;
  }
  std::string file = scalar(node, key.c_str());
  if (file.empty()) return std::string();
  std::filesystem::path path(file);
  if (path.is_relative() && !base_dir.empty()) path = std::filesystem::path(base_dir) / path;
  return read_whole_file(path);
}

std::variant<KubeConfig, std::string> parse_node(const YAML::Node& root, const std::string& base_dir,
                                           const std::string& wanted_context) {
  std::string context_name = wanted_context.empty() ? scalar(root, "current-context") : wanted_context;
  if (context_name.empty()) return "kubeconfig has no current-context";
  auto context = named(root, "contexts", "context", context_name);
  if (!context) return "context \"" + context_name + "\" not found in kubeconfig";
  std::string cluster_name = scalar(*context, "cluster");
  auto cluster = named(root, "clusters", "cluster", cluster_name);
  if (!cluster) return "cluster \"" + cluster_name + "\" not found in kubeconfig";

  KubeConfig config;
  config.server = scalar(*cluster, "server");
  if (config.server.empty()) return "cluster \"" + cluster_name + "\" has no server";
  config.insecure_skip_tls_verify = scalar(*cluster, "insecure-skip-tls-verify") == "true";
  auto ca = material(*cluster, "certificate-authority", base_dir);
  if (ca.index() == 1) return std::get<1>(ca).message;
  config.ca_pem = std::get<0>(ca);

  std::string user_name = scalar(*context, "user");
  if (user_name.empty()) return config;  // anonymous
  auto user = named(root, "users", "user", user_name);
  if (!user) return "user \"" + user_name + "\" not found in kubeconfig";
  auto cert = material(*user, "client-certificate", base_dir);
  if (cert.index() == 1) return std::get<1>(cert).message;
  auto key = material(*user, "client-key", base_dir);
  if (key.index() == 1) return std::get<1>(key).message;
  config.client_cert_pem = std::get<0>(cert);
  config.client_key_pem = std::get<0>(key);
  if (config.client_cert_pem.empty() != config.client_key_pem.empty())
    return "user \"" + user_name + "\" needs both a client certificate and a client key";
  config.token = scalar(*user, "token");
  if (config.token.empty()) {
    std::string token_file = scalar(*user, "tokenFile");
    if (!token_file.empty()) {
      std::filesystem::path path(token_file);
      if (path.is_relative() && !base_dir.empty()) path = std::filesystem::path(base_dir) / path;
      auto token = read_whole_file(path);
      if (token.index() == 1) return std::get<1>(token).message;
      config.token = std::get<0>(token);
      while (!config.token.empty() && std::isspace(static_cast<unsigned char>(config.token.back())))
        config.token.pop_back();
    }
  }
  return config;
}

}  // namespace

std::variant<KubeConfig, std::string> parse_kubeconfig(std::string_view yaml, const std::string& base_dir,
                                                        const std::string& context) {
  try {
    return parse_node(YAML::Load(std::string(yaml)), base_dir, context);
  } catch (const YAML::Exception& e) {
    // yaml-cpp reports errors by throwing; they stop here.
    return std::string("kubeconfig is not valid YAML: ") + e.what();
  }
}

std::variant<KubeConfig, std::string> load_kubeconfig(const std::string& path, const std::string& context) {
  auto text = read_whole_file(path);
  if (text.index() == 1) return std::get<1>(text).message;
  std::string dir = std::filesystem::path(path).parent_path().string();
  return parse_kubeconfig(std::get<0>(text), dir, context);
}

}  // namespace kapi::client
