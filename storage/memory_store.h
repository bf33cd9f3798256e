// The in-memory backend: the same semantics as the RocksDB store, nothing durable. For tests.
#pragma once

#include <cstddef>

#include "storage/store.h"

namespace kapi::storage {

struct MemoryStoreOptions {
  size_t watch_backlog = 10000;  // events queued per watcher before it ends with kTooSlow
};

StorePtr make_memory_store();
StorePtr make_memory_store(const MemoryStoreOptions& options);

}  // namespace kapi::storage
