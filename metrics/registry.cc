#include "metrics/registry.h"

#include <prometheus/text_serializer.h>

namespace kapi::metrics {

prometheus::Registry& registry() {
  static auto* instance = new prometheus::Registry();  // leaked on purpose: see the header
  return *instance;
}

prometheus::Histogram::BucketBoundaries exponential_buckets(double start, double factor, int count) {
  prometheus::Histogram::BucketBoundaries bounds;
  bounds.reserve(static_cast<size_t>(count));
  for (double bound = start; static_cast<int>(bounds.size()) < count; bound *= factor) bounds.push_back(bound);
  return bounds;
}

std::string serialize(const std::vector<const prometheus::Collectable*>& extra) {
  std::vector<prometheus::MetricFamily> families = registry().Collect();
  for (const auto* collectable : extra) {
    auto more = collectable->Collect();
    families.insert(families.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  return prometheus::TextSerializer().Serialize(families);
}

}  // namespace kapi::metrics
