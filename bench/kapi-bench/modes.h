// The modes of kapi-bench, one file each. Each returns the process exit code: 0 when the run
// completed and its checks hold, 1 when a check failed (events lost, duplicated, out of order;
// requests failed), 2 when the run could not be set up.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bench/kapi-bench/histogram.h"
#include "bench/kapi-bench/target.h"
#include "bench/kapi-bench/workload.h"

namespace kapi::bench {

struct CommonOptions {
  TargetOptions target;
  WorkloadOptions workload;
  bool json = false;
};

// Opens the target, prepares its workload and runs `body` with both; 2 (having said why on
// stderr) when either cannot be had. The modes that write objects start here.
int with_workload(const CommonOptions& common,
                  const std::function<int(const Target& target, const Workload& workload)>& body);

struct WatchOptions {
  int watchers = 10;
  int writers = 1;
  double rate = 0;             // writes/s over all writers; 0: as fast as they can
  double duration = 10;        // seconds of writing
  double drain_timeout = 30;   // seconds to wait for every watch to see every write
  // io threads driving the watches. One: on this 2-core VM a second thread woke for smaller
  // bursts (more reads and ACKs per event: 2.1 against 1.5 us of CPU per event at the
  // 1000-watcher maximum) and took CPU from the server; at ~1.5 us per event one thread has
  // room for the 500k events/s of issue #7.
  int client_threads = 1;
  uint64_t max_writes = 1000000;
  int server_pid = 0;          // 0: look it up by the server's port when on this machine
  std::string plot;            // a PNG to draw, "" for none
};
int run_watch(const CommonOptions& common, const WatchOptions& options);

struct ListOptions {
  int count = 1000;            // objects to create, then list
  int page_size = 500;         // limit for the paginated lists
  int repeat = 5;              // lists of each kind; the median is reported
  int concurrency = 8;         // creators filling the namespace
};
int run_list(const CommonOptions& common, const ListOptions& options);

struct CreateOptions {
  int count = 1000;
  int concurrency = 16;
  int client_threads = 1;  // threads driving the connections
  double max_seconds = 60;
};
int run_create(const CommonOptions& common, const CreateOptions& options);

// Creates `count` objects of the workload with `concurrency` clients, each on connections of
// its own (also how `list` fills its namespace).
struct CreateResult {
  uint64_t created = 0, failed = 0;
  double seconds = 0;
  std::unique_ptr<Histogram> latency;  // ns
  std::string first_error;
};
CreateResult create_objects(const Target& target, const Workload& workload, const CreateOptions& options);

struct StartupOptions {
  std::vector<std::string> command;  // argv; "{dir}" is replaced by a fresh temp dir per run
  std::string kubeconfig;            // the file the server writes; "{dir}" as above
  int repeat = 3;
  double timeout = 60;               // seconds per start
  bool allow_remote = false;
};
int run_startup(const StartupOptions& options, bool as_json);

}  // namespace kapi::bench
