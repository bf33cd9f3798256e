// `kapi serve`: a kapi::Server run until SIGINT/SIGTERM.
#pragma once

#include <string>
#include <vector>

#include "kapi/server.h"

namespace kapi::apiserver {

struct ServeOptions {
  ServerOptions server;   // data_dir defaults to ./kapi-data and storage to rocksdb here
  int verbosity = 0;
};

// Returns the process exit code. A first signal shuts down gracefully; a second exits at once.
int serve(const ServeOptions& options);

// `kapi controllers`: the built-in controllers, out of process, against any API server.
struct ControllersOptions {
  std::string kubeconfig;
  std::vector<std::string> controllers{"*"};
  std::string node_name = "kapi-node";
  std::string local_path_root = "./kapi-local-path";
  int verbosity = 0;
};
int run_controllers(const ControllersOptions& options);

}  // namespace kapi::apiserver
