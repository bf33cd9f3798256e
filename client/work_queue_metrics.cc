#include "client/work_queue_metrics.h"

#include "metrics/registry.h"

namespace kapi::client {

namespace {

// The families, registered once per process; each named queue adds its series.
struct Families {
  prometheus::Family<prometheus::Gauge>& depth = prometheus::BuildGauge()
      .Name("workqueue_depth").Help("Current depth of workqueue").Register(metrics::registry());
  prometheus::Family<prometheus::Counter>& adds = prometheus::BuildCounter()
      .Name("workqueue_adds_total").Help("Total number of adds handled by workqueue").Register(metrics::registry());
  prometheus::Family<prometheus::Histogram>& queue_duration = prometheus::BuildHistogram()
      .Name("workqueue_queue_duration_seconds")
      .Help("How long in seconds an item stays in workqueue before being requested.")
      .Register(metrics::registry());
  prometheus::Family<prometheus::Histogram>& work_duration = prometheus::BuildHistogram()
      .Name("workqueue_work_duration_seconds")
      .Help("How long in seconds processing an item from workqueue takes.")
      .Register(metrics::registry());
  prometheus::Family<prometheus::Counter>& retries = prometheus::BuildCounter()
      .Name("workqueue_retries_total").Help("Total number of retries handled by workqueue").Register(metrics::registry());
};

}  // namespace

std::unique_ptr<WorkQueueMetrics> WorkQueueMetrics::for_queue(const std::string& name) {
  if (name.empty()) return nullptr;
  static Families families;
  // client-go's buckets: 10 ns to 10 s.
  const auto buckets = metrics::exponential_buckets(10e-9, 10, 10);
  const prometheus::Labels labels{{"name", name}};
  return std::unique_ptr<WorkQueueMetrics>(new WorkQueueMetrics(
      families.depth.Add(labels), families.adds.Add(labels), families.queue_duration.Add(labels, buckets),
      families.work_duration.Add(labels, buckets), families.retries.Add(labels)));
}

}  // namespace kapi::client
