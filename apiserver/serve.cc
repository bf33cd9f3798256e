#include "apiserver/serve.h"

#include <spdlog/spdlog.h>

#include <csignal>
#include <filesystem>
#include <memory>

#include "apiserver/api_handler.h"
#include "apiserver/http_server.h"
#include "apiserver/pki/pki.h"
#include "registry/registry.h"
#include "storage/compactor.h"
#include "storage/memory_store.h"
#include "storage/rocksdb_store.h"

namespace kapi::apiserver {

namespace {

// Blocks until SIGINT or SIGTERM.
void wait_for_signal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int sig = 0;
  sigwait(&set, &sig);
  spdlog::info("received {}, shutting down", sig == SIGINT ? "SIGINT" : "SIGTERM");
}

std::variant<storage::StorePtr, std::string> open_store(const ServeOptions& options) {
  if (options.storage == "memory") return storage::make_memory_store();
  if (options.storage == "rocksdb") {
    storage::RocksStoreOptions rocks;
    rocks.path = (std::filesystem::path(options.data_dir) / "store").string();
    rocks.sync = options.storage_sync;
    auto opened = storage::open_rocksdb_store(rocks);
    if (!opened.ok()) return opened.error().message;
    return std::move(opened.value());
  }
  return "unknown --storage \"" + options.storage + "\" (memory or rocksdb)";
}

}  // namespace

int serve(const ServeOptions& options) {
  spdlog::set_level(options.verbosity >= 4 ? spdlog::level::debug : spdlog::level::info);
  // Signals are taken by sigwait on this thread alone; block them before threads start.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);

  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec) {
    spdlog::error("cannot create --data-dir {}: {}", options.data_dir, ec.message());
    return 1;
  }
  auto pki = pki::ensure_pki(options.data_dir, options.bind_address);
  if (auto* err = std::get_if<std::string>(&pki)) {
    spdlog::error("certificates: {}", *err);
    return 1;
  }
  const auto& paths = std::get<pki::PkiPaths>(pki);

  std::optional<authn::TokenFile> tokens;
  if (!options.token_auth_file.empty()) {
    auto loaded = authn::TokenFile::load(options.token_auth_file);
    if (auto* err = std::get_if<std::string>(&loaded)) {
      spdlog::error("--token-auth-file: {}", *err);
      return 1;
    }
    tokens = std::get<authn::TokenFile>(std::move(loaded));
  }

  auto opened = open_store(options);
  if (auto* err = std::get_if<std::string>(&opened)) {
    spdlog::error("storage: {}", *err);
    return 1;
  }
  storage::StorePtr store = std::get<storage::StorePtr>(opened);
  storage::CompactorOptions compaction;
  compaction.history = std::chrono::seconds(options.storage_history_seconds);
  compaction.interval = std::min<std::chrono::milliseconds>(std::chrono::seconds(10), compaction.history);
  storage::Compactor compactor(store, compaction);
  compactor.start();
  registry::Registry registry(store);
  registry::register_builtin_resources(registry);
  registry::ensure_system_namespaces(registry);

  ApiHandler handler(registry, std::move(tokens));
  std::unique_ptr<HttpServer> server;
  try {
    HttpServerOptions http;
    http.bind_address = options.bind_address;
    http.port = uint16_t(options.secure_port);
    http.cert_file = paths.serving_cert;
    http.key_file = paths.serving_key;
    http.client_ca_file = paths.ca_cert;
    http.threads = options.threads;
    server = std::make_unique<HttpServer>(http, [&handler](Request& req) { return handler.handle(req); });
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  server->start();
  std::string host = options.bind_address == "0.0.0.0" ? "127.0.0.1" : options.bind_address;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  std::string url = "https://" + host + ":" + std::to_string(server->port());
  std::string kubeconfig = options.kubeconfig_out.empty()
                               ? (std::filesystem::path(options.data_dir) / "kubeconfig").string()
                               : options.kubeconfig_out;
  // Written after the listener is up: a test waiting for this file may connect at once.
  if (auto err = pki::write_kubeconfig(kubeconfig, url, paths)) {
    spdlog::error("writing kubeconfig: {}", *err);
    return 1;
  }
  handler.set_ready(true);
  auto absolute = std::filesystem::absolute(kubeconfig).lexically_normal().string();
  spdlog::info("kapi serving on {} (storage: {})", url, options.storage);
  spdlog::info("kubeconfig: {}", absolute);
  spdlog::info("use it with: export KUBECONFIG={}", absolute);

  wait_for_signal();
  handler.set_ready(false);
  server->stop();
  compactor.stop();
  return 0;
}

}  // namespace kapi::apiserver
