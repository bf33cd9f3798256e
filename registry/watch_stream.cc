#include "registry/watch_stream.h"

#include "registry/object_meta.h"
#include "registry/stored_json.h"

namespace kapi::registry {

const char* watch_event_type_name(WatchEvent::Type type) {
  switch (type) {
    case WatchEvent::Type::kAdded: return "ADDED";
    case WatchEvent::Type::kModified: return "MODIFIED";
    case WatchEvent::Type::kDeleted: return "DELETED";
    case WatchEvent::Type::kBookmark: return "BOOKMARK";
    case WatchEvent::Type::kError: return "ERROR";
  }
  return "ERROR";
}

ObjectFilter::ObjectFilter(std::optional<selector::LabelSelector> labels,
                           std::optional<selector::FieldSelector> fields,
                           std::function<std::map<std::string, std::string>(const json&)> field_values)
    : labels_(std::move(labels)), fields_(std::move(fields)), field_values_(std::move(field_values)) {}

bool ObjectFilter::matches(const json& obj) const {
  if (labels_) {
    const json* labels = meta_field(obj, "labels");
    if (!labels_->matches(labels ? *labels : json(nullptr))) return false;
  }
  if (fields_) {
    auto result = fields_->matches(field_values_(obj));
    if (auto* ok = std::get_if<bool>(&result); !ok || !*ok) return false;
  }
  return true;
}

namespace {
storage::Bytes to_bytes(const json& j) { return std::make_shared<const std::string>(dump_json(j)); }

// The object of a DELETED event made from a prior state: that state at the event's revision.
storage::Bytes with_revision(const storage::Bytes& bytes, storage::Revision revision) {
  json obj = parse_stored_json(*bytes);
  if (obj.is_object() && obj.contains("metadata"))
    obj["metadata"]["resourceVersion"] = std::to_string(revision);
  return to_bytes(obj);
}
}  // namespace

WatchStream::WatchStream(ResourceInfo info, storage::WatchPtr watch, ObjectFilter filter,
                         std::vector<storage::KeyValue> initial, storage::Revision initial_revision,
                         bool initial_events_end_bookmark)
    : info_(std::move(info)), watch_(std::move(watch)), filter_(std::move(filter)) {
  for (auto& kv : initial) {
    if (!filter_.trivial() && !filter_.matches(parse_stored_json(*kv.value))) continue;
    pending_.push_back({WatchEvent::Type::kAdded, kv.value, kv.mod_revision});
  }
  delivered_ = initial_revision;
  if (initial_events_end_bookmark) pending_.push_back(make_bookmark(initial_revision, true));
}

std::unique_ptr<WatchStream> WatchStream::failed(ResourceInfo info, const ApiError& error) {
  auto stream = std::make_unique<WatchStream>(std::move(info), nullptr, ObjectFilter{},
                                              std::vector<storage::KeyValue>{}, 0, false);
  stream->error_ = error;
  return stream;
}

WatchStream::~WatchStream() { cancel(); }

WatchEvent WatchStream::make_bookmark(storage::Revision revision, bool initial_events_end) const {
  json meta = {{"resourceVersion", std::to_string(revision)}, {"creationTimestamp", nullptr}};
  if (initial_events_end) meta["annotations"] = {{"k8s.io/initial-events-end", "true"}};
  json obj = {{"kind", info_.kind}, {"apiVersion", info_.api_version()}, {"metadata", meta}};
  return {WatchEvent::Type::kBookmark, to_bytes(obj), revision};
}

std::optional<WatchEvent> WatchStream::translate(const storage::EventPtr& event, bool borrow) const {
  const auto& kv = event->kv;
  bool is_delete = event->type == storage::Event::Type::kDelete;
  if (filter_.trivial()) {
    // Borrowed: shared_ptr's aliasing constructor with no owner (nothing counted or freed).
    storage::Bytes object = borrow ? storage::Bytes(storage::Bytes(), kv.value.get()) : kv.value;
    if (is_delete) return WatchEvent{WatchEvent::Type::kDeleted, std::move(object), kv.mod_revision};
    auto type = event->prev ? WatchEvent::Type::kModified : WatchEvent::Type::kAdded;
    return WatchEvent{type, std::move(object), kv.mod_revision};
  }
  // As upstream's cache watcher: an object entering the filter is ADDED, one leaving it is
  // DELETED (its prior state at this revision), one staying in is MODIFIED.
  bool now_passes = !is_delete && filter_.matches(parse_stored_json(*kv.value));
  bool before_passes = false;
  const storage::Bytes& before = is_delete ? kv.value : (event->prev ? event->prev->value : nullptr);
  if (before) before_passes = filter_.matches(parse_stored_json(*before));
  if (now_passes && !before_passes) return WatchEvent{WatchEvent::Type::kAdded, kv.value, kv.mod_revision};
  if (now_passes) return WatchEvent{WatchEvent::Type::kModified, kv.value, kv.mod_revision};
  if (before_passes) {
    auto bytes = is_delete ? kv.value : with_revision(before, kv.mod_revision);
    return WatchEvent{WatchEvent::Type::kDeleted, bytes, kv.mod_revision};
  }
  return std::nullopt;
}

std::vector<WatchEvent> WatchStream::poll(size_t max) {
  std::vector<WatchEvent> out;
  poll(out, max);
  return out;
}

void WatchStream::poll(std::vector<WatchEvent>& out, size_t max) {
  std::lock_guard lock(mu_);
  poll_locked(out, max, false);
  polled_.clear();  // the batches' references; the buffer is kept (or traded with the watcher's)
}

bool WatchStream::poll_pinned(std::vector<WatchEvent>& out, size_t max) {
  std::lock_guard lock(mu_);
  return poll_locked(out, max, true);
}

void WatchStream::unpin() {
  std::lock_guard lock(mu_);
  polled_.clear();
}

bool WatchStream::poll_locked(std::vector<WatchEvent>& out, size_t max, bool borrow) {
  out.clear();
  polled_.clear();  // what an earlier poll_pinned kept
  if (error_) {
    if (!error_sent_) {
      out.push_back({WatchEvent::Type::kError, to_bytes(error_->to_status()), 0});
      error_sent_ = true;
    }
    return true;  // ended
  }
  while (!pending_.empty() && out.size() < max) {
    out.push_back(std::move(pending_.front()));
    pending_.pop_front();
  }
  if (!watch_ || out.size() >= max) return true;
  const size_t asked = max - out.size();
  watch_->poll_spans(polled_, asked);
  size_t taken = 0;
  for (const auto& span : polled_) taken += span.size();
  out.reserve(out.size() + taken);
  for (const auto& span : polled_) {
    for (const auto& event : span.events()) {
      delivered_ = event->revision();
      if (auto translated = translate(event, borrow)) out.push_back(std::move(*translated));
    }
  }
  if (taken == asked) return true;
  // The watcher's queue is empty: its next event notifies, unless the watch has ended.
  const storage::WatchEnd end = watch_->end();
  if (out.empty() && end == storage::WatchEnd::kCompacted && !error_sent_) {
    error_sent_ = true;
    ApiError expired = gone("The resourceVersion for the provided watch is too old.");
    out.push_back({WatchEvent::Type::kError, to_bytes(expired.to_status()), 0});
  }
  return end != storage::WatchEnd::kNone;
}

void WatchStream::set_notify(std::function<void()> notify) {
  bool ready_now;
  {
    std::lock_guard lock(mu_);
    ready_now = !pending_.empty() || error_.has_value();
  }
  if (watch_) watch_->set_notify(notify);
  if (ready_now && notify) notify();
}

bool WatchStream::ended() const {
  std::lock_guard lock(mu_);
  if (error_) return error_sent_;
  if (!pending_.empty()) return false;
  return !watch_ || watch_->end() != storage::WatchEnd::kNone;
}

std::optional<WatchEvent> WatchStream::bookmark() {
  std::lock_guard lock(mu_);
  if (!watch_ || error_ || !pending_.empty()) return std::nullopt;
  // Read the progress first, then drain: if nothing was queued, every event up to that
  // progress has been delivered and the bookmark cannot overtake one.
  storage::Revision progress = watch_->progress();
  auto events = watch_->poll();
  if (!events.empty()) {
    for (auto& event : events) {
      delivered_ = event->revision();
      if (auto translated = translate(event)) pending_.push_back(std::move(*translated));
    }
    return std::nullopt;
  }
  if (progress < delivered_) return std::nullopt;
  return make_bookmark(progress, false);
}

void WatchStream::cancel() {
  if (watch_) watch_->cancel();
}

}  // namespace kapi::registry
