// `kapi serve`: a kapi::Server run until SIGINT/SIGTERM.
#pragma once

#include "kapi/server.h"

namespace kapi::apiserver {

struct ServeOptions {
  ServerOptions server;   // data_dir defaults to ./kapi-data and storage to rocksdb here
  int verbosity = 0;
};

// Returns the process exit code. A first signal shuts down gracefully; a second exits at once.
int serve(const ServeOptions& options);

}  // namespace kapi::apiserver
