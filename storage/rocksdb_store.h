// The durable backend: an etcd-like MVCC store on RocksDB (see README.md for the format).
#pragma once

#include <cstddef>
#include <string>

#include "storage/store.h"

namespace kapi::storage {

struct RocksStoreOptions {
  std::string path;  // data directory; created if absent or empty
  // fsync the WAL before a write is acknowledged. false survives a process crash (kill -9) but
  // may lose acknowledged writes on power loss or a kernel crash: unsafe, for benchmarks/dev.
  bool sync = true;
  size_t watch_backlog = 10000;     // events queued per watcher before it ends with kTooSlow
  size_t max_group = 1024;          // writes committed together at most
  size_t compaction_batch = 10000;  // log revisions deleted per committed compaction batch
};

// Opens (or initialises) the store at options.path. kUnavailable with a message saying why if
// the directory is corrupt, not a kapi store, or of an unknown or newer format.
Result<StorePtr> open_rocksdb_store(const RocksStoreOptions& options);

}  // namespace kapi::storage
