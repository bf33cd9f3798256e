// One watch's queue and state, shared by the WatchHub (producer) and the consumer's handle.
//
// A watcher is either catching up (the hub's sync loop fills it from the event log; cursor()
// says how far) or synced (writers hand it their events as they publish). Its queue is bounded:
// a synced watcher whose backlog would pass the bound ends with kTooSlow; a catching-up one is
// simply not read further until the consumer drains it.
//
// The queue holds spans of the batches the hub published (see EventSpan), not one EventPtr per
// event: a batch is counted once per watcher, and freed once every watcher has taken and
// dropped its span of it. The backlog bound still counts events.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/store.h"

namespace kapi::storage {

class WatchHub;

class Watcher {
 public:
  Watcher(std::string prefix, Revision after, size_t backlog,
          std::shared_ptr<const std::atomic<Revision>> published, std::weak_ptr<WatchHub> hub);

  const std::string& prefix() const { return prefix_; }

  // --- Producer side (the hub). Each returns true when the consumer should be notified.

  // Synced delivery of a batch already filtered by prefix, ascending by revision. `ended`: the
  // watch is over (it was, or this batch made it too slow), so the hub can drop it without
  // taking the watcher's lock again.
  bool deliver(const EventBatch& batch, bool& ended);
  // Catch-up delivery: `events` are every event of the prefix in (cursor(), scanned_upto].
  bool deliver_history(std::vector<EventPtr>&& events, Revision scanned_upto);
  // Becomes synced if the log has been read up to `published`. Called under the hub's lock.
  bool try_promote(Revision published);
  // Ends the watch (first reason wins).
  bool finish(WatchEnd reason);
  // Runs the consumer's callback unless cancelled.
  void notify();

  Revision cursor() const;
  size_t room() const;
  bool ended() const;

  // --- Consumer side (the Watch interface, via the handle).
  std::vector<EventPtr> poll(size_t max);
  void poll_into(std::vector<EventPtr>& out, size_t max);
  void poll_spans(std::vector<EventSpan>& out, size_t max);
  std::vector<EventPtr> wait(std::chrono::milliseconds timeout, size_t max);
  void set_notify(std::function<void()> notify);
  Revision progress() const;
  WatchEnd end() const;
  void cancel();

 private:
  size_t queued_locked() const { return queued_; }
  bool finish_locked(WatchEnd reason);
  void push_locked(EventSpan span);
  void take_locked(std::vector<EventSpan>& out, size_t max);
  // Takes up to `max` events (spans, under the lock); true if the sync loop should be woken.
  bool take(std::vector<EventSpan>& out, size_t max);

  const std::string prefix_;
  const size_t backlog_;
  const std::shared_ptr<const std::atomic<Revision>> published_;
  const std::weak_ptr<WatchHub> hub_;

  mutable std::mutex mu_;
  std::condition_variable ready_;
  std::vector<EventSpan> queue_;  // spans from head_ on are not yet taken
  size_t head_ = 0;
  size_t queued_ = 0;             // events in those spans
  WatchEnd end_ = WatchEnd::kNone;
  bool synced_ = false;
  Revision after_;           // deliver only events with revision > after_
  Revision cursor_;          // while catching up: every event <= cursor_ is queued
  Revision end_progress_ = 0;  // progress() frozen when the watch ends
  int waiters_ = 0;

  // Held while a callback runs, so cancel() can wait for it. Recursive so that a callback may
  // itself call cancel() or set_notify().
  std::recursive_mutex callback_mu_;
  std::function<void()> callback_;
  bool callbacks_off_ = false;
};

using WatcherPtr = std::shared_ptr<Watcher>;

// The Watch handed to a consumer: forwards to the shared Watcher; destroying it cancels.
class WatchHandle final : public Watch {
 public:
  explicit WatchHandle(WatcherPtr watcher) : watcher_(std::move(watcher)) {}
  ~WatchHandle() override { watcher_->cancel(); }

  std::vector<EventPtr> poll(size_t max) override { return watcher_->poll(max); }
  void poll_into(std::vector<EventPtr>& out, size_t max) override { watcher_->poll_into(out, max); }
  void poll_spans(std::vector<EventSpan>& out, size_t max) override { watcher_->poll_spans(out, max); }
  std::vector<EventPtr> wait(std::chrono::milliseconds timeout, size_t max) override {
    return watcher_->wait(timeout, max);
  }
  void set_notify(std::function<void()> notify) override {
    watcher_->set_notify(std::move(notify));
  }
  Revision progress() const override { return watcher_->progress(); }
  WatchEnd end() const override { return watcher_->end(); }
  void cancel() override { watcher_->cancel(); }

 private:
  WatcherPtr watcher_;
};

}  // namespace kapi::storage
