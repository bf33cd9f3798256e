#include "metrics/process_collector.h"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

namespace kapi::metrics {

namespace {

struct ProcStat {
  double utime_ticks = 0, stime_ticks = 0, start_ticks = 0;
  double vsize_bytes = 0, rss_pages = 0;
};

// /proc/self/stat: the command (field 2) is in parentheses and may hold spaces, so fields are
// counted from the last ')'; the next one is field 3 (state).
bool read_proc_stat(ProcStat& out) {
  std::ifstream in("/proc/self/stat");
  std::string line;
  if (!std::getline(in, line)) return false;
  auto close = line.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream fields(line.substr(close + 1));
  std::string field;
  for (int n = 3; fields >> field; ++n) {
    if (n == 14) out.utime_ticks = std::stod(field);
    else if (n == 15) out.stime_ticks = std::stod(field);
    else if (n == 22) out.start_ticks = std::stod(field);
    else if (n == 23) out.vsize_bytes = std::stod(field);
    else if (n == 24) {
      out.rss_pages = std::stod(field);
      return true;
    }
  }
  return false;
}

// Seconds since the epoch at which the machine booted (/proc/stat's btime).
double boot_time_seconds() {
  std::ifstream in("/proc/stat");
  std::string key;
  double value = 0;
  while (in >> key) {
    if (key == "btime") {
      in >> value;
      return value;
    }
    in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  return 0;
}

double open_fds() {
  std::error_code ec;
  double n = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
    ++n;
  return n - 1;  // the iterator's own descriptor
}

prometheus::MetricFamily single(std::string name, std::string help, prometheus::MetricType type, double value) {
  prometheus::ClientMetric metric;
  if (type == prometheus::MetricType::Counter) metric.counter.value = value;
  else metric.gauge.value = value;
  return {std::move(name), std::move(help), type, {metric}};
}

}  // namespace

std::vector<prometheus::MetricFamily> ProcessCollector::Collect() const {
  ProcStat stat;
  if (!read_proc_stat(stat)) return {};
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
  using prometheus::MetricType;
  std::vector<prometheus::MetricFamily> out;
  out.push_back(single("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
                       MetricType::Counter, (stat.utime_ticks + stat.stime_ticks) / ticks));
  out.push_back(single("process_resident_memory_bytes", "Resident memory size in bytes.", MetricType::Gauge,
                       stat.rss_pages * page));
  out.push_back(single("process_virtual_memory_bytes", "Virtual memory size in bytes.", MetricType::Gauge,
                       stat.vsize_bytes));
  out.push_back(single("process_open_fds", "Number of open file descriptors.", MetricType::Gauge, open_fds()));
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0)
    out.push_back(single("process_max_fds", "Maximum number of open file descriptors.", MetricType::Gauge,
                         static_cast<double>(limit.rlim_cur)));
  out.push_back(single("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
                       MetricType::Gauge, boot_time_seconds() + stat.start_ticks / ticks));
  return out;
}

}  // namespace kapi::metrics
