#include "storage/rocksdb_store.h"

#include <atomic>
#include <shared_mutex>
#include <unordered_map>

#include <rocksdb/write_batch.h>

#include "storage/errors.h"
#include "storage/group_commit.h"
#include "storage/list_reader.h"
#include "storage/live_map.h"
#include "storage/rocks_codec.h"
#include "storage/rocks_open.h"
#include "storage/rocks_read_view.h"
#include "storage/storage_metrics.h"
#include "storage/watch_hub.h"
#include "storage/write_value.h"

namespace kapi::storage {
namespace {

using rocks::OpenDb;

struct AsyncWrite;

// One write in the group commit queue.
struct WriteRequest {
  enum class Op { kCreate, kUpdate, kRemove };
  Op op;
  std::string_view key;
  const WriteValue* value;  // create/update: the value; remove: the tombstone or null
  Revision expected;
  std::optional<Result<KeyValue>> result;
  AsyncWrite* async = nullptr;  // set when handed over without waiting: it owns this request
};

// A write handed over without waiting: it owns what the queue points at until it is answered.
struct AsyncWrite {
  AsyncWrite(std::string_view k, WriteValue v, WriteDone d)
      : key(k), value(std::move(v)), done(std::move(d)), request{WriteRequest::Op::kCreate, key, &value, 0, {}, this} {}
  std::string key;
  WriteValue value;
  WriteDone done;
  WriteRequest request;  // after the members it points into
};

// A read of the in-memory current state at `revision`, with the log read from a RocksDB
// snapshot taken after it (so the snapshot holds every event up to `revision`).
class CachedView final : public ReadView {
 public:
  CachedView(const LiveMap& live, Revision revision, rocks::SnapshotView& log)
      : live_(live), revision_(revision), log_(log) {}
  Revision revision() const override { return revision_; }
  Revision compacted() const override { return log_.compacted(); }
  Status scan_live(std::string_view prefix, std::string_view after,
                   const std::function<bool(KeyValue&&)>& fn) override {
    scan_live_map(live_, prefix, after, fn);
    return Ok{};
  }
  Status scan_events(std::string_view prefix, Revision after, Revision upto,
                     const std::function<void(const Event&)>& fn) override {
    return log_.scan_events(prefix, after, upto, fn);
  }

 private:
  const LiveMap& live_;
  const Revision revision_;
  rocks::SnapshotView& log_;
};

// Durable state lives in RocksDB; the current state is also kept in memory (loaded at open,
// updated by the commit leader after each durable write), so gets, latest lists and the
// checks before a write never touch the disk and hand out shared bytes without a copy.
class RocksStore final : public Store, private EventSource {
 public:
  RocksStore(std::unique_ptr<OpenDb> db, const RocksStoreOptions& options)
      : db_(std::move(db)),
        options_(options),
        revision_(db_->revision),
        compacted_(db_->compacted),
        writer_([this](const std::vector<WriteRequest*>& group) { commit_group(group); },
                [](WriteRequest* request) { finish_async(request); }, options.max_group),
        hub_(WatchHub::create(this, db_->revision, WatchHubOptions{options.watch_backlog, 1000})),
        metrics_(StorageMetrics::get()) {
  }

  // Writes handed over without waiting are committed and answered first: their groups publish
  // to the hub.
  ~RocksStore() override {
    writer_.stop();
    hub_->shutdown();
  }

  // Finishes a compaction a crash interrupted (its intent is durable, its deletes may not be).
  Status resume_compaction() { return delete_log_below(compacted_.load()); }

  // Reads the current state into memory.
  Status load_live() {
    auto view = rocks::SnapshotView::open(*db_);
    if (!view) return view.error();
    std::unique_lock lock(state_mu_);
    return (*view)->scan_live("", "", [&](KeyValue&& kv) {
      std::string key = kv.key;
      live_.emplace_hint(live_.end(), std::move(key), std::move(kv));
      return true;
    });
  }

  Result<KeyValue> get(std::string_view key) override {
    if (auto s = check_key(key); !s) return s.error();
    std::shared_lock lock(state_mu_);
    auto it = live_.find(key);
    if (it == live_.end()) return not_found(key);
    return it->second;
  }

  Result<ListResult> list(std::string_view prefix, const ListOptions& options) override {
    std::shared_lock lock(state_mu_);
    auto log = rocks::SnapshotView::open(*db_);
    if (!log) return log.error();
    CachedView view(live_, revision_.load(), **log);
    return list_from_view(view, prefix, options);
  }

  Result<KeyValue> create(std::string_view key, WriteValue value) override {
    return write(WriteRequest{WriteRequest::Op::kCreate, key, &value, 0, {}});
  }

