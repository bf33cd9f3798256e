// kapi-storage-bench: the storage figures of bench/RESULTS.md.
//
//   durable creates/s at 1, 16 and 64 writers (RocksDB, fsync on)
//   events/s delivered to 1, 100 and 1000 watchers of one prefix
//   list of 10k keys, latest and at a past revision
//   watch catch-up of 100k events
//
// A small harness rather than Google Benchmark: each figure needs a store set up in a way
// (writer threads, watcher consumers) that fits its fixture model poorly.
// Usage: kapi-storage-bench [--dir DIR] [--seconds N]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "storage/memory_store.h"
#include "storage/rocksdb_store.h"

using namespace kapi::storage;
using Clock = std::chrono::steady_clock;

namespace {

std::string g_dir = "/tmp/kapi-storage-bench";
double g_seconds = 3;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A pod-sized value with a resourceVersion slot.
WriteValue object_value(size_t size) {
  std::string bytes = R"({"kind":"Pod","metadata":{"resourceVersion":""},"spec":")";
  const size_t slot = bytes.find("\"\"") + 1;
  bytes.append(size > bytes.size() + 3 ? size - bytes.size() - 3 : 0, 'x');
  bytes += "\"}";
  return WriteValue{bytes, slot};
}

StorePtr open_rocks(const std::string& name, bool sync, size_t backlog = 10000) {
  const std::string path = g_dir + "/" + name;
  std::filesystem::remove_all(path);
  RocksStoreOptions options;
  options.path = path;
  options.sync = sync;
  options.watch_backlog = backlog;
  auto store = open_rocksdb_store(options);
  if (!store.ok()) {
    std::fprintf(stderr, "open %s: %s\n", path.c_str(), store.error().message.c_str());
    std::exit(1);
  }
  return *store;
}

void durable_creates(int writers) {
  StorePtr store = open_rocks("creates-" + std::to_string(writers), true);
  const WriteValue value = object_value(512);
  std::atomic<bool> stop{false};
  std::atomic<int64_t> done{0};
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; !stop.load(std::memory_order_relaxed); ++i) {
        auto r = store->create("/registry/core/pods/bench/w" + std::to_string(w) + "-" +
                                   std::to_string(i),
                               value);
        if (!r.ok()) {
          std::fprintf(stderr, "create: %s\n", r.error().message.c_str());
          std::exit(1);
        }
        done.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(g_seconds));
  stop = true;
  for (auto& t : threads) t.join();
  const double secs = seconds_since(start);
  std::printf("durable creates, %2d writers:   %9.0f creates/s  (%lld in %.1f s)\n", writers,
              double(done.load()) / secs, static_cast<long long>(done.load()), secs);
}

// Writers update keys under one prefix while `watchers` watches of that prefix are drained by
// two consumer threads (the machine has two cores). Counts events taken from the watches.
void fan_out(const char* backend, StorePtr store, int watchers) {
  std::vector<WatchPtr> watches;
  for (int i = 0; i < watchers; ++i) {
    auto w = store->watch("/registry/core/pods/", {});
    if (!w.ok()) std::exit(1);
    watches.push_back(std::move(*w));
  }
  const WriteValue value = object_value(512);
  std::atomic<bool> stop{false};
  std::atomic<int64_t> delivered{0};
  std::atomic<int64_t> writes{0};
  std::vector<std::thread> threads;
  constexpr int kConsumers = 2;
  for (int c = 0; c < kConsumers; ++c) {
    threads.emplace_back([&, c] {
      int64_t mine = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        bool any = false;
        for (size_t i = c; i < watches.size(); i += kConsumers) {
          auto events = watches[i]->poll();
          mine += static_cast<int64_t>(events.size());
          any = any || !events.empty();
        }
        if (!any) std::this_thread::yield();
      }
      delivered += mine;
    });
  }
  constexpr int kWriters = 8;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; !stop.load(std::memory_order_relaxed); ++i) {
        auto r = store->create("/registry/core/pods/fan/w" + std::to_string(w) + "-" + std::to_string(i), value);
        if (!r.ok()) std::exit(1);
        writes.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  const auto start = Clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(g_seconds));
  stop = true;
  for (auto& t : threads) t.join();
  const double secs = seconds_since(start);
  int too_slow = 0;
  for (auto& w : watches) too_slow += w->end() == WatchEnd::kTooSlow;
  std::printf("fan-out %-7s %4d watchers:   %11.0f events/s delivered  (%.0f writes/s, %d closed too slow)\n",
              backend, watchers, double(delivered.load()) / secs, double(writes.load()) / secs,
              too_slow);
}

