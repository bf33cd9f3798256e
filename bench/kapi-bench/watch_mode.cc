// kapi-bench watch: N watches, W writers, then a check that every watch saw every
// acknowledged write once and in order, with latency and throughput over the run.
#include <chrono>
#include <cmath>
#include <csignal>
#include <iostream>
#include <thread>

#include "bench/kapi-bench/modes.h"
#include "bench/kapi-bench/plot.h"
#include "bench/kapi-bench/proc_stats.h"
#include "bench/kapi-bench/report.h"
#include "bench/kapi-bench/watch_pool.h"
#include "bench/kapi-bench/writer.h"

namespace kapi::bench {

namespace {

std::atomic<bool> g_interrupted{false};

struct ServerWatch {
  int pid = 0;
  std::optional<ProcSample> before;
  int64_t before_nanos = 0;
};

ServerWatch find_server(const Target& target, int given_pid) {
  ServerWatch s;
  s.pid = given_pid;
  if (s.pid == 0 && is_loopback_host(target.address().host)) s.pid = find_listening_pid(std::stoi(target.address().port)).value_or(0);
  if (s.pid != 0) {
    s.before = sample_process(s.pid);
    s.before_nanos = unix_nanos_now();
  }
  return s;
}

json server_figures(const ServerWatch& s, int64_t now) {
  if (s.pid == 0 || !s.before) return nullptr;
  auto after = sample_process(s.pid);
  if (!after) return nullptr;
  double wall = static_cast<double>(now - s.before_nanos) / 1e9;
  return {{"pid", s.pid},
          {"rss_mib_before", round_to(static_cast<double>(s.before->rss_bytes) / (1 << 20), 1)},
          {"rss_mib_after", round_to(static_cast<double>(after->rss_bytes) / (1 << 20), 1)},
          {"cpu_cores", round_to((after->cpu_seconds - s.before->cpu_seconds) / wall, 2)}};
}

void draw_progress(const WatchPool& pool, const WriteLog& log, int64_t start, bool writing) {
  static uint64_t last_delivered = 0, last_acked = 0;
  static int64_t last_time = start;
  int64_t now = unix_nanos_now();
  double dt = std::max(1e-3, static_cast<double>(now - last_time) / 1e9);
  uint64_t delivered = pool.delivered_so_far(), acked = log.acked.load();
  int second = static_cast<int>((now - start) / 1000000000) - 1;
  auto hist = pool.latency_of_second(std::max(0, second));
  std::fprintf(stderr, "\r%s %6.1fs  writes %8.0f/s  events %10.0f/s  p99 %7.2f ms (last s)  ",
               writing ? "writing " : "draining", static_cast<double>(now - start) / 1e9,
               static_cast<double>(acked - last_acked) / dt, static_cast<double>(delivered - last_delivered) / dt,
               static_cast<double>(hist->quantile(0.99)) / 1e6);
  last_delivered = delivered;
  last_acked = acked;
  last_time = now;
}

}  // namespace

int run_watch(const CommonOptions& common, const WatchOptions& o) {
  return with_workload(common, [&](const Target& target, const Workload& workload) {
  std::signal(SIGINT, [](int) { g_interrupted = true; });
  std::string error;
  std::string revision = workload.current_revision(error);
  if (revision.empty()) {
    std::cerr << "kapi-bench: " << error << "\n";
    workload.cleanup();
    return 2;
  }

  const int seconds = static_cast<int>(std::ceil(o.duration + o.drain_timeout)) + 2;
  WriteLog log(o.max_writes, static_cast<size_t>(seconds));
  std::string watch_target = workload.collection_path() + "?watch=1&allowWatchBookmarks=false&resourceVersion=" +
                             revision + "&timeoutSeconds=" + std::to_string(static_cast<int>(seconds + 60)) +
                             workload.selector_param();
  const int64_t series_start = unix_nanos_now();
  WatchPool pool(target, {.target = watch_target,
                          .watches = o.watchers,
                          .threads = o.client_threads,
                          .seconds = seconds,
                          .start_unix_nano = series_start,
                          .sent_by_index = &log.sent_by_index,
                          .acked_by_index = &log.acked_by_index});
  if (!pool.start(std::chrono::seconds(60), error)) {
    std::cerr << "kapi-bench: " << error << "\n";
    pool.finish(log.acknowledged, log.attempted);
    workload.cleanup();
    return 2;
  }

  ServerWatch server = find_server(target, o.server_pid);
  double client_cpu_before = own_cpu_seconds();
  WriterPlan plan{.writers = o.writers,
                  .rate = o.rate,
                  .start_unix_nano = unix_nanos_now(),
                  .end_unix_nano = unix_nanos_now() + static_cast<int64_t>(o.duration * 1e9),
                  .series_start_unix_nano = series_start};
  std::unique_ptr<Histogram> write_latency;
  std::atomic<bool> writers_done{false};
  std::thread writers([&] {
    write_latency = run_writers(target, workload, plan, log, g_interrupted);
    writers_done = true;
  });
  const bool progress = progress_wanted();
  while (!writers_done) {
    std::this_thread::sleep_for(std::chrono::milliseconds(progress ? 500 : 50));
    if (progress && !writers_done) draw_progress(pool, log, series_start, true);
  }
  writers.join();
  const int64_t writes_end = unix_nanos_now();
  // Drain: until every open watch has seen every acknowledged write, or the timeout.
  const uint64_t acked = log.acked.load();
  const int64_t drain_deadline = writes_end + static_cast<int64_t>(o.drain_timeout * 1e9);
  while (pool.min_distinct_seen() < acked && unix_nanos_now() < drain_deadline && !g_interrupted) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (progress) draw_progress(pool, log, series_start, false);
  }
  const int64_t drained = unix_nanos_now();
  if (progress) std::fprintf(stderr, "\n");
  json server_json = server_figures(server, drained);
  double client_cpu = own_cpu_seconds() - client_cpu_before;
  WatchTotals totals = pool.finish(log.acknowledged, log.attempted);
  std::string cleanup_error = workload.cleanup();

  const double write_seconds = static_cast<double>(writes_end - plan.start_unix_nano) / 1e9;
  const double deliver_seconds = static_cast<double>(drained - plan.start_unix_nano) / 1e9;
  json timeline = json::array();
  int last_second = static_cast<int>((drained - series_start) / 1000000000);
  for (int s = 0; s <= last_second && s < seconds; ++s) {
    const auto& h = *totals.latency_by_second[static_cast<size_t>(s)];
    const auto& after_ack = *totals.latency_after_ack_by_second[static_cast<size_t>(s)];
    timeline.push_back({{"second", s},
                        {"written", log.acked_by_second[static_cast<size_t>(s)].load()},
                        {"delivered", totals.delivered_by_second[static_cast<size_t>(s)]},
                        {"p50_ms", round_to(static_cast<double>(h.quantile(0.5)) / 1e6, 3)},
                        {"p90_ms", round_to(static_cast<double>(h.quantile(0.9)) / 1e6, 3)},
                        {"p99_ms", round_to(static_cast<double>(h.quantile(0.99)) / 1e6, 3)},
                        {"max_ms", round_to(static_cast<double>(h.max()) / 1e6, 3)},
                        {"after_ack_p50_ms", round_to(static_cast<double>(after_ack.quantile(0.5)) / 1e6, 3)},
                        {"after_ack_p99_ms", round_to(static_cast<double>(after_ack.quantile(0.99)) / 1e6, 3)}});
  }
  json summary = {
      {"mode", "watch"},
      {"server", target.config().server},
      {"resource", common.workload.resource},
      {"namespace", workload.ns()},
      {"watchers", o.watchers},
      {"writers", o.writers},
      {"rate", o.rate > 0 ? json(o.rate) : json("max")},
      {"duration_seconds", o.duration},
      {"object_size_bytes", common.workload.object_size},
      {"writes",
       {{"attempted", log.acked.load() + log.failed.load()},
        {"acknowledged", acked},
        {"failed", log.failed.load()},
        {"per_second", round_to(static_cast<double>(acked) / write_seconds, 1)},
        {"latency_ms", latency_summary(*write_latency)},
        {"first_error", log.first_error}}},
      {"events",
       {{"expected", acked * static_cast<uint64_t>(o.watchers)},
        {"delivered", totals.delivered},
        {"per_second", round_to(static_cast<double>(totals.delivered) / deliver_seconds, 1)},
        {"lost", totals.lost},
        {"duplicated", totals.duplicated},
        {"out_of_order", totals.out_of_order},
        {"unacknowledged_seen", totals.unacknowledged}}},
      // Event latency from the write's send (includes the write itself) ...
      {"latency_ms", latency_summary(*totals.latency)},
      // ... and from its acknowledgement (0 for an event that came before it).
      {"latency_after_ack_ms", latency_summary(*totals.latency_after_ack)},
      {"watches",
       {{"opened", totals.watches},
        {"established", totals.established},
        {"closed_early", totals.closed_early},
        {"first_error", totals.first_error}}},
      {"drain_seconds", round_to(static_cast<double>(drained - writes_end) / 1e9, 3)},
      {"server_process", server_json},
      {"client_process", {{"cpu_cores", round_to(client_cpu / deliver_seconds, 2)}, {"threads", o.client_threads}}},
      {"load_average_1m", round_to(load_average_1m(), 2)},
      {"cleanup_error", cleanup_error},
      {"timeline", timeline}};
  print_summary(summary, common.json);
  if (!o.plot.empty()) {
    std::string title = std::to_string(o.watchers) + " watchers, " + std::to_string(o.writers) + " writers, rate " +
                        (o.rate > 0 ? std::to_string(static_cast<int>(o.rate)) + "/s" : std::string("max")) + " (" +
                        target.config().server + ")";
    if (auto failed = plot_timeline(timeline, o.plot, title); !failed.empty()) std::cerr << "kapi-bench: " << failed << "\n";
  }
  bool clean = totals.lost == 0 && totals.duplicated == 0 && totals.out_of_order == 0 && totals.closed_early == 0 &&
               log.failed.load() == 0;
  return clean ? 0 : 1;
  });
}

}  // namespace kapi::bench
