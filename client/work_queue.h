// A work queue for controllers (client-go's workqueue): keys to reconcile, handed to workers.
//
// - Fair: keys come out in the order they were first added.
// - Stingy: a key added many times before a worker takes it is processed once (the dirty set).
// - One worker per key: a key being processed is not handed out again; if it is added meanwhile
//   it is only marked dirty, and re-queued when the worker is done with it, so no update is lost.
// - Delays: add_after() parks a key until the clock reaches its time (the earliest wins);
//   add_rate_limited() delays by the rate limiter's answer and forget() resets it.
// - get() hands out an Item whose destructor marks the key done: a worker cannot forget it.
// - shut_down() wakes every waiting get(), which then returns nullopt; queued keys are dropped and
//   later adds ignored. Items still held must be destroyed before the queue.
//
// - Metrics: a queue made with a name records client-go's workqueue_* series {name} (depth, adds,
//   time queued, time worked, retries; see work_queue_metrics.h); an unnamed one records nothing.
//
// Example: add(a), add(b), add(a) queues [a, b]. A worker gets a; add(a) now only marks a dirty
// ([b]); when the worker's Item goes, a is queued again ([b, a]).
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "client/clock.h"
#include "client/rate_limiter.h"
#include "client/work_queue_metrics.h"

namespace kapi::client {

template <typename Key, typename Hash = std::hash<Key>>
class WorkQueue {
 public:
  // A key being processed; marks it done when destroyed.
  class Item {
   public:
    Item(WorkQueue* queue, Key key) : queue_(queue), key_(std::move(key)) {}
    Item(Item&& other) noexcept : queue_(std::exchange(other.queue_, nullptr)), key_(std::move(other.key_)) {}
    Item& operator=(Item&&) = delete;
    Item(const Item&) = delete;
    ~Item() {
      if (queue_) queue_->done(key_);
    }
    const Key& key() const { return key_; }
    const Key& operator*() const { return key_; }

   private:
    WorkQueue* queue_;
    Key key_;
  };

  explicit WorkQueue(ClockPtr clock = std::make_shared<RealClock>(), RateLimiterPtr<Key> limiter = nullptr)
      : clock_(std::move(clock)),
        limiter_(limiter ? std::move(limiter) : default_rate_limiter<Key, Hash>(clock_)) {}
  // A queue whose metrics are labelled name="<name>" (upstream uses the controller's name).
  WorkQueue(const std::string& name, ClockPtr clock, RateLimiterPtr<Key> limiter = nullptr)
      : WorkQueue(std::move(clock), std::move(limiter)) {
    metrics_ = WorkQueueMetrics::for_queue(name);
  }
  ~WorkQueue() {
    shut_down();
    if (metrics_) metrics_->dropped(dirty_.size());
  }
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  void add(const Key& key) {
    std::lock_guard lock(mu_);
    add_locked(key);
  }

  void add_after(const Key& key, Clock::Duration delay) {
    if (delay <= Clock::Duration::zero()) return add(key);
    std::lock_guard lock(mu_);
    if (shutting_down_) return;
    Clock::TimePoint ready = clock_->now() + delay;
    if (auto it = ready_at_.find(key); it != ready_at_.end()) {
      if (it->second <= ready) return;  // already due sooner
      erase_waiting(key, it->second);
    }
    ready_at_[key] = ready;
    waiting_.emplace(ready, key);
    cv_.notify_all();  // a sleeping get() may now have an earlier deadline
  }

  void add_rate_limited(const Key& key) {
    Clock::Duration delay;
    {
      std::lock_guard lock(mu_);
      delay = limiter_->when(key);
    }
    if (metrics_) metrics_->retried();
    add_after(key, delay);
  }

  // The key succeeded: stop counting its retries.
  void forget(const Key& key) {
    std::lock_guard lock(mu_);
    limiter_->forget(key);
  }
  int num_requeues(const Key& key) const {
    std::lock_guard lock(mu_);
    return limiter_->retries(key);
  }

