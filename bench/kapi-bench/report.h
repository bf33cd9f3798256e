// How every mode hands back its figures: one JSON summary, printed as JSON (--json) or as
// indented "key: value" lines; latencies in milliseconds.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench/kapi-bench/histogram.h"

namespace kapi::bench {

using nlohmann::json;

// {"p50": ms, "p90": .., "p99": .., "p999": .., "max": .., "count": n} of a histogram of ns.
json latency_summary(const Histogram& nanos);
// The median of some samples (seconds or any unit); 0 when empty.
double median(std::vector<double> values);
double round_to(double value, int decimals);
void print_summary(const json& summary, bool as_json);
// True when stderr is a terminal: only then is a live progress line drawn.
bool progress_wanted();

}  // namespace kapi::bench
