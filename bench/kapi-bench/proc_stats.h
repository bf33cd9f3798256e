// CPU and memory of a process, from /proc (Linux): the server's when it runs on this machine,
// and the benchmark's own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace kapi::bench {

struct ProcSample {
  double cpu_seconds = 0;  // user + system since the process started
  uint64_t rss_bytes = 0;
};

std::optional<ProcSample> sample_process(int pid);
double own_cpu_seconds();
// The process listening on this TCP port on this machine (by the socket's inode in
// /proc/net/tcp{,6} and the fds under /proc/*/fd); nullopt when none or not readable.
std::optional<int> find_listening_pid(int port);
// The 1-minute load average, for noting with each figure.
double load_average_1m();

}  // namespace kapi::bench
