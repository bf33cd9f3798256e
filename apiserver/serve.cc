#include "apiserver/serve.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <thread>

namespace kapi::apiserver {

namespace {

sigset_t termination_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

int wait_for_signal() {
  sigset_t set = termination_signals();
  int sig = 0;
  sigwait(&set, &sig);
  return sig;
}

}  // namespace

int serve(const ServeOptions& options) {
  spdlog::set_level(options.verbosity >= 4 ? spdlog::level::debug : spdlog::level::info);
  // Signals are taken by sigwait alone; block them before any thread starts.
  sigset_t set = termination_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);

  std::string error;
  auto server = Server::start(options.server, &error);
  if (!server) {
    spdlog::error("{}", error);
    return 1;
  }
  auto kubeconfig = std::filesystem::absolute(server->kubeconfig_path()).lexically_normal().string();
  spdlog::info("kapi serving on {} (storage: {}, data: {})", server->url(), server->storage(),
               server->data_dir());
  spdlog::info("kubeconfig: {}", kubeconfig);
  spdlog::info("use it with: export KUBECONFIG={}", kubeconfig);

  int sig = wait_for_signal();
  spdlog::info("received {}, shutting down (again to exit at once)", sig == SIGINT ? "SIGINT" : "SIGTERM");
  std::thread impatient([] {
    wait_for_signal();
    _exit(130);
  });
  impatient.detach();
  server->stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace kapi::apiserver