void list_10k(const char* backend, StorePtr store) {
  const WriteValue value = object_value(1024);
  for (int i = 0; i < 10000; ++i) {
    char key[64];
    std::snprintf(key, sizeof(key), "/registry/core/pods/ns/pod-%05d", i);
    if (!store->create(key, value).ok()) std::exit(1);
  }
  const Revision before_updates = store->current_revision();
  // 1,000 later updates: a list at the past revision undoes them.
  for (int i = 0; i < 10000; i += 10) {
    char key[64];
    std::snprintf(key, sizeof(key), "/registry/core/pods/ns/pod-%05d", i);
    if (!store->update(key, value, 0).ok()) std::exit(1);
  }
  for (Revision at : {Revision{0}, before_updates}) {
    constexpr int kRuns = 20;
    size_t items = 0;
    const auto start = Clock::now();
    for (int r = 0; r < kRuns; ++r) {
      ListOptions options;
      options.revision = at;
      auto list = store->list("/registry/core/pods/", options);
      if (!list.ok()) std::exit(1);
      items = list->items.size();
    }
    std::printf("list 10k %-7s %-28s %6.2f ms per list  (%zu items of ~1 KiB)\n", backend,
                at == 0 ? "latest:" : "at past revision (-1000):",
                seconds_since(start) * 1000 / kRuns, items);
  }
}

void catch_up_100k(const char* backend, StorePtr store) {
  const WriteValue value = object_value(512);
  // Written concurrently so the RocksDB backend group-commits the setup quickly.
  std::vector<std::thread> threads;
  for (int w = 0; w < 8; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < 12500; ++i) {
        if (!store->create("/registry/core/pods/c/w" + std::to_string(w) + "-" + std::to_string(i), value).ok()) {
          std::exit(1);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  const auto start = Clock::now();
  WatchOptions from;
  from.after = 1;  // replay everything after the first write
  auto watch = store->watch("/registry/core/pods/", from);
  if (!watch.ok()) std::exit(1);
  size_t got = 0;
  while (got < 99999) {
    auto events = (*watch)->wait(std::chrono::seconds(10));
    if (events.empty()) {
      std::fprintf(stderr, "catch-up stalled at %zu\n", got);
      std::exit(1);
    }
    got += events.size();
  }
  const double secs = seconds_since(start);
  std::printf("watch catch-up %-7s 100k events:   %6.0f ms  (%.0f events/s)\n", backend,
              secs * 1000, double(got) / secs);
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--dir") == 0) g_dir = argv[i + 1];
    if (std::strcmp(argv[i], "--seconds") == 0) g_seconds = std::atof(argv[i + 1]);
  }
  std::filesystem::create_directories(g_dir);
  for (int writers : {1, 16, 64}) durable_creates(writers);
  for (int watchers : {1, 100, 1000}) fan_out("rocksdb", open_rocks("fan", false, 100000), watchers);
  for (int watchers : {1, 100, 1000}) {
    fan_out("memory", make_memory_store(MemoryStoreOptions{100000}), watchers);
  }
  list_10k("rocksdb", open_rocks("list", false));
  list_10k("memory", make_memory_store());
  catch_up_100k("rocksdb", open_rocks("catchup", false, 200000));
  catch_up_100k("memory", make_memory_store(MemoryStoreOptions{200000}));
  std::filesystem::remove_all(g_dir);
  return 0;
}
