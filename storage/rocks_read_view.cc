#include "storage/rocks_read_view.h"

#include "storage/errors.h"
#include "storage/rocks_codec.h"
#include "storage/write_value.h"

namespace kapi::storage::rocks {
namespace {

Error read_failed(const rocksdb::Status& s) {
  return unavailable("storage: read failed: " + s.ToString());
}

Result<Revision> meta_revision(const OpenDb& db, const rocksdb::ReadOptions& options,
                               const char* name) {
  std::string bytes;
  rocksdb::Status s = db.db->Get(options, db.meta, name, &bytes);
  if (s.IsNotFound()) return Revision{0};
  if (!s.ok()) return read_failed(s);
  auto rev = decode_revision(bytes);
  if (!rev) return unavailable(std::string("storage: malformed meta record ") + name);
  return *rev;
}

}  // namespace

Result<std::unique_ptr<SnapshotView>> SnapshotView::open(const OpenDb& db) {
  std::unique_ptr<SnapshotView> view(new SnapshotView(db));
  auto revision = meta_revision(db, view->read_options(), kRevisionKey);
  if (!revision) return revision.error();
  auto compacted = meta_revision(db, view->read_options(), kCompactedKey);
  if (!compacted) return compacted.error();
  view->revision_ = *revision;
  view->compacted_ = *compacted;
  return view;
}

SnapshotView::SnapshotView(const OpenDb& db) : db_(db), snapshot_(db.db->GetSnapshot()) {}

SnapshotView::~SnapshotView() { db_.db->ReleaseSnapshot(snapshot_); }

rocksdb::ReadOptions SnapshotView::read_options() const {
  rocksdb::ReadOptions options;
  options.snapshot = snapshot_;
  return options;
}

Status SnapshotView::scan_live(std::string_view prefix, std::string_view after,
                               const std::function<bool(KeyValue&&)>& fn) {
  rocksdb::ReadOptions options = read_options();
  std::unique_ptr<rocksdb::Iterator> it(db_.db->NewIterator(options, db_.current));
  const bool start_at_prefix = after < prefix;
  it->Seek(start_at_prefix ? rocksdb::Slice(prefix.data(), prefix.size())
                           : rocksdb::Slice(after.data(), after.size()));
  for (; it->Valid(); it->Next()) {
    std::string_view key(it->key().data(), it->key().size());
    if (!has_prefix(key, prefix)) break;
    if (!start_at_prefix && key == after) continue;  // strictly after
    auto kv = decode_current(key, std::string_view(it->value().data(), it->value().size()));
    if (!kv) return unavailable("storage: malformed current record for " + std::string(key));
    if (!fn(std::move(*kv))) break;
  }
  if (!it->status().ok()) return read_failed(it->status());
  return Ok{};
}

Status SnapshotView::scan_log(Revision after, Revision upto,
                              const std::function<bool(Revision, std::string_view)>& fn) {
  if (after + 1 < compacted_) return storage::compacted(after + 1, compacted_);
  if (after >= upto) return Ok{};
  rocksdb::ReadOptions options = read_options();
  const std::string end = encode_revision(upto + 1);
  rocksdb::Slice end_slice(end);
  options.iterate_upper_bound = &end_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_.db->NewIterator(options, db_.log));
  Revision expected = after + 1;
  for (it->Seek(encode_revision(after + 1)); it->Valid(); it->Next()) {
    auto rev = decode_revision(std::string_view(it->key().data(), it->key().size()));
    // The log has one record per revision: a hole means lost history, never skip it.
    if (!rev || *rev != expected) {
      return unavailable("storage: revision log has no record for revision " +
                         std::to_string(expected));
    }
    ++expected;
    if (!fn(*rev, std::string_view(it->value().data(), it->value().size()))) return Ok{};
  }
  if (!it->status().ok()) return read_failed(it->status());
  if (expected != upto + 1) {
    return unavailable("storage: revision log ends at " + std::to_string(expected - 1) +
                       ", expected " + std::to_string(upto));
  }
  return Ok{};
}

Status SnapshotView::scan_events(std::string_view prefix, Revision after, Revision upto,
                                 const std::function<void(const Event&)>& fn) {
  Status inner = Ok{};
  Status scanned = scan_log(after, upto, [&](Revision rev, std::string_view record) {
    auto key = peek_event_key(record);
    if (key && !has_prefix(*key, prefix)) return true;
    auto event = decode_event(rev, record);
    if (!event) {
      inner = unavailable("storage: malformed log record at revision " + std::to_string(rev));
      return false;
    }
    fn(*event);
    return true;
  });
  if (!scanned) return scanned;
  return inner;
}

Result<EventSource::Batch> SnapshotView::read_events(std::string_view prefix, Revision after,
                                                     Revision upto, size_t max) {
  EventSource::Batch batch;
  batch.scanned_upto = after;
  upto = std::min(upto, revision_);
  Status inner = Ok{};
  Status scanned = scan_log(after, upto, [&](Revision rev, std::string_view record) {
    auto key = peek_event_key(record);
    if (key && !has_prefix(*key, prefix)) {
      batch.scanned_upto = rev;
      return true;
    }
    if (batch.events.size() == max) return false;
    auto event = decode_event(rev, record);
    if (!event) {
      inner = unavailable("storage: malformed log record at revision " + std::to_string(rev));
      return false;
    }
    batch.events.push_back(std::make_shared<const Event>(std::move(*event)));
    batch.scanned_upto = rev;
    return true;
  });
  if (!scanned) return scanned.error();
  if (!inner) return inner.error();
  return batch;
}

}  // namespace kapi::storage::rocks
