// The entry point of kapi-rocksdb.so (rocks_module.h); the only symbol the module exports.
#include "storage/rocks_module.h"

extern "C" __attribute__((visibility("default"))) kapi::storage::Result<kapi::storage::StorePtr>
kapi_rocksdb_open_v1(const kapi::storage::RocksStoreOptions& options, kapi::storage::StorageMetrics& metrics) {
  return kapi::storage::rocks::open_store(options, metrics);
}
