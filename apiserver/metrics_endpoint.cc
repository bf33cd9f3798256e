#include "apiserver/metrics_endpoint.h"

#include <filesystem>

#include "metrics/process_collector.h"
#include "metrics/registry.h"

namespace kapi::apiserver {

// apiserver_storage_objects{resource} and etcd_mvcc_db_total_size_in_bytes, computed when
// scraped (upstream refreshes its object counts periodically; a scrape is rare enough here).
class MetricsEndpoint::StorageCollector : public prometheus::Collectable {
 public:
  explicit StorageCollector(const registry::Registry& registry) : registry_(registry) {}

  std::string dir;

  std::vector<prometheus::MetricFamily> Collect() const override {
    std::vector<prometheus::MetricFamily> out;
    prometheus::MetricFamily objects{"apiserver_storage_objects",
                                     "Number of stored objects at the time of last check split by kind.",
                                     prometheus::MetricType::Gauge,
                                     {}};
    for (const auto& store : registry_.all()) {
      const auto& info = store->info();
      prometheus::ClientMetric metric;
      metric.label.push_back({"resource", info.group.empty() ? info.plural : info.plural + "." + info.group});
      metric.gauge.value = count(info.key_prefix(""));
      objects.metric.push_back(std::move(metric));
    }
    out.push_back(std::move(objects));
    if (!dir.empty()) {
      prometheus::ClientMetric size;
      size.gauge.value = directory_bytes();
      out.push_back({"etcd_mvcc_db_total_size_in_bytes",
                     "Total size of the underlying database physically allocated in bytes.",
                     prometheus::MetricType::Gauge,
                     {size}});
    }
    return out;
  }

 private:
  // Keys under `prefix`: a one-item list reports how many follow. -1 (as upstream) on error.
  double count(const std::string& prefix) const {
    storage::ListOptions options;
    options.limit = 1;
    auto listed = registry_.storage()->list(prefix, options);
    if (!listed.ok()) return -1;
    return static_cast<double>(listed->items.size()) + static_cast<double>(listed->remaining);
  }

  double directory_bytes() const {
    namespace fs = std::filesystem;
    std::error_code ec;
    double total = 0;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      std::error_code size_ec;
      if (it->is_regular_file(size_ec)) {
        auto size = it->file_size(size_ec);
        if (!size_ec) total += static_cast<double>(size);
      }
    }
    return total;
  }

  const registry::Registry& registry_;
};

MetricsEndpoint::MetricsEndpoint(const registry::Registry& registry)
    : storage_(std::make_unique<StorageCollector>(registry)) {}

MetricsEndpoint::~MetricsEndpoint() = default;

void MetricsEndpoint::set_storage_dir(std::string dir) { storage_->dir = std::move(dir); }

Response MetricsEndpoint::serve() const {
  static const metrics::ProcessCollector process;
  Response r;
  r.content_type = metrics::kTextContentType;
  r.body = metrics::serialize({&process, storage_.get()});
  return r;
}

}  // namespace kapi::apiserver
