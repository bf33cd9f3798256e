// kapi-server-bench [--cycles N] [--storage memory|rocksdb] [--controllers]: starts and stops
// kapi::Server N times in this process (each with a fresh temp data dir, removed on stop) and
// prints the median, p90 and max of start, stop and the whole cycle in milliseconds.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "kapi/server.h"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Sorts `values` and prints "name: median m, p90 p, max x ms".
void report(const char* name, std::vector<double> values) {
  std::sort(values.begin(), values.end());
  auto at = [&](double q) { return values[std::size_t(q * double(values.size() - 1))]; };
  std::printf("%-6s median %7.2f ms  p90 %7.2f ms  max %7.2f ms\n", name, at(0.5), at(0.9), values.back());
}

int usage(const char* self) {
  std::fprintf(stderr, "usage: %s [--cycles N] [--storage memory|rocksdb] [--controllers]\n", self);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  int cycles = 20;
  kapi::ServerOptions options;  // memory store, free port, temp data dir, no controllers
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--cycles") && i + 1 < argc) {
      cycles = std::max(1, std::atoi(argv[++i]));
    } else if (!std::strcmp(argv[i], "--storage") && i + 1 < argc) {
      options.storage = argv[++i];
    } else if (!std::strcmp(argv[i], "--controllers")) {
      options.controllers = {"*"};
    } else {
      return usage(argv[0]);
    }
  }
  std::vector<double> starts, stops, totals;
  for (int i = 0; i < cycles; ++i) {
    auto begin = Clock::now();
    std::string error;
    auto server = kapi::Server::start(options, &error);
    if (!server) {
      std::fprintf(stderr, "start failed: %s\n", error.c_str());
      return 1;
    }
    starts.push_back(ms_since(begin));
    auto stop_begin = Clock::now();
    server->stop();
    server.reset();
    stops.push_back(ms_since(stop_begin));
    totals.push_back(ms_since(begin));
  }
  std::printf("%d cycles, storage %s, controllers %s\n", cycles, options.storage.c_str(),
              options.controllers.empty() ? "off" : "on");
  report("start", starts);
  report("stop", stops);
  report("cycle", totals);
  return 0;
}
