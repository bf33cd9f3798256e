// client-go's workqueue metrics for one named queue, in the process-wide registry
// (metrics/registry.h): workqueue_depth, workqueue_adds_total, workqueue_queue_duration_seconds,
// workqueue_work_duration_seconds, workqueue_retries_total, each labelled {name}.
// The series are resolved once, when the queue is made; recording is a few atomic updates.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>

#include <memory>
#include <string>

namespace kapi::client {

class WorkQueueMetrics {
 public:
  // nullptr for an unnamed queue (tests, ad-hoc queues): nothing is recorded.
  static std::unique_ptr<WorkQueueMetrics> for_queue(const std::string& name);

  void added() {
    adds_.Increment();
    depth_.Increment();
  }
  void taken(double queued_seconds) {
    depth_.Decrement();
    queue_duration_.Observe(queued_seconds);
  }
  void done(double work_seconds) { work_duration_.Observe(work_seconds); }
  void retried() { retries_.Increment(); }
  // Keys still waiting when the queue goes away no longer count in its depth.
  void dropped(size_t keys) { depth_.Decrement(static_cast<double>(keys)); }

 private:
  WorkQueueMetrics(prometheus::Gauge& depth, prometheus::Counter& adds, prometheus::Histogram& queue_duration,
                   prometheus::Histogram& work_duration, prometheus::Counter& retries)
      : depth_(depth), adds_(adds), queue_duration_(queue_duration), work_duration_(work_duration),
        retries_(retries) {}

  prometheus::Gauge& depth_;
  prometheus::Counter& adds_;
  prometheus::Histogram& queue_duration_;
  prometheus::Histogram& work_duration_;
  prometheus::Counter& retries_;
};

}  // namespace kapi::client
