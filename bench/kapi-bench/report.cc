#include "bench/kapi-bench/report.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <iostream>

namespace kapi::bench {

double round_to(double value, int decimals) {
  double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

json latency_summary(const Histogram& nanos) {
  auto ms = [](uint64_t ns) { return round_to(static_cast<double>(ns) / 1e6, 3); };
  return {{"p50", ms(nanos.quantile(0.50))}, {"p90", ms(nanos.quantile(0.90))}, {"p99", ms(nanos.quantile(0.99))},
          {"p999", ms(nanos.quantile(0.999))}, {"max", ms(nanos.max())}, {"count", nanos.count()}};
}

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t mid = values.size() / 2;
  return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

namespace {

void print_lines(const json& value, int depth) {
  for (const auto& [key, item] : value.items()) {
    std::cout << std::string(static_cast<size_t>(depth) * 2, ' ') << key << ":";
    if (item.is_object()) {
      std::cout << "\n";
      print_lines(item, depth + 1);
    } else if (item.is_array() && !item.empty() && item.front().is_object()) {
      std::cout << " (" << item.size() << " entries, see --json)\n";
    } else {
      std::cout << " " << (item.is_string() ? item.get<std::string>() : item.dump()) << "\n";
    }
  }
}

}  // namespace

void print_summary(const json& summary, bool as_json) {
  if (as_json) std::cout << summary.dump(2) << std::endl;
  else print_lines(summary, 0);
}

bool progress_wanted() { return isatty(STDERR_FILENO) == 1; }

}  // namespace kapi::bench
