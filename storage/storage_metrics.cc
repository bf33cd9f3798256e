#include "storage/storage_metrics.h"

#include "metrics/registry.h"

namespace kapi::storage {

StorageMetrics& StorageMetrics::get() {
  static StorageMetrics instance{
      // etcd's buckets: 1 ms to ~8 s.
      prometheus::BuildHistogram()
          .Name("etcd_disk_backend_commit_duration_seconds")
          .Help("The latency distributions of commit called by backend.")
          .Register(metrics::registry())
          .Add({}, metrics::exponential_buckets(0.001, 2, 14)),
      // 1 to 1024 writes: RocksStoreOptions::max_group caps a group at 1024.
      prometheus::BuildHistogram()
          .Name("kapi_storage_commit_group_size")
          .Help("Writes committed together in one RocksDB write batch (one fsync when storage sync is on).")
          .Register(metrics::registry())
          .Add({}, metrics::exponential_buckets(1, 2, 11)),
  };
  return instance;
}

}  // namespace kapi::storage
