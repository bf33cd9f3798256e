// kapi-bench create: creates/s at a given concurrency, each client on its own HTTPS connection.
#include <algorithm>
#include <iostream>
#include <mutex>
#include <thread>

#include "bench/kapi-bench/modes.h"
#include "bench/kapi-bench/proc_stats.h"
#include "bench/kapi-bench/report.h"

namespace kapi::bench {

CreateResult create_objects(const Target& target, const Workload& workload, const CreateOptions& options) {
  std::atomic<uint64_t> next{0}, created{0}, failed{0};
  std::mutex mu;
  CreateResult out;
  out.latency = std::make_unique<Histogram>();
  const int64_t start = unix_nanos_now();
  const int64_t deadline = start + static_cast<int64_t>(options.max_seconds * 1e9);
  const int concurrency = std::max(1, options.concurrency);
  const int threads = std::clamp(options.client_threads, 1, concurrency);
  auto note_error = [&](const std::string& error) {
    failed.fetch_add(1);
    std::lock_guard lock(mu);
    if (out.first_error.empty()) out.first_error = error;
  };
  // Each thread keeps its share of the connections busy from one epoll loop: a thread blocked
  // per connection cost a thread switch per create, a tenth of the client's CPU.
  std::vector<std::thread> clients;
  for (int t = 0; t < threads; ++t) {
    const int connections = concurrency / threads + (t < concurrency % threads ? 1 : 0);
    clients.emplace_back([&, connections] {
      auto transport = target.transport();
      Histogram latency;
      std::vector<int64_t> sent(static_cast<size_t>(connections));
      auto next_request = [&](int slot) -> std::optional<client::HttpRequest> {
        const uint64_t i = next.fetch_add(1);
        if (i >= static_cast<uint64_t>(options.count) || unix_nanos_now() >= deadline) return std::nullopt;
        const int64_t now = unix_nanos_now();
        sent[static_cast<size_t>(slot)] = now;
        return target.request("POST", workload.collection_path(), workload.object_body("kc-" + std::to_string(i), i, now));
      };
      auto answered = [&](int slot, std::variant<client::HttpResponse, std::string> result) {
        if (auto* error = std::get_if<std::string>(&result)) return note_error(*error);
        if (auto error = not_ok("POST", workload.collection_path(), std::get<client::HttpResponse>(result));
            !error.empty())
          return note_error(error);
        latency.record(static_cast<uint64_t>(unix_nanos_now() - sent[static_cast<size_t>(slot)]));
        created.fetch_add(1);
      };
      if (auto error = transport->run_concurrently(connections, next_request, answered); !error.empty())
        note_error(error);
      std::lock_guard lock(mu);
      out.latency->merge(latency);
    });
  }
  for (auto& t : clients) t.join();
  out.seconds = static_cast<double>(unix_nanos_now() - start) / 1e9;
  out.created = created;
  out.failed = failed;
  return out;
}

int run_create(const CommonOptions& common, const CreateOptions& options) {
  return with_workload(common, [&](const Target& target, const Workload& workload) {
  double cpu_before = own_cpu_seconds();
  CreateResult r = create_objects(target, workload, options);
  double client_cpu = own_cpu_seconds() - cpu_before;
  std::string cleanup_error = workload.cleanup();
  json summary = {{"mode", "create"},
                  {"server", target.config().server},
                  {"resource", common.workload.resource},
                  {"concurrency", options.concurrency},
                  {"requested", options.count},
                  {"created", r.created},
                  {"failed", r.failed},
                  {"seconds", round_to(r.seconds, 3)},
                  {"creates_per_second", round_to(static_cast<double>(r.created) / r.seconds, 1)},
                  {"latency_ms", latency_summary(*r.latency)},
                  {"client_cpu_cores", round_to(client_cpu / r.seconds, 2)},
                  {"load_average_1m", round_to(load_average_1m(), 2)},
                  {"first_error", r.first_error},
                  {"cleanup_error", cleanup_error}};
  print_summary(summary, common.json);
  return r.failed == 0 && r.created == static_cast<uint64_t>(options.count) ? 0 : 1;
  });
}

}  // namespace kapi::bench
