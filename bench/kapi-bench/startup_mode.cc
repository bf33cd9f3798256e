// kapi-bench startup: exec a server command, time until its kubeconfig exists and /readyz
// answers "ok" with that kubeconfig's credentials; stop it; repeat; report the medians.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <thread>

#include "apiserver/pki/certificate.h"
#include "bench/kapi-bench/modes.h"
#include "bench/kapi-bench/proc_stats.h"
#include "bench/kapi-bench/report.h"

namespace kapi::bench {

namespace {

std::string with_dir(std::string s, const std::string& dir) {
  for (size_t at; (at = s.find("{dir}")) != std::string::npos;) s.replace(at, 5, dir);
  return s;
}

// posix_spawn, not fork: the time starts before the spawn, and fork would charge the server's
// figure with copying this process's page tables and then with a copy-on-write fault for each
// page this process writes afterwards (~1-4 us a page on this kind of VM). -1, with `error` set,
// if it can't start.
pid_t spawn(const std::vector<std::string>& argv, const std::string& log_path, int& error) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  error = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return error ? -1 : pid;
}

// SIGTERM, then SIGKILL if it has not exited after 10 s.
void stop(pid_t pid) {
  kill(pid, SIGTERM);
  for (int i = 0; i < 1000; ++i) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

// This process's own first use of OpenSSL is paid here, not inside the first start's figure:
// library set-up, cipher tables and the one-time fetches behind reading a kubeconfig's PEM
// certificates and EC key (read by the built-in EC code, main's set_up_openssl_for_own_process).
// A throwaway self-signed P-256 certificate, the kind kubeconfigs of kapi and kubeadm clusters
// hold, is loaded as all three.
void warm_up_tls() {
  auto key = apiserver::pki::generate_key();
  if (!key) return;
  apiserver::pki::CertificateRequest request;
  request.common_name = "kapi-bench warm-up";
  request.is_ca = true;
  auto cert = apiserver::pki::issue_certificate(request, key.get(), nullptr, key.get());
  auto* made = std::get_if<apiserver::pki::CertificatePtr>(&cert);
  if (!made) return;  // no PEM to warm up with; without a CA the system's bundle would be read
  client::TlsSettings tls;
  tls.ca_pem = tls.client_cert_pem = apiserver::pki::certificate_pem(made->get());
  tls.client_key_pem = apiserver::pki::private_key_pem(key.get());
  (void)client::HttpTransport::create("https://127.0.0.1:1", tls);
}

struct StartupRun {
  double kubeconfig_ms = 0, ready_ms = 0, rss_mib = 0;
  std::string error;
  bool started = true;  // false: the command could not be started, so it left no log to keep
};

StartupRun start_once(const StartupOptions& o, const std::string& dir) {
  StartupRun run;
  std::vector<std::string> argv;
  for (const auto& a : o.command) argv.push_back(with_dir(a, dir));
  const std::string kubeconfig = with_dir(o.kubeconfig, dir);
  std::error_code ec;
  std::filesystem::remove(kubeconfig, ec);
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::milliseconds(static_cast<int64_t>(o.timeout * 1000));
  auto ms_since_start = [&] {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  };
  // Woken when a file lands in the kubeconfig's directory rather than polling it every 0.5 ms
  // (half of that, on average, would count against the server); the poll stays as a fallback.
  int watch_fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  std::string kubeconfig_dir = std::filesystem::path(kubeconfig).parent_path().string();
  if (watch_fd >= 0 && inotify_add_watch(watch_fd, kubeconfig_dir.empty() ? "." : kubeconfig_dir.c_str(),
                                         IN_MOVED_TO | IN_CLOSE_WRITE) < 0) {
    ::close(watch_fd);
    watch_fd = -1;
  }
  struct CloseWatch {
    int& fd;
    ~CloseWatch() {
      if (fd >= 0) ::close(fd);
    }
  } close_watch{watch_fd};
  int spawn_error = 0;
  pid_t pid = spawn(argv, dir + "/server.log", spawn_error);
  if (pid < 0) {
    run.error = "could not start " + argv.front() + ": " + std::strerror(spawn_error);
    run.started = false;
    return run;
  }
  std::unique_ptr<Target> target;
  std::unique_ptr<client::HttpTransport> transport;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) {
      run.error = "the server exited before it was ready (its output: " + dir + "/server.log)";
      return run;
    }
    if (!target) {
      // The kubeconfig is renamed into place whole: once it has a size it can be read.
      if (std::filesystem::file_size(kubeconfig, ec) > 0 && !ec) {
        if (run.kubeconfig_ms == 0) run.kubeconfig_ms = ms_since_start();
        auto opened = Target::open({.kubeconfig = kubeconfig, .context = "", .allow_remote = o.allow_remote,
                                    .check_credentials = false});
        if (opened.index() == 0) {
          target = std::make_unique<Target>(std::get<0>(opened));
          // One transport for every try: its TLS context and credentials are loaded once.
          auto made = client::HttpTransport::create(target->config().server, target->tls());
          if (made.index() == 1) {
            stop(pid);
            run.error = "kubeconfig " + kubeconfig + ": " + std::get<1>(made);
            return run;
          }
          transport = std::move(std::get<0>(made));
          continue;  // ask at once
        }
      }
    } else {
      auto answer = transport->round_trip(target->request("GET", "/readyz"));
      if (answer.index() == 0 && std::get<0>(answer).status == 200 && std::get<0>(answer).body == "ok") {
        run.ready_ms = ms_since_start();
        if (auto sample = sample_process(pid)) run.rss_mib = static_cast<double>(sample->rss_bytes) / (1 << 20);
        stop(pid);
        return run;
      }
    }
    if (!target && watch_fd >= 0) {
      pollfd ready{watch_fd, POLLIN, 0};
      if (::poll(&ready, 1, 1) > 0) {
        char events[4096];
        while (::read(watch_fd, events, sizeof events) > 0) {
        }
      }
    } else {
      std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
  }
  stop(pid);
  run.error = "not ready within " + std::to_string(o.timeout) + " s";
  return run;
}

}  // namespace

