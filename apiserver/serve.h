// `kapi serve`: everything a running server is made of, started in order and stopped in reverse.
#pragma once

#include <cstdint>
#include <string>

namespace kapi::apiserver {

struct ServeOptions {
  std::string data_dir = "./kapi-data";
  std::string bind_address = "127.0.0.1";
  int secure_port = 6443;               // 0: a free port
  std::string storage = "rocksdb";      // "rocksdb" (durable, <data-dir>/store) or "memory"
  bool storage_sync = true;             // fsync before acknowledging a write
  int storage_history_seconds = 300;    // history kept for lists at a past revision and watch resumes
  std::string kubeconfig_out;           // default <data-dir>/kubeconfig
  std::string token_auth_file;
  int verbosity = 0;
  int threads = 4;
};

// Runs until SIGINT/SIGTERM; returns the process exit code.
int serve(const ServeOptions& options);

}  // namespace kapi::apiserver
