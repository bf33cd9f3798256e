// Background compaction for any Store: keep a configured duration of history (Kubernetes asks
// etcd for 5 minutes), forget the rest.
//
// The store knows revisions, not times, so the compactor samples (time, current revision) at
// each tick and compacts to the newest sampled revision at least `history` old. Example with
// history 5 min, ticks each minute: samples (0:00, 100) (1:00, 180) ... (5:00, 600); at 5:00
// the newest sample at least 5 minutes old is (0:00, 100), so it compacts to 100: reads and
// watches from 100 on still work, older ones get kCompacted.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

#include "storage/store.h"

namespace kapi::storage {

struct CompactorOptions {
  std::chrono::milliseconds history = std::chrono::minutes(5);
  std::chrono::milliseconds interval = std::chrono::seconds(10);  // between ticks
  // Injectable for tests; steady_clock::now when empty.
  std::function<std::chrono::steady_clock::time_point()> clock;
};

class Compactor {
 public:
  Compactor(StorePtr store, CompactorOptions options);
  ~Compactor();  // stops
  Compactor(const Compactor&) = delete;
  Compactor& operator=(const Compactor&) = delete;

  // Runs tick() every interval on a background thread until stop().
  void start();
  void stop();

  // Samples the current revision and compacts what is older than the history. Returns the
  // revision compacted to, or 0 if nothing was due. Errors of the store are returned.
  Result<Revision> tick();

 private:
  using Clock = std::chrono::steady_clock;
  void run();

  const StorePtr store_;
  const CompactorOptions options_;

  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::deque<std::pair<Clock::time_point, Revision>> samples_;  // oldest first
  std::thread thread_;
};

}  // namespace kapi::storage
