// kapi::Server (include/kapi/server.h): everything a running server is made of, started in
// order (certificates, store, registry, handler, listener, kubeconfig) and stopped in reverse.
#include "kapi/server.h"

#include <arpa/inet.h>

#include <filesystem>
#include <future>
#include <optional>

#include "apiserver/api_handler.h"
#include "apiserver/http_server.h"
#include "apiserver/pki/pki.h"
#include "base/thread_name.h"
#include "client/in_process_client.h"
#include "controllers/builtin.h"
#include "registry/registry.h"
#include "storage/compactor.h"
#include "storage/memory_store.h"
#include "storage/rocksdb_store.h"

namespace kapi {

namespace fs = std::filesystem;

struct Server::Impl {
  ServerOptions options;
  std::string data_dir;
  bool remove_data_dir = false;
  std::string url;
  std::string kubeconfig;
  storage::StorePtr store;
  std::unique_ptr<storage::Compactor> compactor;
  std::unique_ptr<registry::Registry> registry;
  std::unique_ptr<apiserver::ApiHandler> handler;
  std::unique_ptr<apiserver::HttpServer> http;
  std::unique_ptr<controllers::ControllerManager> controllers;
  bool stopped = false;

  ~Impl() { stop(); }
  std::optional<std::string> start_controllers();

