#include "apiserver/serve.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <thread>

#include "base/thread_name.h"
#include "client/http_client.h"
#include "controllers/builtin.h"

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

// Signals are taken by sigwait alone; block them before any thread starts.
void take_signals(int verbosity) {
  spdlog::set_level(verbosity >= 4 ? spdlog::level::debug : spdlog::level::info);
  sigset_t set = termination_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

// After the first signal, a second one exits at once.
void exit_on_second_signal(int first) {
  spdlog::info("received {}, shutting down (again to exit at once)", first == SIGINT ? "SIGINT" : "SIGTERM");
  std::thread impatient([] {
    set_thread_name("kapi-exit");
    wait_for_signal();
    _exit(130);
  });
  impatient.detach();
}

}  // namespace

int serve(const ServeOptions& options) {
  take_signals(options.verbosity);

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

  exit_on_second_signal(wait_for_signal());
  server->stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace kapi::apiserver

namespace kapi::apiserver {

int run_controllers(const ControllersOptions& options) {
  take_signals(options.verbosity);
  auto selected = controllers::select_controllers(options.controllers);
  if (auto* err = std::get_if<std::string>(&selected)) {
    spdlog::error("--controllers: {}", *err);
    return 2;
  }
  auto config = client::load_kubeconfig(options.kubeconfig);
  if (auto* err = std::get_if<std::string>(&config)) {
    spdlog::error("kubeconfig {}: {}", options.kubeconfig, *err);
    return 1;
  }
  auto made = client::HttpClient::from_kubeconfig(std::get<client::KubeConfig>(config), {"kapi-controllers"});
  if (auto* err = std::get_if<std::string>(&made)) {
    spdlog::error("client: {}", *err);
    return 1;
  }
  client::ClientPtr api = std::get<client::ClientPtr>(made);
  controllers::ControllerContext context;
  // Over HTTP every controller is whoever the kubeconfig authenticates as.
  context.client_for = [api](const std::string&) { return api; };
  context.options.node_name = options.node_name;
  context.options.local_path_root = options.local_path_root;
  controllers::ControllerManager manager(
      std::move(context), controllers::builtin_descriptors(std::get<std::set<std::string>>(selected)));
  if (auto err = manager.start()) {
    spdlog::error("controllers: {}", *err);
    return 1;
  }
  std::string names;
  for (const auto& n : manager.running()) names += (names.empty() ? "" : ",") + n;
  spdlog::info("controllers running against {}: {}", std::get<client::KubeConfig>(config).server, names);
  exit_on_second_signal(wait_for_signal());
  manager.stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace kapi::apiserver
