#include "bench/kapi-bench/writer.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace kapi::bench {

namespace {

void sleep_until_unix_nano(int64_t when) {
  int64_t now = unix_nanos_now();
  if (when > now) std::this_thread::sleep_for(std::chrono::nanoseconds(when - now));
}

class Writer {
 public:
  Writer(const Target& target, const Workload& workload, const WriterPlan& plan, WriteLog& log, int id)
      : target_(target), workload_(workload), plan_(plan), log_(log), transport_(target.transport()) {
    if (plan.rate > 0) {
      interval_ = static_cast<int64_t>(1e9 * plan.writers / plan.rate);
      next_ = plan.start_unix_nano + interval_ * id / plan.writers;  // spread the writers out
    }
  }

  void run(const std::atomic<bool>& interrupted) {
    while (!interrupted && unix_nanos_now() < plan_.end_unix_nano && !past_end()) {
      uint64_t base = log_.next_index.fetch_add(3);
      if (base + 3 > log_.sent_by_index.size()) return;
      std::string name = "kb-" + std::to_string(base / 3);
      std::string item = workload_.collection_path() + "/" + name;
      if (!write(base, "POST", workload_.collection_path(), [&](int64_t sent) { return workload_.object_body(name, base, sent); }))
        continue;
      write(base + 1, "PATCH", item, [&](int64_t sent) { return workload_.patch_body(base + 1, sent); });
      write(base + 2, "DELETE", item + "?gracePeriodSeconds=0", [](int64_t) { return std::string(); });
    }
  }

  const Histogram& latency() const { return latency_; }

 private:
  template <typename MakeBody>
  bool write(uint64_t index, const char* method, const std::string& path, MakeBody make_body) {
    if (past_end()) return false;  // the rest of this object's cycle is left to the cleanup
    if (interval_ > 0) {
      sleep_until_unix_nano(next_);
      next_ += interval_;
    }
    int64_t sent = unix_nanos_now();
    log_.sent_by_index[index].store(sent, std::memory_order_relaxed);
    log_.attempted[index] = 1;
    auto request = target_.request(method, path, make_body(sent),
                                   std::string(method) == "PATCH" ? "application/merge-patch+json" : "application/json");
    auto answer = call_ok(*transport_, request);
    int64_t acked = unix_nanos_now();
    if (answer.index() == 1) {
      log_.failed.fetch_add(1);
      std::lock_guard lock(log_.error_mu);
      if (log_.first_error.empty()) log_.first_error = std::get<1>(answer);
      return false;
    }
    log_.acked_by_index[index].store(acked, std::memory_order_relaxed);
    log_.acknowledged[index] = 1;
    log_.acked.fetch_add(1);
    latency_.record(static_cast<uint64_t>(acked - sent));
    auto second = std::clamp<int64_t>((acked - plan_.series_start_unix_nano) / 1000000000, 0,
                                      static_cast<int64_t>(log_.acked_by_second.size()) - 1);
    log_.acked_by_second[static_cast<size_t>(second)].fetch_add(1, std::memory_order_relaxed);
    return true;
  }

  // At a low rate the next slot may lie past the end: stop rather than sleep past it.
  bool past_end() const { return interval_ > 0 && next_ >= plan_.end_unix_nano; }

  const Target& target_;
  const Workload& workload_;
  const WriterPlan& plan_;
  WriteLog& log_;
  std::unique_ptr<client::HttpTransport> transport_;
  int64_t interval_ = 0, next_ = 0;
  Histogram latency_;
};

}  // namespace

std::unique_ptr<Histogram> run_writers(const Target& target, const Workload& workload, const WriterPlan& plan,
                                       WriteLog& log, const std::atomic<bool>& interrupted) {
  std::vector<std::unique_ptr<Writer>> writers;
  for (int i = 0; i < plan.writers; ++i) writers.push_back(std::make_unique<Writer>(target, workload, plan, log, i));
  std::vector<std::thread> threads;
  for (auto& w : writers) threads.emplace_back([&w, &interrupted] { w->run(interrupted); });
  for (auto& t : threads) t.join();
  auto merged = std::make_unique<Histogram>();
  for (const auto& w : writers) merged->merge(w->latency());
  return merged;
}

}  // namespace kapi::bench