  void stop() {
    if (stopped) return;
    stopped = true;
    if (handler) handler->set_ready(false);
    // Controllers first: their in-process watches hold the registry.
    if (controllers) controllers->stop();
    controllers.reset();
    if (http) http->stop();
    if (compactor) compactor->stop();
    http.reset();
    handler.reset();
    registry.reset();
    compactor.reset();
    store.reset();  // the last reference: the store flushes and closes
    if (remove_data_dir) {
      std::error_code ec;
      fs::remove_all(data_dir, ec);
    }
  }
};

namespace {

std::optional<std::string> make_temp_dir(std::string& out) {
  std::string pattern = (fs::temp_directory_path() / "kapi-XXXXXX").string();
  if (!mkdtemp(pattern.data())) return std::string("cannot create a temp dir: ") + strerror(errno);
  out = pattern;
  return std::nullopt;
}

std::variant<storage::StorePtr, std::string> open_store(const ServerOptions& options,
                                                       const std::string& data_dir) {
  if (options.storage == "memory") return storage::make_memory_store();
  if (options.storage == "rocksdb") {
    storage::RocksStoreOptions rocks;
    rocks.path = (fs::path(data_dir) / "store").string();
    rocks.sync = options.storage_sync;
    auto opened = storage::open_rocksdb_store(rocks);
    if (!opened.ok()) return opened.error().message;
    return std::move(opened.value());
  }
  return "unknown storage \"" + options.storage + "\" (memory or rocksdb)";
}

bool is_ip_address(const std::string& text) {
  unsigned char bytes[16];
  return inet_pton(AF_INET, text.c_str(), bytes) == 1 || inet_pton(AF_INET6, text.c_str(), bytes) == 1;
}

std::unique_ptr<Server> fail(std::string* error, std::string message) {
  if (error) *error = std::move(message);
  return nullptr;
}

}  // namespace

// The chosen built-in controllers, in-process: each acts as its own service account.
std::optional<std::string> Server::Impl::start_controllers() {
  Impl& impl = *this;
  auto selected = controllers::select_controllers(impl.options.controllers);
  if (auto* err = std::get_if<std::string>(&selected)) return *err;
  auto& enabled = std::get<std::set<std::string>>(selected);
  if (enabled.empty()) return std::nullopt;
  controllers::ControllerContext context;
  const registry::Registry* registry = impl.registry.get();
  context.client_for = [registry](const std::string& name) -> client::ClientPtr {
    return std::make_shared<client::InProcessClient>(
        *registry, client::Identity{"system:serviceaccount:kube-system:" + name, {"system:serviceaccounts"}});
  };
  context.options.node_name = impl.options.node_name;
  context.options.local_path_root = impl.options.local_path_root.empty()
                                        ? (fs::path(impl.data_dir) / "local-path").string()
                                        : impl.options.local_path_root;
  context.options.pod_stop_delay = impl.options.pod_stop_delay;
  impl.controllers = std::make_unique<controllers::ControllerManager>(std::move(context),
                                                                     controllers::builtin_descriptors(enabled));
  return impl.controllers->start();
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

std::unique_ptr<Server> Server::start(const ServerOptions& options, std::string* error) {
  // A bad --controllers fails before anything is written: whoever waits for the kubeconfig must
  // find a server behind it.
  auto selected = controllers::select_controllers(options.controllers);
  if (auto* err = std::get_if<std::string>(&selected)) return fail(error, "controllers: " + *err);
  // So does a --bind-address that is no IP address (one that is, but not this machine's, shows
  // when the listener binds).
  if (!is_ip_address(options.bind_address))
    return fail(error, "invalid --bind-address \"" + options.bind_address + "\": not an IP address");
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->data_dir = options.data_dir;
  if (impl->data_dir.empty()) {
    if (auto err = make_temp_dir(impl->data_dir)) return fail(error, *err);
    impl->remove_data_dir = true;
  } else {
    std::error_code ec;
    fs::create_directories(impl->data_dir, ec);
    if (ec) return fail(error, "cannot create data dir " + impl->data_dir + ": " + ec.message());
    impl->remove_data_dir = options.ephemeral;
  }

  // Certificates are made (three keys, three signatures) or checked on another thread while
  // the store opens: the two share nothing and each costs milliseconds.
  // Only a data dir that keeps objects across a crash needs its certificates fsynced; the
  // others' would be made again by removing the dir, which loses nothing.
  const bool durable_dir = !impl->remove_data_dir && options.storage == "rocksdb" && options.storage_sync;
  auto pki_made = std::async(std::launch::async, [&impl, &options, durable_dir] {
    set_thread_name("kapi-pki");
    return apiserver::pki::ensure_pki(impl->data_dir, options.bind_address,
                                      durable_dir ? apiserver::pki::Durability::kSynced
                                                  : apiserver::pki::Durability::kUnsynced);
  });

  // So is the listener with its TLS context, whose first cipher fetches are OpenSSL 3.0's
  // method construction (~5.7M instructions), on a third thread while the store opens and the
  // registry is built here. Its handlers find the ApiHandler through impl: made before start().
  Impl* raw = impl.get();
  auto http_made = std::async(std::launch::async, [raw, &options]() -> std::variant<std::unique_ptr<apiserver::HttpServer>, std::string> {
    set_thread_name("kapi-tls");
    try {
      apiserver::HttpServerOptions http;
      http.bind_address = options.bind_address;
      http.port = uint16_t(options.port);
      http.threads = options.threads;
      return std::make_unique<apiserver::HttpServer>(
          http, [raw](apiserver::Request& req) { return raw->handler->handle(req); },
          [raw](apiserver::Request& req, const apiserver::Respond& respond) {
            return raw->handler->handle_async(req, respond);
          });
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
  });

  std::optional<apiserver::authn::TokenFile> tokens;
  if (!options.token_auth_file.empty()) {
    auto loaded = apiserver::authn::TokenFile::load(options.token_auth_file);
    if (auto* err = std::get_if<std::string>(&loaded)) return fail(error, "token auth file: " + *err);
    tokens = std::get<apiserver::authn::TokenFile>(std::move(loaded));
  }

  auto opened = open_store(options, impl->data_dir);
  if (auto* err = std::get_if<std::string>(&opened)) return fail(error, "storage: " + *err);
  impl->store = std::get<storage::StorePtr>(opened);
  storage::CompactorOptions compaction;
  compaction.history = options.storage_history;
  compaction.interval = std::min<std::chrono::milliseconds>(std::chrono::seconds(10), compaction.history);
  impl->compactor = std::make_unique<storage::Compactor>(impl->store, compaction);
  impl->compactor->start();

  impl->registry = std::make_unique<registry::Registry>(impl->store);
  registry::register_builtin_resources(*impl->registry);
  registry::ensure_system_namespaces(*impl->registry);
  impl->handler = std::make_unique<apiserver::ApiHandler>(*impl->registry, std::move(tokens));
  if (options.storage == "rocksdb") impl->handler->set_storage_dir((fs::path(impl->data_dir) / "store").string());

  auto http = http_made.get();
  if (auto* err = std::get_if<std::string>(&http)) return fail(error, *err);
  impl->http = std::move(std::get<0>(http));

  auto pki = pki_made.get();
  if (auto* err = std::get_if<std::string>(&pki)) return fail(error, "certificates: " + *err);
  const auto& paths = std::get<apiserver::pki::PkiPaths>(pki);
  try {
    impl->http->use_credentials(paths.parsed_serving_cert, paths.parsed_serving_key, paths.parsed_ca_cert);
    if (paths.admin_cert_object) impl->http->trust_client_certificate(paths.admin_cert_object.get());
  } catch (const std::exception& e) {
    return fail(error, e.what());
  }
  impl->http->start();

  std::string host = options.bind_address == "0.0.0.0" ? "127.0.0.1" : options.bind_address;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  impl->url = "https://" + host + ":" + std::to_string(impl->http->port());
  impl->kubeconfig = options.kubeconfig_path.empty()
                         ? (fs::path(impl->data_dir) / "kubeconfig").string()
                         : options.kubeconfig_path;
  // Written after the listener is up: whoever waits for this file may connect at once.
  if (auto err = apiserver::pki::write_kubeconfig(impl->kubeconfig, impl->url, paths))
    return fail(error, "writing kubeconfig: " + *err);
  impl->handler->set_ready(true);
  if (auto err = impl->start_controllers()) {
    std::error_code ignored;
    fs::remove(impl->kubeconfig, ignored);  // no server will answer behind it
    return fail(error, "controllers: " + *err);
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

void Server::stop() { impl_->stop(); }
uint16_t Server::port() const { return impl_->http ? impl_->http->port() : 0; }
const std::string& Server::url() const { return impl_->url; }
const std::string& Server::kubeconfig_path() const { return impl_->kubeconfig; }
const std::string& Server::data_dir() const { return impl_->data_dir; }
const std::string& Server::storage() const { return impl_->options.storage; }

}  // namespace kapi
