// The process-wide metrics registry (like component-base's legacyregistry): storage, the client's
// work queues and the API server all record into it, and /metrics serializes it.
//
// Hot paths resolve their series once (Family::Add returns a reference that stays valid) and keep
// the reference; they never look a series up by its labels per request or per event.
#pragma once

#include <prometheus/collectable.h>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <string>
#include <vector>

namespace kapi::metrics {

// Lives until the process exits (never destroyed, so series held by threads that outlive main's
// statics stay valid).
prometheus::Registry& registry();

// Prometheus' ExponentialBuckets: `count` bounds, the first `start`, each `factor` times the last.
prometheus::Histogram::BucketBoundaries exponential_buckets(double start, double factor, int count);

// The text exposition format (0.0.4) of the process-wide registry and the given extra
// collectables (scrape-time gauges), in that order.
std::string serialize(const std::vector<const prometheus::Collectable*>& extra);

// Content-Type of serialize()'s output.
inline constexpr const char* kTextContentType = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace kapi::metrics
