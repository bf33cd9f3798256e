// The storage engine's series, resolved once: etcd's backend commit duration and the size of
// our write groups (how many writes share one WriteBatch and one fsync).
#pragma once

#include <prometheus/histogram.h>

namespace kapi::storage {

struct StorageMetrics {
  prometheus::Histogram& commit_duration;  // etcd_disk_backend_commit_duration_seconds
  prometheus::Histogram& group_size;       // kapi_storage_commit_group_size

  // The process-wide instance (metrics/registry.h).
  static StorageMetrics& get();
};

}  // namespace kapi::storage
