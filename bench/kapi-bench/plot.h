// Draws a watch run's timeline with gnuplot (Debian: gnuplot-nox): event latency percentiles
// (top) and writes/s and events delivered/s (bottom) against seconds into the run.
#pragma once

#include <string>

#include "bench/kapi-bench/report.h"

namespace kapi::bench {

// `timeline`: [{"second", "written", "delivered", "p50_ms", "p90_ms", "p99_ms", "max_ms"}, ...].
// Returns "" when the PNG was written, else what went wrong.
std::string plot_timeline(const json& timeline, const std::string& png_path, const std::string& title);

}  // namespace kapi::bench
