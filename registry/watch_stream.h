// A watch of one resource as the API serves it: typed events (ADDED, MODIFIED, DELETED, BOOKMARK,
// ERROR) over a storage watch, filtered by label and field selectors, optionally preceded by
// the current state (initial events) and the `k8s.io/initial-events-end` bookmark.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "registry/api_error.h"
#include "registry/resource_info.h"
#include "registry/selector/field_selector.h"
#include "registry/selector/label_selector.h"
#include "storage/store.h"

namespace kapi::registry {

struct WatchEvent {
  enum class Type { kAdded, kModified, kDeleted, kBookmark, kError };
  Type type = Type::kAdded;
  storage::Bytes object;          // the object's JSON bytes (a Status for kError)
  storage::Revision revision = 0;
};
const char* watch_event_type_name(WatchEvent::Type type);

// Which objects a watch (or list) passes: label selector, field selector and the resource's
// selectable fields.
class ObjectFilter {
 public:
  ObjectFilter() = default;
  ObjectFilter(std::optional<selector::LabelSelector> labels,
               std::optional<selector::FieldSelector> fields,
               std::function<std::map<std::string, std::string>(const json&)> field_values);
  bool trivial() const { return !labels_ && !fields_; }
  bool matches(const json& obj) const;

 private:
  std::optional<selector::LabelSelector> labels_;
  std::optional<selector::FieldSelector> fields_;
  std::function<std::map<std::string, std::string>(const json&)> field_values_;
};

class WatchStream {
 public:
  WatchStream(ResourceInfo info, storage::WatchPtr watch, ObjectFilter filter,
              std::vector<storage::KeyValue> initial, storage::Revision initial_revision,
              bool initial_events_end_bookmark);
  // A stream that carries one ERROR event (e.g. 410 for a compacted revision) and ends.
  static std::unique_ptr<WatchStream> failed(ResourceInfo info, const ApiError& error);
  ~WatchStream();

  // The events ready now, in order (non-blocking).
  std::vector<WatchEvent> poll(size_t max = 256);
  // The same into `out` (emptied first): a consumer that keeps its vector, and this stream's
  // own buffer of storage events, make no allocation per poll.
  void poll(std::vector<WatchEvent>& out, size_t max = 256);
  // As poll(out, max), but the objects of the events taken from the store are borrowed from
  // this stream, which keeps those events until unpin() or the next poll: no reference count
  // is touched per event. Every watcher of a kind shares each event's bytes, so with a
  // thousand watchers those counts were one counter written from every network thread.
  // Returns whether a poll now may find more that no notify will announce: `max` was reached,
  // or the stream ended (the end itself is still to be seen through ended()).
  bool poll_pinned(std::vector<WatchEvent>& out, size_t max = 256);
  void unpin();
  // Called when events may be ready or the stream ended; keep it short (post work elsewhere).
  void set_notify(std::function<void()> notify);
  // True once no event will come any more (after poll() has returned the last ones).
  bool ended() const;
  // A bookmark at the revision up to which every event has been delivered (nullopt while events
  // are pending or the initial state is not yet sent).
  std::optional<WatchEvent> bookmark();
  void cancel();

 private:
  // `borrow`: the object may point into `event` without owning it (see poll_pinned).
  std::optional<WatchEvent> translate(const storage::EventPtr& event, bool borrow = false) const;
  // See poll_pinned for what it returns.
  bool poll_locked(std::vector<WatchEvent>& out, size_t max, bool borrow);
  WatchEvent make_bookmark(storage::Revision revision, bool initial_events_end) const;

  ResourceInfo info_;
  storage::WatchPtr watch_;
  ObjectFilter filter_;
  mutable std::mutex mu_;
  std::deque<WatchEvent> pending_;   // initial events (and the initial-end bookmark), then none
  // poll()'s spans of the store's batches: empty between polls, or pinned.
  std::vector<storage::EventSpan> polled_;
  storage::Revision delivered_ = 0;  // highest revision handed out
  std::optional<ApiError> error_;
  bool error_sent_ = false;
};
using WatchStreamPtr = std::unique_ptr<WatchStream>;

}  // namespace kapi::registry
