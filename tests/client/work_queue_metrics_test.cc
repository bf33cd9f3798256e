// A named WorkQueue records client-go's workqueue_* series; durations come from the queue's clock.
#include <gtest/gtest.h>

#include <string>

#include "client/work_queue.h"
#include "metrics/registry.h"

namespace kapi::client {
namespace {

using namespace std::chrono_literals;

// The series of `family` labelled name=`queue`, or nullptr.
const prometheus::ClientMetric* find_series(const std::vector<prometheus::MetricFamily>& families,
                                            const std::string& family, const std::string& queue) {
  for (const auto& f : families)
    if (f.name == family)
      for (const auto& m : f.metric)
        for (const auto& label : m.label)
          if (label.name == "name" && label.value == queue) return &m;
  return nullptr;
}

TEST(WorkQueueMetrics, NamedQueueCountsAddsDepthDurationsAndRetries) {
  auto clock = std::make_shared<FakeClock>();
  {
    WorkQueue<std::string> queue("metrics_test_queue", clock);
    queue.add("a");
    queue.add("b");
    queue.add("a");  // collapses: not an add
    clock->advance(2s);
    {
      auto item = queue.try_get();
      ASSERT_TRUE(item);
      clock->advance(3s);
    }
    queue.add_rate_limited("c");

    auto families = metrics::registry().Collect();
    const auto* adds = find_series(families, "workqueue_adds_total", "metrics_test_queue");
    const auto* depth = find_series(families, "workqueue_depth", "metrics_test_queue");
    const auto* queued = find_series(families, "workqueue_queue_duration_seconds", "metrics_test_queue");
    const auto* worked = find_series(families, "workqueue_work_duration_seconds", "metrics_test_queue");
    const auto* retries = find_series(families, "workqueue_retries_total", "metrics_test_queue");
    ASSERT_TRUE(adds && depth && queued && worked && retries);
    EXPECT_EQ(adds->counter.value, 2);      // c waits for its backoff: not added yet
    EXPECT_EQ(depth->gauge.value, 1);       // b
    EXPECT_EQ(queued->histogram.sample_count, 1u);
    EXPECT_DOUBLE_EQ(queued->histogram.sample_sum, 2.0);
    EXPECT_EQ(worked->histogram.sample_count, 1u);
    EXPECT_DOUBLE_EQ(worked->histogram.sample_sum, 3.0);
    EXPECT_EQ(retries->counter.value, 1);
  }
  // A queue that goes away takes its waiting keys out of the depth.
  auto families = metrics::registry().Collect();
  EXPECT_EQ(find_series(families, "workqueue_depth", "metrics_test_queue")->gauge.value, 0);
}

TEST(WorkQueueMetrics, UnnamedQueueRecordsNothing) {
  WorkQueue<std::string> queue;
  queue.add("a");
  for (const auto& f : metrics::registry().Collect())
    for (const auto& m : f.metric)
      for (const auto& label : m.label) EXPECT_NE(label.value, "");
}

}  // namespace
}  // namespace kapi::client
