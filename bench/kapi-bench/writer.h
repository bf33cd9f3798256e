// The writers of the watch benchmark: each cycles objects through create, update (merge patch)
// and delete, at a shared target rate or as fast as the server answers, recording for each
// write index its send time, whether it was sent, and when it was acknowledged.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "bench/kapi-bench/histogram.h"
#include "bench/kapi-bench/target.h"
#include "bench/kapi-bench/workload.h"

namespace kapi::bench {

struct WriteLog {
  explicit WriteLog(uint64_t capacity, size_t seconds)
      : sent_by_index(capacity), acked_by_index(capacity), attempted(capacity), acknowledged(capacity),
        acked_by_second(seconds) {}
  std::vector<std::atomic<int64_t>> sent_by_index;   // unix ns
  std::vector<std::atomic<int64_t>> acked_by_index;  // unix ns; 0 until the answer is read
  std::vector<uint8_t> attempted, acknowledged;      // each index is written by one writer only
  std::vector<std::atomic<uint64_t>> acked_by_second;
  std::atomic<uint64_t> next_index{0}, acked{0}, failed{0};
  std::string first_error;  // guarded by error_mu
  std::mutex error_mu;
};

struct WriterPlan {
  int writers = 1;
  double rate = 0;         // total writes/s; 0: no pacing
  int64_t start_unix_nano = 0;
  int64_t end_unix_nano = 0;
  int64_t series_start_unix_nano = 0;  // second 0 of acked_by_second (the watches' series too)
};

// Runs the writers to the end of the plan (or until the log is full); returns the merged
// histogram of write latencies (send to acknowledgement, ns).
std::unique_ptr<Histogram> run_writers(const Target& target, const Workload& workload, const WriterPlan& plan,
                                       WriteLog& log, const std::atomic<bool>& interrupted);

}  // namespace kapi::bench
