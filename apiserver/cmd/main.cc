// The kapi binary: `kapi serve` and `kapi version`.
#include <CLI/CLI.hpp>
#include <iostream>
#include <optional>
#include <string>

#include "apiserver/serve.h"

namespace {
// "90", "90s", "5m", "1h" -> seconds (at least 1).
std::optional<int> parse_duration_seconds(const std::string& text) {
  if (text.empty()) return std::nullopt;
  size_t digits = text.find_first_not_of("0123456789");
  if (digits == 0 || digits + 1 < text.size() || (digits == std::string::npos && text.size() > 9) ||
      digits > 9)
    return std::nullopt;
  int n = std::stoi(text.substr(0, digits));
  int unit = 1;
  if (digits != std::string::npos) {
    switch (text[digits]) {
      case 's': unit = 1; break;
      case 'm': unit = 60; break;
      case 'h': unit = 3600; break;
      default: return std::nullopt;
    }
  }
  if (n <= 0 || n > 7 * 86400 / unit) return std::nullopt;
  return n * unit;
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kapi: a Kubernetes API server in one process, with its storage embedded"};
  app.require_subcommand(1);

  kapi::apiserver::ServeOptions o;
  auto* serve = app.add_subcommand("serve", "Start the HTTPS API server and write an admin kubeconfig");
  serve->add_option("--data-dir", o.data_dir, "Directory for certificates, kubeconfig and data")
      ->capture_default_str();
  serve->add_option("--bind-address", o.bind_address, "IP address to listen on")->capture_default_str();
  serve->add_option("--secure-port", o.secure_port, "HTTPS port (0 picks a free port)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  serve->add_option("--storage", o.storage, "Storage backend: rocksdb (durable, under <data-dir>/store) or memory")
      ->capture_default_str()
      ->check(CLI::IsMember({"memory", "rocksdb"}));
  serve->add_option("--storage-sync", o.storage_sync,
                    "fsync each write before acknowledging it; false is UNSAFE (acknowledged writes "
                    "may be lost on power loss)")
      ->capture_default_str();
  std::string history = "5m";
  serve->add_option("--storage-history", history,
                    "History kept for past-revision lists and watch resumes, e.g. 90s, 5m, 1h "
                    "(older revisions answer 410 Gone)")
      ->capture_default_str()
      ->check([](const std::string& v) { return parse_duration_seconds(v) ? "" : "expected a duration like 90s, 5m or 1h"; });
  serve->add_option("--kubeconfig-out", o.kubeconfig_out,
                    "Where to write the admin kubeconfig (default <data-dir>/kubeconfig)");
  serve->add_option("--token-auth-file", o.token_auth_file,
                    "CSV of bearer tokens: token,user,uid[,\"group1,group2\"]");
  serve->add_option("-v,--v", o.verbosity, "Log level (0-10)")->capture_default_str();
  serve->add_option("--threads", o.threads, "Network threads")->capture_default_str();

  auto* version = app.add_subcommand("version", "Print kapi's version and the Kubernetes version it serves");

  CLI11_PARSE(app, argc, argv);
  o.storage_history_seconds = *parse_duration_seconds(history);
  if (version->parsed()) {
    std::cout << "kapi 0.1.0 (serves Kubernetes v1.32)\n";
    return 0;
  }
  return kapi::apiserver::serve(o);
}
