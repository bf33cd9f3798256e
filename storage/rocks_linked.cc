// open_rocksdb_store for programs that link the RocksDB backend in (tests, benchmarks, the
// kapi::server library); the kapi binary gets it from rocks_loader.cc instead.
#include "storage/rocks_module.h"

namespace kapi::storage {

Result<StorePtr> open_rocksdb_store(const RocksStoreOptions& options) {
  return rocks::open_store(options, StorageMetrics::get());
}

}  // namespace kapi::storage