  void create_async(std::string_view key, WriteValue value, WriteDone done) override {
    if (auto s = check_key(key); !s) return done(s.error());
    if (auto s = check_write_value(value); !s) return done(s.error());
    auto write = std::make_unique<AsyncWrite>(key, std::move(value), std::move(done));
    writer_.submit_async(&write.release()->request);
  }

  Result<KeyValue> update(std::string_view key, WriteValue value, Revision expected) override {
    return write(WriteRequest{WriteRequest::Op::kUpdate, key, &value, expected, {}});
  }

  Result<KeyValue> remove(std::string_view key, Revision expected,
                          std::optional<WriteValue> tombstone) override {
    return write(WriteRequest{WriteRequest::Op::kRemove, key, tombstone ? &*tombstone : nullptr,
                              expected, {}});
  }

  Result<WatchPtr> watch(std::string_view prefix, const WatchOptions& options) override {
    if (options.after < 0) return invalid("negative watch revision");
    Revision after = options.after == 0 ? hub_->published() : options.after;
    // A reader may have seen a revision a moment before it is published: accept any durable one.
    const Revision durable = revision_.load();
    if (after > durable) return future_revision(after, durable);
    const Revision compacted_rev = compacted_.load();
    if (after + 1 < compacted_rev) return compacted(after + 1, compacted_rev);
    return hub_->add(prefix, after);
  }

  Status compact(Revision revision) override {
    std::lock_guard lock(compact_mu_);
    const Revision current = revision_.load();
    if (revision > current) return future_revision(revision, current);
    if (revision <= compacted_.load()) return Ok{};
    // Phase 1: the intent is durable before any history goes, so readers at a snapshot either
    // see the old compacted revision with the whole log or the new one.
    rocksdb::WriteOptions sync;
    sync.sync = options_.sync;
    rocksdb::Status s =
        db_->db->Put(sync, db_->meta, rocks::kCompactedKey, rocks::encode_revision(revision));
    if (!s.ok()) return unavailable("storage: compaction failed: " + s.ToString());
    compacted_.store(revision);
    // Phase 2: delete in bounded batches (resumed at open if interrupted).
    return delete_log_below(revision);
  }

  Revision current_revision() const override { return revision_.load(); }
  Revision compacted_revision() const override { return compacted_.load(); }

 private:
  Result<KeyValue> write(WriteRequest request) {
    if (auto s = check_key(request.key); !s) return s.error();
    if (request.value) {
      if (auto s = check_write_value(*request.value); !s) return s.error();
    }
    writer_.submit(request);
    return std::move(*request.result);
  }

  // An async write's answer, once its group is committed; frees it.
  static void finish_async(WriteRequest* request) {
    std::unique_ptr<AsyncWrite> write(request->async);
    write->done(std::move(*write->request.result));
  }

  // The leader's work: check each request against the state (including earlier requests of the
  // same group), give the valid ones consecutive revisions, write them all in one batch with
  // one sync, then publish and answer.
  void commit_group(const std::vector<WriteRequest*>& group) {
    std::unordered_map<std::string_view, std::optional<KeyValue>> touched;
    rocksdb::WriteBatch batch;
    std::vector<EventPtr> events;
    std::vector<WriteRequest*> accepted;
    Revision rev = revision_.load();

    for (WriteRequest* req : group) {
      auto event = apply(*req, lookup(req->key, touched), rev + 1);
      if (!event) {
        req->result = event.error();
        continue;
      }
      ++rev;
      const Event& e = **event;
      if (e.type == Event::Type::kPut) {
        batch.Put(db_->current, e.kv.key, rocks::encode_current(e.kv));
        touched[e.kv.key] = e.kv;
      } else {
        batch.Delete(db_->current, e.kv.key);
        touched[e.kv.key] = std::nullopt;
      }
      batch.Put(db_->log, rocks::encode_revision(rev), rocks::encode_event(e));
      req->result = e.kv;
      accepted.push_back(req);
      events.push_back(std::move(*event));
    }
    if (events.empty()) return;

    batch.Put(db_->meta, rocks::kRevisionKey, rocks::encode_revision(rev));
    rocksdb::WriteOptions write_options;
    write_options.sync = options_.sync;
    const auto write_start = std::chrono::steady_clock::now();
    rocksdb::Status s = db_->db->Write(write_options, &batch);
    // One observation per group, not per write: the histograms' mutex is taken once per fsync.
    metrics_.commit_duration.Observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - write_start).count());
    metrics_.group_size.Observe(static_cast<double>(events.size()));
    if (!s.ok()) {
      // Nothing of the batch is applied; the revisions are not taken.
      for (WriteRequest* req : accepted) {
        req->result = unavailable("storage: write failed: " + s.ToString());
      }
      return;
    }
    {
      // Readers see the group all at once, never half of it.
      std::unique_lock lock(state_mu_);
      for (const auto& e : events) {
        if (e->type == Event::Type::kPut) {
          live_.insert_or_assign(e->kv.key, e->kv);
        } else {
          live_.erase(e->kv.key);
        }
      }
      revision_.store(rev);
    }
    hub_->publish(events).run();
  }

