// kapi-bench create: creates/s at a given concurrency, each client on its own HTTPS connection.
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
  std::vector<std::thread> clients;
  for (int c = 0; c < std::max(1, options.concurrency); ++c) {
    clients.emplace_back([&] {
      auto transport = target.transport();
      Histogram latency;
      for (uint64_t i; (i = next.fetch_add(1)) < static_cast<uint64_t>(options.count) && unix_nanos_now() < deadline;) {
        int64_t sent = unix_nanos_now();
        auto answer = call_ok(*transport, target.request("POST", workload.collection_path(),
                                                         workload.object_body("kc-" + std::to_string(i), i, sent)));
        if (answer.index() == 0) {
          latency.record(static_cast<uint64_t>(unix_nanos_now() - sent));
          created.fetch_add(1);
          continue;
        }
        failed.fetch_add(1);
        std::lock_guard lock(mu);
        if (out.first_error.empty()) out.first_error = std::get<1>(answer);
      }
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