  // Blocks until a key is ready (or the queue shuts down: nullopt).
  std::optional<Item> get() {
    std::unique_lock lock(mu_);
    while (true) {
      if (shutting_down_) return std::nullopt;
      promote_due_locked();
      if (!queue_.empty()) return take_locked();
      if (waiting_.empty()) cv_.wait(lock);
      else clock_->wait_until(cv_, lock, waiting_.begin()->first);
    }
  }

  // A ready key, without blocking.
  std::optional<Item> try_get() {
    std::lock_guard lock(mu_);
    if (shutting_down_) return std::nullopt;
    promote_due_locked();
    if (queue_.empty()) return std::nullopt;
    return take_locked();
  }

  void shut_down() {
    std::lock_guard lock(mu_);
    shutting_down_ = true;
    cv_.notify_all();
  }
  bool shutting_down() const {
    std::lock_guard lock(mu_);
    return shutting_down_;
  }
  // Keys ready to be handed out (not those waiting for their time).
  size_t len() const {
    std::lock_guard lock(mu_);
    return queue_.size();
  }
  size_t waiting() const {
    std::lock_guard lock(mu_);
    return waiting_.size();
  }

 private:
  void add_locked(const Key& key) {
    if (shutting_down_) return;
    if (!dirty_.insert(key).second) return;  // already queued, or marked while in progress
    if (metrics_) {
      metrics_->added();
      queued_at_.try_emplace(key, clock_->now());
    }
    if (processing_.count(key)) return;      // done() queues it
    queue_.push_back(key);
    cv_.notify_one();
  }

  Item take_locked() {
    Key key = std::move(queue_.front());
    queue_.pop_front();
    processing_.insert(key);
    dirty_.erase(key);
    if (metrics_) {
      auto now = clock_->now();
      auto it = queued_at_.find(key);
      metrics_->taken(it == queued_at_.end() ? 0.0 : seconds(now - it->second));
      if (it != queued_at_.end()) queued_at_.erase(it);
      processing_since_[key] = now;
    }
    return Item(this, std::move(key));
  }

  void done(const Key& key) {
    std::lock_guard lock(mu_);
    processing_.erase(key);
    if (metrics_) {
      if (auto it = processing_since_.find(key); it != processing_since_.end()) {
        metrics_->done(seconds(clock_->now() - it->second));
        processing_since_.erase(it);
      }
    }
    if (dirty_.count(key) && !shutting_down_) {
      queue_.push_back(key);
      cv_.notify_one();
    }
  }

  void promote_due_locked() {
    auto now = clock_->now();
    while (!waiting_.empty() && waiting_.begin()->first <= now) {
      Key key = std::move(waiting_.begin()->second);
      waiting_.erase(waiting_.begin());
      ready_at_.erase(key);
      add_locked(key);
    }
  }

  void erase_waiting(const Key& key, Clock::TimePoint at) {
    auto [first, last] = waiting_.equal_range(at);
    for (auto it = first; it != last; ++it) {
      if (it->second == key) {
        waiting_.erase(it);
        return;
      }
    }
  }

  static double seconds(Clock::Duration d) { return std::chrono::duration<double>(d).count(); }

  ClockPtr clock_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  RateLimiterPtr<Key> limiter_;                          // guarded by mu_
  std::deque<Key> queue_;                                // ready, in order; each key once
  std::unordered_set<Key, Hash> dirty_;                  // needs processing (queued or not yet)
  std::unordered_set<Key, Hash> processing_;             // handed out, not yet done
  std::multimap<Clock::TimePoint, Key> waiting_;         // add_after keys by ready time
  std::unordered_map<Key, Clock::TimePoint, Hash> ready_at_;
  bool shutting_down_ = false;
  std::unique_ptr<WorkQueueMetrics> metrics_;                  // null: unnamed, nothing recorded
  std::unordered_map<Key, Clock::TimePoint, Hash> queued_at_;        // metrics: when a key turned dirty
  std::unordered_map<Key, Clock::TimePoint, Hash> processing_since_; // metrics: when a worker took it
};

}  // namespace kapi::client
