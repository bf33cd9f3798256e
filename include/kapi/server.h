// kapi as a library: start a Kubernetes API server inside the calling process (for tests of
// controllers and operators), get its kubeconfig, stop it.
//
//   kapi::ServerOptions options;              // memory store, free port, temp data dir
//   std::string error;
//   auto server = kapi::Server::start(options, &error);
//   // point any client at server->kubeconfig_path() (or server->url() with its certificates)
//   server->stop();                           // also done by the destructor
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace kapi {

struct ServerOptions {
  // Certificates, store and kubeconfig live here. Empty: a fresh temp dir, removed on stop.
  std::string data_dir;
  // Remove data_dir on stop (always true when data_dir is empty).
  bool ephemeral = false;
  std::string bind_address = "127.0.0.1";
  int port = 0;                                   // 0: a free port
  std::string storage = "memory";                 // "memory" or "rocksdb" (<data_dir>/store)
  bool storage_sync = true;                       // fsync each write before acknowledging it
  std::chrono::seconds storage_history{300};      // history for past-revision reads and resumes
  std::string kubeconfig_path;                    // default <data_dir>/kubeconfig
  std::string token_auth_file;                    // upstream's CSV format; empty: none
  int threads = 2;                                // network threads

  // Built-in controllers run in-process, chosen as `--controllers` does ("*", "name", "-name");
  // empty: none (a bare API server, as envtest's).
  std::vector<std::string> controllers;
  std::string node_name = "kapi-node";            // the simulated node
  std::string local_path_root;                    // default <data_dir>/local-path
  std::chrono::milliseconds pod_stop_delay{200};  // how long the node takes to stop a deleted pod
};

class Server {
 public:
  // Starts a server and returns once it is ready (kubeconfig written, listener up). nullptr on
  // failure, with the reason in *error when given.
  static std::unique_ptr<Server> start(const ServerOptions& options, std::string* error = nullptr);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Ends watches with a clean end of stream, closes connections, flushes and closes the store,
  // removes an ephemeral data dir. Idempotent.
  void stop();

  uint16_t port() const;
  const std::string& url() const;              // https://127.0.0.1:<port>
  const std::string& kubeconfig_path() const;  // admin kubeconfig (client certificate embedded)
  const std::string& data_dir() const;
  const std::string& storage() const;

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kapi