  // The key's live value as this group sees it; nullopt if absent. Only the leader changes
  // live_, so it reads it without the lock.
  std::optional<KeyValue> lookup(
      std::string_view key,
      const std::unordered_map<std::string_view, std::optional<KeyValue>>& touched) const {
    if (auto it = touched.find(key); it != touched.end()) return it->second;
    auto it = live_.find(key);
    if (it == live_.end()) return std::nullopt;
    return it->second;
  }

  // The event `req` makes at revision `rev`, or why it is refused.
  static Result<EventPtr> apply(const WriteRequest& req, const std::optional<KeyValue>& prev,
                                Revision rev) {
    auto event = std::make_shared<Event>();
    event->kv.key = std::string(req.key);
    event->kv.mod_revision = rev;
    switch (req.op) {
      case WriteRequest::Op::kCreate:
        if (prev) return already_exists(req.key);
        event->type = Event::Type::kPut;
        event->kv.create_revision = rev;
        event->kv.value = std::make_shared<const std::string>(splice_revision(*req.value, rev));
        break;
      case WriteRequest::Op::kUpdate:
        if (!prev) return not_found(req.key);
        if (req.expected != 0 && req.expected != prev->mod_revision) {
          return conflict(req.key, prev->mod_revision, req.expected);
        }
        event->type = Event::Type::kPut;
        event->kv.create_revision = prev->create_revision;
        event->kv.value = std::make_shared<const std::string>(splice_revision(*req.value, rev));
        event->prev = prev;
        break;
      case WriteRequest::Op::kRemove:
        if (!prev) return not_found(req.key);
        if (req.expected != 0 && req.expected != prev->mod_revision) {
          return conflict(req.key, prev->mod_revision, req.expected);
        }
        event->type = Event::Type::kDelete;
        event->kv.create_revision = prev->create_revision;
        event->kv.value = req.value ? std::make_shared<const std::string>(
                                          splice_revision(*req.value, rev))
                                    : prev->value;
        event->prev = prev;
        break;
    }
    return EventPtr(std::move(event));
  }

  Result<Batch> read_events(std::string_view prefix, Revision after, Revision upto,
                            size_t max) override {
    auto view = rocks::SnapshotView::open(*db_);
    if (!view) return view.error();
    return (*view)->read_events(prefix, after, upto, max);
  }

  // Deletes log records below `below` from the first one left, one committed batch at a time,
  // so writers interleave with a long compaction.
  Status delete_log_below(Revision below) {
    std::unique_ptr<rocksdb::Iterator> it(
        db_->db->NewIterator(rocksdb::ReadOptions(), db_->log));
    it->SeekToFirst();
    if (!it->status().ok()) return unavailable("storage: compaction scan failed");
    if (!it->Valid()) return Ok{};
    auto first = rocks::decode_revision(std::string_view(it->key().data(), it->key().size()));
    if (!first) return unavailable("storage: malformed log key");
    it.reset();
    rocksdb::WriteOptions no_sync;  // losing these deletes in a crash only redoes them
    for (Revision from = *first; from < below;) {
      const Revision to = std::min<Revision>(below, from + static_cast<Revision>(options_.compaction_batch));
      rocksdb::Status s = db_->db->DeleteRange(no_sync, db_->log, rocks::encode_revision(from),
                                               rocks::encode_revision(to));
      if (!s.ok()) return unavailable("storage: compaction delete failed: " + s.ToString());
      from = to;
    }
    return Ok{};
  }

  const std::unique_ptr<OpenDb> db_;
  const RocksStoreOptions options_;
  std::atomic<Revision> revision_;   // last durable revision
  std::atomic<Revision> compacted_;  // durable compacted revision
  std::mutex compact_mu_;
  // Guards live_ against the leader's updates; the leader publishes revision_ under it too.
  mutable std::shared_mutex state_mu_;
  LiveMap live_;
  GroupCommit<WriteRequest> writer_;
  std::shared_ptr<WatchHub> hub_;
  StorageMetrics& metrics_;
};

}  // namespace

Result<StorePtr> open_rocksdb_store(const RocksStoreOptions& options) {
  auto db = rocks::open_db(options.path);
  if (!db) return db.error();
  auto store = std::make_shared<RocksStore>(std::move(*db), options);
  if (auto resumed = store->resume_compaction(); !resumed) return resumed.error();
  if (auto loaded = store->load_live(); !loaded) return loaded.error();
  return StorePtr(std::move(store));
}

}  // namespace kapi::storage
