// The kapi binary: `kapi serve`, `kapi controllers`, `kapi version`, `kapi kubeconfig`, `kapi reset`.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <thread>

#include "apiserver/serve.h"
#include "base/openssl_setup.h"

#ifdef KAPI_WITH_JEMALLOC
// jemalloc reads these at its first allocation (MALLOC_CONF in the environment still overrides
// them). Each thread's cache holds at most 32 objects per small size class rather than 200:
// a start makes ~60 threads, most of them controllers that allocate little, and the larger
// caches cost ~380 page faults more at start-up (~4 us each on this VM); the network threads'
// creates did not get slower (bench/RESULTS.md, session 9).
extern "C" {
const char* malloc_conf = "tcache_nslots_small_max:32";
}
#endif

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

int print_kubeconfig(const std::string& data_dir, bool path_only) {
  auto path = std::filesystem::absolute(std::filesystem::path(data_dir) / "kubeconfig").lexically_normal();
  std::ifstream in(path);
  if (!in) {
    std::cerr << "no kubeconfig at " << path.string() << ": start `kapi serve --data-dir " << data_dir
              << "` first\n";
    return 1;
  }
  if (path_only) {
    std::cout << path.string() << "\n";
    return 0;
  }
  std::cout << in.rdbuf();
  return 0;
}

int reset_data_dir_command(const std::string& data_dir, bool yes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(data_dir, ec)) {
    std::cout << data_dir << " does not exist; nothing to remove\n";
    return 0;
  }
  // Refuse to remove something that is not a kapi data dir.
  if (!fs::exists(fs::path(data_dir) / "pki", ec) && !fs::exists(fs::path(data_dir) / "store", ec)) {
    std::cerr << data_dir << " does not look like a kapi data dir (no pki/ or store/); not removing it\n";
    return 1;
  }
  if (!yes) {
    std::cout << "Remove " << fs::absolute(data_dir).string()
              << " (certificates, stored objects, kubeconfig)? [y/N] " << std::flush;
    std::string answer;
    if (!std::getline(std::cin, answer) || (answer != "y" && answer != "Y" && answer != "yes")) {
      std::cout << "not removed\n";
      return 1;
    }
  }
  fs::remove_all(data_dir, ec);
  if (ec) {
    std::cerr << "cannot remove " << data_dir << ": " << ec.message() << "\n";
    return 1;
  }
  std::cout << "removed " << data_dir << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kapi: a Kubernetes API server in one process, with its storage embedded"};
  app.require_subcommand(1);

  kapi::apiserver::ServeOptions options;
  kapi::ServerOptions& o = options.server;
  o.data_dir = "./kapi-data";
  o.storage = "rocksdb";
  o.port = 6443;
  // One per core: more only add wake-ups and switches between them (creates/s on 2 cores, 16
  // clients: 4 threads ~4,300, 2 threads ~5,000; 1000 watchers' events/s the same).
  o.threads = static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
  auto* serve = app.add_subcommand("serve", "Start the HTTPS API server and write an admin kubeconfig");
  serve->add_option("--data-dir", o.data_dir, "Directory for certificates, kubeconfig and data")
      ->capture_default_str();
  serve->add_option("--bind-address", o.bind_address, "IP address to listen on")->capture_default_str();
  serve->add_option("--secure-port", o.port, "HTTPS port (0 picks a free port)")
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
  serve->add_option("--kubeconfig-out", o.kubeconfig_path,
                    "Where to write the admin kubeconfig (default <data-dir>/kubeconfig)");
  serve->add_option("--token-auth-file", o.token_auth_file,
                    "CSV of bearer tokens: token,user,uid[,\"group1,group2\"]");
  serve->add_flag("--ephemeral", o.ephemeral,
                  "Remove the data dir on exit (with --data-dir \"\": a fresh temp dir)");
  serve->add_option("-v,--v", options.verbosity, "Log level (0-10)")->capture_default_str();
  serve->add_option("--threads", o.threads, "Network threads (default: one per core, at least 2)")
      ->capture_default_str();
  o.controllers = {"*"};
  serve->add_option("--controllers", o.controllers,
                    "Built-in controllers to run: '*' for all, 'name' to enable, '-name' to disable "
                    "(node, scheduler, namespace, garbagecollector, pvbinder, localpath, statefulset, "
                    "replicaset, deployment); '' for none")
      ->delimiter(',')
      ->capture_default_str();
  serve->add_option("--node-name", o.node_name, "Name of the simulated node")->capture_default_str();
  serve->add_option("--local-path-root", o.local_path_root,
                    "Where the local-path provisioner creates volumes (default <data-dir>/local-path)");

  kapi::apiserver::ControllersOptions copts;
  auto* controllers = app.add_subcommand(
      "controllers", "Run the built-in controllers against any API server, from a kubeconfig");
  controllers->add_option("--kubeconfig", copts.kubeconfig, "The API server to act on")->required();
  controllers->add_option("--controllers", copts.controllers, "As for serve")
      ->delimiter(',')
      ->capture_default_str();
  controllers->add_option("--node-name", copts.node_name, "Name of the simulated node")->capture_default_str();
  controllers->add_option("--local-path-root", copts.local_path_root,
                          "Where the local-path provisioner creates volumes")
      ->capture_default_str();
  controllers->add_option("-v,--v", copts.verbosity, "Log level (0-10)")->capture_default_str();

  auto* version = app.add_subcommand("version", "Print kapi's version and the Kubernetes version it serves");

  std::string kc_data_dir = "./kapi-data";
  bool kc_path_only = false;
  auto* kubeconfig = app.add_subcommand("kubeconfig", "Print the admin kubeconfig of a data dir");
  kubeconfig->add_option("--data-dir", kc_data_dir, "The server's data dir")->capture_default_str();
  kubeconfig->add_flag("--path", kc_path_only, "Print the kubeconfig's path instead of its contents");

  std::string reset_data_dir;
  bool reset_yes = false;
  auto* reset = app.add_subcommand("reset", "Remove a data dir (certificates, store, kubeconfig)");
  reset->add_option("--data-dir", reset_data_dir, "The data dir to remove")->required();
  reset->add_flag("--yes,-y", reset_yes, "Do not ask for confirmation");

  CLI11_PARSE(app, argc, argv);
  o.storage_history = std::chrono::seconds(*parse_duration_seconds(history));
  if (version->parsed()) {
    std::cout << "kapi 0.1.0 (serves Kubernetes v1.32)\n";
    return 0;
  }
  if (kubeconfig->parsed()) return print_kubeconfig(kc_data_dir, kc_path_only);
  if (reset->parsed()) return reset_data_dir_command(reset_data_dir, reset_yes);
  // This process is kapi's own: no OpenSSL config file unless OPENSSL_CONF names one, a legacy
  // name table of the SHA digests only, and the certificates' EC keys skip OpenSSL 3.0's
  // decoders (each a part of a test-mode start; the last also of each handshake).
  kapi::base::set_up_openssl_for_own_process();
  if (controllers->parsed()) return kapi::apiserver::run_controllers(copts);
  // --controllers '' : none.
  std::erase(o.controllers, "");
  return kapi::apiserver::serve(options);
}
