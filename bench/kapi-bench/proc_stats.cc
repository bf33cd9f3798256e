#include "bench/kapi-bench/proc_stats.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace kapi::bench {

std::optional<ProcSample> sample_process(int pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return std::nullopt;
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  auto close = line.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream rest(line.substr(close + 2));
  std::vector<std::string> fields;
  for (std::string f; rest >> f;) fields.push_back(f);
  // Fields 14 and 15 (utime, stime) are 11 and 12 after the name; 24 (rss pages) is 21.
  if (fields.size() < 22) return std::nullopt;
  double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  ProcSample s;
  s.cpu_seconds = (std::stod(fields[11]) + std::stod(fields[12])) / ticks;
  s.rss_bytes = std::stoull(fields[21]) * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  return s;
}

double own_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return secs(u.ru_utime) + secs(u.ru_stime);
}

namespace {

// Inodes of sockets listening on `port` (state 0A is LISTEN).
std::vector<std::string> listening_inodes(int port) {
  std::vector<std::string> out;
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::istringstream f(line);
      std::string slot, local, remote, state, queues, timer, retr, uid, timeout, inode;
      if (!(f >> slot >> local >> remote >> state >> queues >> timer >> retr >> uid >> timeout >> inode)) continue;
      auto colon = local.rfind(':');
      if (state != "0A" || colon == std::string::npos) continue;
      if (std::strtol(local.c_str() + colon + 1, nullptr, 16) == port) out.push_back(inode);
    }
  }
  return out;
}

}  // namespace

std::optional<int> find_listening_pid(int port) {
  auto inodes = listening_inodes(port);
  if (inodes.empty()) return std::nullopt;
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const auto& proc : fs::directory_iterator("/proc", ec)) {
    const std::string name = proc.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    for (const auto& fd : fs::directory_iterator(proc.path() / "fd", ec)) {
      std::error_code link_ec;
      std::string target = fs::read_symlink(fd.path(), link_ec);
      if (link_ec) continue;
      for (const auto& inode : inodes)
        if (target == "socket:[" + inode + "]") return std::stoi(name);
    }
  }
  return std::nullopt;
}

double load_average_1m() {
  double load[1] = {0};
  return getloadavg(load, 1) == 1 ? load[0] : 0;
}

}  // namespace kapi::bench