int run_startup(const StartupOptions& o, bool as_json) {
  if (o.command.empty() || o.kubeconfig.empty()) {
    std::cerr << "kapi-bench startup: give --kubeconfig-file and the server command after --\n";
    return 2;
  }
  warm_up_tls();
  std::vector<double> kubeconfig_ms, ready_ms, rss;
  json runs = json::array();
  std::string first_error;
  for (int i = 0; i < std::max(1, o.repeat); ++i) {
    char dir_template[] = "/tmp/kapi-bench-startup.XXXXXX";
    if (mkdtemp(dir_template) == nullptr) {
      std::cerr << "kapi-bench: cannot make a temp dir\n";
      return 2;
    }
    std::string dir = dir_template;
    StartupRun run = start_once(o, dir);
    if (run.error.empty()) {
      kubeconfig_ms.push_back(run.kubeconfig_ms);
      ready_ms.push_back(run.ready_ms);
      rss.push_back(run.rss_mib);
    } else if (first_error.empty()) {
      first_error = run.error;
    }
    // A failed start's dir stays, with the server's log; a command that never ran left none.
    if (run.error.empty() || !run.started) {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
    runs.push_back({{"kubeconfig_ms", round_to(run.kubeconfig_ms, 2)},
                    {"ready_ms", round_to(run.ready_ms, 2)},
                    {"rss_mib_at_ready", round_to(run.rss_mib, 1)},
                    {"error", run.error}});
  }
  json summary = {{"mode", "startup"},
                  {"runs", runs},
                  {"median_kubeconfig_ms", round_to(median(kubeconfig_ms), 2)},
                  {"median_ready_ms", round_to(median(ready_ms), 2)},
                  {"median_rss_mib_at_ready", round_to(median(rss), 1)},
                  {"load_average_1m", round_to(load_average_1m(), 2)},
                  {"first_error", first_error}};
  print_summary(summary, as_json);
  return first_error.empty() ? 0 : 1;
}

}  // namespace kapi::bench
