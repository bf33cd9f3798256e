// The standard process_* series (client_golang's process collector), read from /proc at scrape
// time: process_cpu_seconds_total, process_resident_memory_bytes, process_virtual_memory_bytes,
// process_open_fds, process_max_fds, process_start_time_seconds.
#pragma once

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <vector>

namespace kapi::metrics {

class ProcessCollector : public prometheus::Collectable {
 public:
  // Empty if /proc/self cannot be read (nothing to report rather than zeros).
  std::vector<prometheus::MetricFamily> Collect() const override;
};

}  // namespace kapi::metrics
