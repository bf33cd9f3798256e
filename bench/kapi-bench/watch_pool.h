// N watch connections driven by a few threads (Boost.Asio, one io_context per thread, each
// watch on one HTTPS connection of its own), checking every event as it arrives:
//  - resourceVersions must increase along each watch (else: out of order);
//  - each write the benchmark made has an index (from the object's annotations); a watch that
//    sees an index twice counts a duplicate; at the end an acknowledged index a watch never saw
//    is lost;
//  - latency is the receive time minus the writer's send time (the object's annotation; for a
//    DELETED event, whose object is the last state, the send time the writer recorded): it
//    includes the write itself (its fsync);
//  - latency after the acknowledgement is the receive time minus the time the writer read the
//    write's answer, 0 when the event came first: what delivery adds once the write is done.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bench/kapi-bench/histogram.h"
#include "bench/kapi-bench/target.h"
#include "bench/kapi-bench/watch_event.h"

namespace kapi::bench {

// Write indexes: each object's create, update and delete take three consecutive indexes from
// base (a multiple of 3), so a DELETED event (whose object carries the update's index) maps
// to base + 2.
inline uint64_t write_index(EventType type, uint64_t seq) { return type == EventType::kDeleted ? seq - seq % 3 + 2 : seq; }

// Event latency after the write's acknowledgement (ns): `acked` is 0 while the writer has not
// read the answer yet, so an event that beats its acknowledgement counts 0, as does one read
// in the same instant.
inline uint64_t latency_after_ack(int64_t received, int64_t acked) {
  return acked > 0 && received > acked ? static_cast<uint64_t>(received - acked) : 0;
}

struct WatchTotals {
  uint64_t watches = 0, established = 0;
  uint64_t delivered = 0;     // events of this run received, summed over watches
  uint64_t duplicated = 0, out_of_order = 0, lost = 0;
  uint64_t unacknowledged = 0;  // events of writes whose request failed (the write happened anyway)
  uint64_t closed_early = 0;    // watches the server ended (or that failed) before the end
  std::string first_error;
  std::unique_ptr<Histogram> latency = std::make_unique<Histogram>();            // ns, from the send
  std::unique_ptr<Histogram> latency_after_ack = std::make_unique<Histogram>();  // ns, from the ack
  std::vector<std::unique_ptr<Histogram>> latency_by_second;
  std::vector<std::unique_ptr<Histogram>> latency_after_ack_by_second;
  std::vector<uint64_t> delivered_by_second;
};

class WatchPool {
 public:
  struct Options {
    std::string target;          // "/api/v1/namespaces/ns/configmaps?watch=1&resourceVersion=..."
    int watches = 1;
    int threads = 2;
    int seconds = 60;            // length of the per-second series (later events go in the last)
    int64_t start_unix_nano = 0; // second 0 of the series
    // Send times by write index (writers store before sending), for DELETED events.
    const std::vector<std::atomic<int64_t>>* sent_by_index = nullptr;
    // Acknowledgement times by write index (0 until acknowledged).
    const std::vector<std::atomic<int64_t>>* acked_by_index = nullptr;
  };
  WatchPool(const Target& target, Options options);
  ~WatchPool();

  // Connects every watch; true when all got a 200 before the deadline.
  bool start(std::chrono::milliseconds deadline, std::string& error);
  // The smallest number of distinct write indexes any open watch has seen (closed watches
  // count as having seen everything: they are reported as closed early).
  uint64_t min_distinct_seen() const;
  uint64_t delivered_so_far() const;
  // The latency histogram (from the send) of one second, summed over threads (approximate
  // while running).
  std::unique_ptr<Histogram> latency_of_second(int second) const;
  // Stops every watch and adds up what they saw against the acknowledged writes.
  WatchTotals finish(const std::vector<uint8_t>& acknowledged, const std::vector<uint8_t>& attempted);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace kapi::bench
