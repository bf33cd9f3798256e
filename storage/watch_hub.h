// Watch fan-out shared by every backend, after etcd's watchable store.
//
// Writers publish each committed batch of events once, in revision order. The hub hands the
// same batch to every synced watcher whose prefix matches (one filtered batch per distinct
// prefix, then one span of it appended per watcher: no event is copied or counted per watcher). Watchers that start
// behind the published revision are catching up: a background sync loop reads the backend's
// event log for them in bounded batches and promotes them to synced once they reach the
// published revision. So replay then live has no gap and no duplicate: an event reaches a
// watcher either from the log (revision <= its cursor) or from a publish (revision > cursor at
// promotion), never both.
//
// Lock order: backend lock -> hub lock -> watcher lock. The hub never calls the backend while
// holding its lock, and callbacks run after every lock is released (see NotifyList).
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/store.h"
#include "storage/watcher.h"

namespace kapi::storage {

// Where the sync loop reads history from.
class EventSource {
 public:
  virtual ~EventSource() = default;

  struct Batch {
    std::vector<EventPtr> events;  // of the prefix, ascending by revision
    Revision scanned_upto = 0;     // every event of the prefix <= this is in `events`
  };
  // Events in (after, upto] whose key starts with `prefix`, at most `max` of them. kCompacted
  // when revision after + 1 is no longer in the log.
  virtual Result<Batch> read_events(std::string_view prefix, Revision after, Revision upto,
                                    size_t max) = 0;
};

// Watchers to notify once the caller has released its locks.
class NotifyList {
 public:
  void add(WatcherPtr watcher) { watchers_.push_back(std::move(watcher)); }
  void run() const {
    for (const auto& w : watchers_) w->notify();
  }

 private:
  std::vector<WatcherPtr> watchers_;
};

struct WatchHubOptions {
  size_t backlog = 10000;         // events queued per watcher before kTooSlow
  size_t catch_up_batch = 1000;   // events read from the log per watcher per sync round
};

class WatchHub : public std::enable_shared_from_this<WatchHub> {
 public:
  // `source` must outlive the hub or its shutdown().
  static std::shared_ptr<WatchHub> create(EventSource* source, Revision published,
                                          WatchHubOptions options = {});
  ~WatchHub();
  WatchHub(const WatchHub&) = delete;
  WatchHub& operator=(const WatchHub&) = delete;

  // A watch of `prefix` receiving events with revision > after. The caller checked `after`
  // against the compacted revision; it may be ahead of published() (it is skipped up to).
  WatchPtr add(std::string_view prefix, Revision after);

  // Hands a batch of committed events (ascending, above published()) to synced watchers.
  // Callers publish in revision order, one at a time, then run the returned list.
  [[nodiscard]] NotifyList publish(const std::vector<EventPtr>& events);

  // Every event up to this revision has been handed to synced watchers.
  Revision published() const { return published_->load(); }

  // Ends every watch with kShutdown and stops the sync loop; the source is not used after.
  void shutdown();

  // For watchers: forget one (cancelled); more room for a catching-up one.
  void remove(const Watcher* watcher);
  void wake_sync();

 private:
  WatchHub(EventSource* source, Revision published, WatchHubOptions options);
  void sync_loop();
  // One round for one catching-up watcher; true if it has more to read right away.
  bool sync_one(const WatcherPtr& watcher);
  void erase_catching_up_locked(const Watcher* watcher);

  EventSource* const source_;
  const WatchHubOptions options_;
  const std::shared_ptr<std::atomic<Revision>> published_;

  std::mutex mu_;
  std::condition_variable sync_cv_;
  bool sync_wanted_ = false;
  bool stopping_ = false;
  std::map<std::string, std::vector<WatcherPtr>, std::less<>> synced_;  // by prefix
  std::vector<WatcherPtr> catching_up_;
  std::thread sync_thread_;
};

}  // namespace kapi::storage
