#include "apiserver/watch_body.h"

#include <algorithm>

namespace kapi::apiserver {

using registry::json;

namespace {
constexpr auto kBookmarkInterval = std::chrono::seconds(60);
// A JSON frame's bytes around its object ({"type":"MODIFIED","object":...}\n), and a little
// more: what append_ready reserves per event.
constexpr size_t kFrameBytes = 32;
// What a thread's event vector may keep between calls (a backlog's batch is 256).
constexpr size_t kKeptEvents = 1024;

// append_ready's events, one vector per thread: it is emptied before append_ready returns, so
// a thousand watches need no vector each (theirs were freed when idle and grown again, by
// doubling, for each backlog).
std::vector<registry::WatchEvent>& thread_events() {
  thread_local std::vector<registry::WatchEvent> events;
  return events;
}
}

WatchBody::WatchBody(registry::WatchStreamPtr stream, WatchFormat format, bool bookmarks,
                     std::optional<std::chrono::seconds> timeout, const WatchSeries* series)
    : stream_(std::move(stream)), format_(std::move(format)), bookmarks_(bookmarks),
      last_bookmark_(std::chrono::steady_clock::now()) {
  if (timeout) deadline_ = std::chrono::steady_clock::now() + *timeout;
  if (format_.table) rows_.emplace(format_.printer, format_.include);
  if (series) {
    series_.emplace(*series);
    series_->registered.Increment();
    size_counts_.assign(WatchSeries::size_buckets().size() + 1, 0.0);
  }
}

WatchBody::~WatchBody() {
  if (!series_) return;
  flush_counts();
  series_->registered.Decrement();
}

// One framed event of `frame_bytes` bytes, added to the shared series in batches.
void WatchBody::count(size_t frame_bytes) {
  if (!series_) return;
  const auto& bounds = WatchSeries::size_buckets();
  const double size = static_cast<double>(frame_bytes);
  pending_bytes_ += size;
  size_t bucket = 0;
  while (bucket < bounds.size() && size > bounds[bucket]) ++bucket;
  size_counts_[bucket] += 1;
  pending_events_ += 1;
}

// One counter update and one histogram update for everything pending (prometheus-cpp's
// histogram takes a mutex per series, shared by every watcher of the kind).
void WatchBody::flush_counts() {
  if (!series_ || pending_events_ == 0) return;
  series_->events.Increment(pending_events_);
  series_->chunks.Increment(pending_chunks_);
  series_->sizes.ObserveMultiple(size_counts_, pending_bytes_);
  std::fill(size_counts_.begin(), size_counts_.end(), 0.0);
  pending_events_ = 0;
  pending_chunks_ = 0;
  pending_bytes_ = 0;
}

// JSON frames are spliced from the stored bytes (no re-encoding); Tables need the object parsed.
void WatchBody::append_frame(const registry::WatchEvent& event, std::string& out) {
  const char* type = registry::watch_event_type_name(event.type);
  if (!format_.table || event.type == registry::WatchEvent::Type::kError) {
    headers_sent_ = true;  // an ERROR counts as the first event for Table headers too
    out += "{\"type\":\"";
    out += type;
    out += "\",\"object\":";
    out += *event.object;
    out += "}\n";
    return;
  }
  // Keys in json::dump's order, as the other frames' bytes were before Tables were written as text.
  out += "{\"object\":";
  out += registry::open_table("meta.k8s.io/" + format_.table_version, format_.printer.columns,
                              {{"resourceVersion", std::to_string(event.revision)}}, !headers_sent_);
  if (event.type != registry::WatchEvent::Type::kBookmark)
    rows_->append(out, *event.object, std::chrono::system_clock::now());
  registry::close_table(out);
  out += ",\"type\":\"";
  out += type;
  out += "\"}\n";
  headers_sent_ = true;
}

bool WatchBody::append_ready(std::string& out) {
  const size_t start = out.size();
  {
    std::lock_guard lock(mu_);
    out += ready_;
    ready_.clear();
  }
  // Pinned: the frames are copied from the events' bytes before unpin(), with no reference
  // count taken per event.
  auto& events = thread_events();
  more_ = stream_->poll_pinned(events);
  // Room for the JSON frames at once (Tables may still grow it): growing the chunk as frames
  // come copies it again each time its capacity doubles.
  if (!events.empty()) {
    size_t bytes = out.size() + kFrameBytes;
    for (const auto& event : events) bytes += (event.object ? event.object->size() : 0) + kFrameBytes;
    out.reserve(bytes);
  }
  for (const auto& event : events) {
    const size_t before = out.size();
    append_frame(event, out);
    count(out.size() - before);
  }
  if (events.capacity() > kKeptEvents) std::vector<registry::WatchEvent>().swap(events);
  else events.clear();
  stream_->unpin();
  const bool any = out.size() > start;
  if (any && series_) pending_chunks_ += 1;  // the server writes what was appended as one chunk
  if (pending_events_ >= kFlushEvents) flush_counts();
  return any;
}

void WatchBody::tick() {
  flush_counts();
  if (!bookmarks_) return;
  auto now = std::chrono::steady_clock::now();
  bool near_deadline = deadline_ && *deadline_ - now < std::chrono::seconds(6);
  if (now - last_bookmark_ < kBookmarkInterval && !near_deadline) return;
  if (auto bookmark = stream_->bookmark()) {
    last_bookmark_ = now;
    std::string f;
    append_frame(*bookmark, f);
    count(f.size());
    std::lock_guard lock(mu_);
    ready_ += f;
  }
}

}  // namespace kapi::apiserver
