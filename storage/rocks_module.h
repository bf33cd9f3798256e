// The seam between kapi and its RocksDB backend. The `kapi` binary does not link RocksDB: the
// backend is the module kapi-rocksdb.so (linked to Debian's librocksdb.so), loaded by
// rocks_loader.cc the first time a RocksDB store is opened, so a memory-backed server never
// maps RocksDB nor runs its hundreds of static initialisers. Tests, benchmarks and the
// kapi::server library link the backend directly instead (rocks_linked.cc); both paths call
// rocks::open_store.
#pragma once

#include "storage/rocksdb_store.h"
#include "storage/storage_metrics.h"

namespace kapi::storage::rocks {

// Opens (or initialises) the store at options.path, recording into `metrics`: the module has
// no metrics registry of its own, it records into the process's (the caller's).
Result<StorePtr> open_store(const RocksStoreOptions& options, StorageMetrics& metrics);

// The module's one exported symbol, an extern "C" function of this type. Its name carries the
// version of this seam: change it with RocksStoreOptions, StorageMetrics or the Store interface,
// so a stale module next to a new binary is refused rather than called.
using ModuleOpen = Result<StorePtr> (*)(const RocksStoreOptions&, StorageMetrics&);
inline constexpr const char* kModuleEntry = "kapi_rocksdb_open_v1";
inline constexpr const char* kModuleFile = "kapi-rocksdb.so";

}  // namespace kapi::storage::rocks
