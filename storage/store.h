// The narrow key-value interface every resource is stored through: an etcd-like MVCC store.
//
// One global revision counts committed writes: each create, update or delete takes the next
// revision, which becomes the object's resourceVersion and orders every list and watch.
// History stays readable until compacted, so a list can be read at a past revision and a watch
// can resume from one. Nothing here knows about HTTP or Kubernetes types.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kapi::storage {

using Revision = int64_t;

enum class ErrorCode {
  kNotFound,        // key absent (or deleted) at the revision read
  kAlreadyExists,   // create on a key that is live
  kConflict,        // update/delete whose expected mod revision is not the current one
  kCompacted,       // read or watch below the compacted revision: the client must re-list
  kFutureRevision,  // read at a revision the store has not reached
  kUnavailable,     // the engine failed (I/O error, closed); nothing was written
  kInvalid,         // a malformed argument (empty key, negative limit, ...)
};

struct Error {
  ErrorCode code;
  std::string message;
  // For kCompacted: the compacted revision. For kConflict: the key's current mod revision.
  Revision revision = 0;
};

// Either a value or an Error. Edges of the storage module never throw.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}             // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}         // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

struct Ok {};
using Status = Result<Ok>;

// Stored bytes are immutable and shared: a list, a get and every watcher hand out the same buffer.
using Bytes = std::shared_ptr<const std::string>;

struct KeyValue {
  std::string key;
  Bytes value;
  Revision create_revision = 0;  // revision of the write that created this generation of the key
  Revision mod_revision = 0;     // revision of the last write to the key
};

// The bytes to write. Objects carry their own resourceVersion, which is only known when the
// write is committed: if `revision_at` is set, the store inserts the decimal revision at that
// byte offset of `bytes` before storing, so stored bytes can be served as they are.
struct WriteValue {
  std::string bytes;
  std::optional<size_t> revision_at;
};

struct ListOptions {
  Revision revision = 0;          // 0: latest; otherwise read the state as of this revision
  int64_t limit = 0;              // 0: no limit
  std::string start_after;        // continue: only keys strictly greater than this
};

struct ListResult {
  std::vector<KeyValue> items;    // sorted by key
  Revision revision = 0;          // the revision the list was read at (pass it back to continue)
  bool more = false;              // more keys follow the last item
  int64_t remaining = 0;          // how many keys follow the last item (when more)
};

struct Event {
  enum class Type { kPut, kDelete };
  Type type = Type::kPut;
  // For kPut: the new key-value. For kDelete: the key, mod_revision = the delete's revision,
  // and value = the tombstone bytes given to remove() (or the previous value if none was given).
  KeyValue kv;
  // The value before this event, if the key was live (absent on the first put of a key).
  std::optional<KeyValue> prev;
  Revision revision() const { return kv.mod_revision; }
};
using EventPtr = std::shared_ptr<const Event>;

// Events published together, shared by every watch they are handed to.
using EventBatch = std::shared_ptr<const std::vector<EventPtr>>;

// Events [begin, end) of one batch. Passing a batch to a thousand watches takes one reference
// count per watch instead of one per event per watch (a counter every watch's thread writes).
struct EventSpan {
  EventBatch batch;
  size_t begin = 0;
  size_t end = 0;
  size_t size() const { return end - begin; }
  std::span<const EventPtr> events() const { return {batch->data() + begin, batch->data() + end}; }
};

// Why a watch ended. Reported once, after the last event delivered.
enum class WatchEnd {
  kNone,        // still open
  kCancelled,   // the consumer cancelled it
  kCompacted,   // start revision was compacted: the client must re-list (HTTP 410)
  kTooSlow,     // the backlog passed the bound: the client must re-list
  kShutdown,    // the store is closing
};

// One watch of a key prefix. Events arrive in revision order, each exactly once, with no gap
// from the start revision on. Safe to use from any thread.
class Watch {
 public:
  virtual ~Watch() = default;
  // Takes the events ready now (up to max), without blocking. Empty when none are ready.
  virtual std::vector<EventPtr> poll(size_t max = SIZE_MAX) = 0;
  // The same into `out` (emptied first), whose capacity may be reused: a consumer polling a
  // few events at a time keeps its vector instead of getting a new one each time.
  virtual void poll_into(std::vector<EventPtr>& out, size_t max) { out = poll(max); }
  // The same as spans of the batches the events came in (emptied first): the hot path of a
  // watch stream, which counts no reference per event.
  virtual void poll_spans(std::vector<EventSpan>& out, size_t max) {
    out.clear();
    auto events = std::make_shared<std::vector<EventPtr>>(poll(max));
    if (!events->empty()) out.push_back({events, 0, events->size()});
  }
  // Like poll but waits up to `timeout` for at least one event or the end of the watch.
  virtual std::vector<EventPtr> wait(std::chrono::milliseconds timeout, size_t max = SIZE_MAX) = 0;
  // Called (from a writer's thread, so keep it short: post work elsewhere) when events become
  // ready or the watch ends. Replaces any earlier callback. Called once at once if ready now.
  virtual void set_notify(std::function<void()> notify) = 0;
  // Every event of the prefix with revision <= progress() has been queued for this watch (so
  // once the queue is drained, a bookmark at progress() is safe). Starts at the start revision.
  virtual Revision progress() const = 0;
  // kNone while open; once ended, poll() still returns what was queued before the end.
  virtual WatchEnd end() const = 0;
  // Ends the watch; no callback runs after it returns.
  virtual void cancel() = 0;
};
using WatchPtr = std::unique_ptr<Watch>;

struct WatchOptions {
  // Deliver events with revision > after. 0 means "from now": only events after the current
  // revision. To replay from revision R inclusive, pass R - 1.
  Revision after = 0;
};

// The outcome of a write handed over without waiting (Store::create_async).
using WriteDone = std::function<void(Result<KeyValue>)>;

class Store {
 public:
  virtual ~Store() = default;

  virtual Result<KeyValue> get(std::string_view key) = 0;
  virtual Result<ListResult> list(std::string_view prefix, const ListOptions& options) = 0;

  // Fails with kAlreadyExists if the key is live.
  virtual Result<KeyValue> create(std::string_view key, WriteValue value) = 0;
  // create() for a caller that must not block: returns at once and calls `done` once with what
  // create() would have returned, after the write is durable (and published to watchers). It
  // runs on the thread that committed the write, maybe this one: keep it short, do not block.
  // This default commits on the calling thread.
  virtual void create_async(std::string_view key, WriteValue value, WriteDone done) {
    done(create(key, std::move(value)));
  }
  // Fails with kNotFound if the key is absent, kConflict if its mod revision != expected.
  // expected == 0 means unconditional.
  virtual Result<KeyValue> update(std::string_view key, WriteValue value, Revision expected) = 0;
  // kNotFound if absent, kConflict if expected != 0 and differs. `tombstone` (optional,
  // revision slot allowed) is the object's final state: the delete event carries it and it is
  // returned, with mod_revision = the delete's revision (without one: the previous value).
  virtual Result<KeyValue> remove(std::string_view key, Revision expected,
                                  std::optional<WriteValue> tombstone = std::nullopt) = 0;

  virtual Result<WatchPtr> watch(std::string_view prefix, const WatchOptions& options) = 0;

  // Forgets history before `revision`: reads and watches below it then fail with kCompacted.
  virtual Status compact(Revision revision) = 0;
  virtual Revision current_revision() const = 0;
  virtual Revision compacted_revision() const = 0;
};
using StorePtr = std::shared_ptr<Store>;

}  // namespace kapi::storage
