// A watch response body: the registry's watch events framed as JSON lines
// {"type":...,"object":...}, or as one-row Tables for `kubectl get -w`.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>

#include "apiserver/http_types.h"
#include "apiserver/request_metrics.h"
#include "registry/table.h"
#include "registry/watch_stream.h"

namespace kapi::apiserver {

struct WatchFormat {
  bool table = false;
  std::string table_version = "v1";
  registry::IncludeObject include = registry::IncludeObject::kMetadata;
  registry::TablePrinter printer;   // for tables
};

class WatchBody : public StreamBody {
 public:
  // `series` (may be null): the kind's watch metrics. This watch counts as registered while it
  // lives. Its events are counted here first and added to the shared series every
  // kFlushEvents events, at each tick (every few seconds) and at the end: nothing shared is
  // touched per event, so a thousand watchers woken for one event each do not contend.
  WatchBody(registry::WatchStreamPtr stream, WatchFormat format, bool bookmarks,
            std::optional<std::chrono::seconds> timeout, const WatchSeries* series = nullptr);
  ~WatchBody() override;

  bool append_ready(std::string& out) override;
  void set_notify(std::function<void()> notify) override { stream_->set_notify(std::move(notify)); }
  bool more_ready() override { return more_; }
  bool finished() override { return stream_->ended(); }
  std::optional<std::chrono::steady_clock::time_point> deadline() const override { return deadline_; }
  void tick() override;
  void cancel() override { stream_->cancel(); }

  // Appends one frame (a line of the stream) for an event to `out`.
  void append_frame(const registry::WatchEvent& event, std::string& out);

 private:
  registry::WatchStreamPtr stream_;
  WatchFormat format_;
  // Tables: the row writer for format_.printer, made once for the watch's events (it works out
  // what the printer reads and keeps its scratch from event to event).
  std::optional<registry::TableRowWriter> rows_;
  bool bookmarks_;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  std::chrono::steady_clock::time_point last_bookmark_;
  std::mutex mu_;
  std::string ready_;                // frames made by tick(), sent before the next events
  bool headers_sent_ = false;        // Tables: column definitions only on the first frame
  bool more_ = true;                 // see more_ready(); set by append_ready
  // Metrics: events framed but not yet added to series_. Only the stream's consumer (which
  // calls append_ready and tick, one at a time) and the destructor touch them.
  static constexpr double kFlushEvents = 64;
  std::optional<WatchSeries> series_;
  std::vector<double> size_counts_;  // per size bucket, +Inf last
  double pending_events_ = 0;
  double pending_bytes_ = 0;
  double pending_chunks_ = 0;

  void count(size_t frame_bytes);
  void flush_counts();
};

}  // namespace kapi::apiserver
