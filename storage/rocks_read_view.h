// Reads of the RocksDB backend at one snapshot: the ReadView for lists and the event scans for
// watch catch-up. The snapshot makes the meta records, the current state and the log agree.
#pragma once

#include <rocksdb/db.h>

#include "storage/read_view.h"
#include "storage/rocks_open.h"
#include "storage/watch_hub.h"

namespace kapi::storage::rocks {

class SnapshotView final : public ReadView {
 public:
  // Fails if the meta records cannot be read.
  static Result<std::unique_ptr<SnapshotView>> open(const OpenDb& db);
  ~SnapshotView() override;

  Revision revision() const override { return revision_; }
  Revision compacted() const override { return compacted_; }
  Status scan_live(std::string_view prefix, std::string_view after,
                   const std::function<bool(KeyValue&&)>& fn) override;
  Status scan_events(std::string_view prefix, Revision after, Revision upto,
                     const std::function<void(const Event&)>& fn) override;
  // At most `max` events of the prefix in (after, upto], for the watch hub.
  Result<EventSource::Batch> read_events(std::string_view prefix, Revision after, Revision upto,
                                         size_t max);

 private:
  explicit SnapshotView(const OpenDb& db);
  rocksdb::ReadOptions read_options() const;
  // Visits log records in (after, upto]; `fn` returns false to stop.
  Status scan_log(Revision after, Revision upto,
                  const std::function<bool(Revision, std::string_view)>& fn);

  const OpenDb& db_;
  const rocksdb::Snapshot* snapshot_;
  Revision revision_ = 0;
  Revision compacted_ = 0;
};

}  // namespace kapi::storage::rocks
