// GET /metrics: everything recorded in the process-wide registry (metrics/registry.h), the
// process series, and this server's scrape-time storage gauges, in Prometheus' text format.
#pragma once

#include <memory>
#include <string>

#include "apiserver/http_types.h"
#include "registry/registry.h"

namespace kapi::apiserver {

class MetricsEndpoint {
 public:
  explicit MetricsEndpoint(const registry::Registry& registry);
  ~MetricsEndpoint();

  // Where the store keeps its files (RocksDB): etcd_mvcc_db_total_size_in_bytes is their total
  // size, as etcd reports its database file. Not set (memory store): not reported.
  void set_storage_dir(std::string dir);

  Response serve() const;

 private:
  class StorageCollector;
  std::unique_ptr<StorageCollector> storage_;
};

}  // namespace kapi::apiserver
