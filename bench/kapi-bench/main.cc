// kapi-bench: load and time any Kubernetes API server reachable through a kubeconfig (kapi,
// kube-apiserver, k3s). Modes: watch, list, create, startup. See bench/kapi-bench/README.md.
#include <CLI/CLI.hpp>
#include <cmath>
#include <iostream>

#include "base/openssl_setup.h"
#include "bench/kapi-bench/modes.h"

namespace {

using kapi::bench::CommonOptions;

void add_common(CLI::App* mode, CommonOptions& c) {
  mode->add_option("--kubeconfig", c.target.kubeconfig, "The kubeconfig of the server under test")->required();
  mode->add_option("--context", c.target.context, "Kubeconfig context (default: the current one)");
  mode->add_flag("--allow-remote", c.target.allow_remote,
                 "Allow a server that is not on a loopback address (the benchmark loads it heavily)");
  mode->add_option("--namespace", c.workload.ns,
                   "Namespace to work in (default: a new kapi-bench-<id> namespace, deleted at the end)");
  mode->add_option("--resource", c.workload.resource, "What to write")
      ->check(CLI::IsMember({"configmaps", "pods"}))
      ->capture_default_str();
  mode->add_option("--object-size", c.workload.object_size, "Approximate JSON bytes of each object written")
      ->check(CLI::Range(1, 1 << 20))
      ->capture_default_str();
  mode->add_flag("--json", c.json, "Print the summary as JSON");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kapi-bench: watch, list, create and startup figures of a Kubernetes API server"};
  app.require_subcommand(1);
  CommonOptions common;

  kapi::bench::WatchOptions watch;
  std::string rate = "max";
  auto* w = app.add_subcommand("watch", "N watches and W writers: events/s, latency, lost and duplicated events");
  add_common(w, common);
  w->add_option("--watchers", watch.watchers, "Watches, one HTTPS connection each")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  w->add_option("--writers", watch.writers, "Writer threads (create, update, delete)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  w->add_option("--rate", rate, "Writes/s over all writers, or max")
      ->check([](const std::string& v) {
        if (v == "max") return std::string();
        try {
          return std::stod(v) > 0 ? std::string() : std::string("the rate must be positive");
        } catch (...) {
          return std::string("expected a number of writes/s or max");
        }
      })
      ->capture_default_str();
  w->add_option("--duration", watch.duration, "Seconds of writing")->check(CLI::Range(0.1, 3600.0))->capture_default_str();
  w->add_option("--drain-timeout", watch.drain_timeout, "Seconds to wait for the watches to catch up")
      ->check(CLI::Range(0.0, 600.0))
      ->capture_default_str();
  w->add_option("--client-threads", watch.client_threads, "Threads reading the watches")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  w->add_option("--max-writes", watch.max_writes, "Stop writing after this many writes")
      ->check(CLI::Range(3, 100000000))
      ->capture_default_str();
  w->add_option("--server-pid", watch.server_pid,
                "The server's PID for its RSS and CPU (default: found by its port when local)");
  w->add_option("--plot", watch.plot, "Draw latency and throughput over time into this PNG (needs gnuplot)");

  kapi::bench::ListOptions list;
  auto* l = app.add_subcommand("list", "Create K objects, then time lists as JSON and Table, whole and paginated");
  add_common(l, common);
  l->add_option("--count", list.count, "Objects to list")->check(CLI::Range(1, 1000000))->capture_default_str();
  l->add_option("--page-size", list.page_size, "limit of the paginated lists")->check(CLI::Range(1, 100000))->capture_default_str();
  l->add_option("--repeat", list.repeat, "Lists of each kind (median reported)")->check(CLI::Range(1, 1000))->capture_default_str();
  l->add_option("--concurrency", list.concurrency, "Clients creating the objects")->check(CLI::Range(1, 256))->capture_default_str();

  kapi::bench::CreateOptions create;
  auto* c = app.add_subcommand("create", "Creates/s with C concurrent clients");
  add_common(c, common);
  c->add_option("--count", create.count, "Objects to create")->check(CLI::Range(1, 10000000))->capture_default_str();
  c->add_option("--concurrency", create.concurrency, "Concurrent clients, one connection each")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  c->add_option("--client-threads", create.client_threads, "Threads driving the connections (each an epoll loop)")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  c->add_option("--max-seconds", create.max_seconds, "Stop after this long even if not all are created")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();

  kapi::bench::StartupOptions startup;
  bool startup_json = false;
  auto* s = app.add_subcommand("startup", "Exec a server command; time until its kubeconfig exists and /readyz is ok");
  s->add_option("--kubeconfig-file", startup.kubeconfig, "The kubeconfig the server writes ({dir}: the run's temp dir)")
      ->required();
  s->add_option("--repeat", startup.repeat, "Starts (median reported)")->check(CLI::Range(1, 100))->capture_default_str();
  s->add_option("--timeout", startup.timeout, "Seconds each start may take")->check(CLI::Range(0.1, 600.0))->capture_default_str();
  s->add_flag("--allow-remote", startup.allow_remote, "Allow a kubeconfig naming a non-loopback server");
  s->add_flag("--json", startup_json, "Print the summary as JSON");
  s->add_option("command", startup.command, "The server command, after -- ({dir}: a fresh temp dir per start)")->required();

  CLI11_PARSE(app, argc, argv);
  // As kapi's own main: reading the kubeconfig's certificates and key, and each handshake, skip
  // OpenSSL 3.0's decoders, so the client's share of every figure is smaller, as a Go client's is.
  kapi::base::set_up_openssl_for_own_process();
  if (w->parsed()) {
    watch.rate = rate == "max" ? 0 : std::stod(rate);
    return kapi::bench::run_watch(common, watch);
  }
  if (l->parsed()) return kapi::bench::run_list(common, list);
  if (c->parsed()) return kapi::bench::run_create(common, create);
  return kapi::bench::run_startup(startup, startup_json);
}
