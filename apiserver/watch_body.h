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
  // `series` (may be null): the kind's watch metrics; this watch counts as registered while it
  // lives, and its events are counted once per batch written, not per event.
  WatchBody(registry::WatchStreamPtr stream, WatchFormat format, bool bookmarks,
            std::optional<std::chrono::seconds> timeout, const WatchSeries* series = nullptr);
  ~WatchBody() override;

  std::vector<std::string> next_chunks() override;
  void set_notify(std::function<void()> notify) override { stream_->set_notify(std::move(notify)); }
  bool finished() override { return stream_->ended(); }
  std::optional<std::chrono::steady_clock::time_point> deadline() const override { return deadline_; }
  void tick() override;
  void cancel() override { stream_->cancel(); }

  // One frame (a line of the stream) for an event.
  std::string frame(const registry::WatchEvent& event);

 private:
  registry::WatchStreamPtr stream_;
  WatchFormat format_;
  bool bookmarks_;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  std::chrono::steady_clock::time_point last_bookmark_;
  std::mutex mu_;
  std::vector<std::string> ready_;   // frames made by tick(), sent with the next chunks
  bool headers_sent_ = false;        // Tables: column definitions only on the first frame
  std::optional<WatchSeries> series_;
  std::vector<double> size_counts_;  // per size bucket (+Inf last) of the batch being counted

  void count(const std::vector<std::string>& frames);
};

}  // namespace kapi::apiserver
