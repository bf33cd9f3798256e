// Group commit, after RocksDB's write groups (db/write_thread.cc): writers queue their request;
// whoever finds no leader at work becomes the leader, takes every queued request, commits them
// together (one WriteBatch, one fsync) and wakes them. Requests that arrive meanwhile wait and
// form the next group, so the more writers there are, the larger the groups and the fewer the
// fsyncs per write.
//
//   writers A, B, C arrive while leader L syncs:   queue [A B C]
//   L finishes, wakes everyone; A finds no leader:  A leads group [A B C]; D, E queue behind
//
// A request may also be handed over without waiting (submit_async): a thread that must not
// block (an HTTP network thread) queues its write and learns the outcome from a callback, so no
// thread is parked per write and an answer leaves as soon as its group's fsync ends. Nobody
// waits to lead such requests, so a committer thread of the group commit's own leads whenever
// no waiting writer does; whichever thread led the group finishes its async requests
// (`finish`) once the group is committed and the next leader is on its way.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "base/thread_name.h"

namespace kapi::storage {

// Request: any type; the leader's work fills in its result.
template <typename Request>
class GroupCommit {
 public:
  // Commits one group; runs on the leader's thread, one group at a time, in queue order.
  using CommitGroup = std::function<void(const std::vector<Request*>& group)>;
  // Completes one async request after its group is committed: on the leader's thread, outside
  // the lock, possibly while the next group commits. Must not throw.
  using Finish = std::function<void(Request* request)>;

  GroupCommit(CommitGroup commit, Finish finish, size_t max_group)
      : commit_(std::move(commit)), finish_(std::move(finish)), max_group_(std::max<size_t>(1, max_group)) {}
  ~GroupCommit() { stop(); }
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Blocks until `request` is committed (by this thread or another leader).
  void submit(Request& request) {
    // Each writer waits on its own condition variable, so a finished group wakes only its own
    // writers and the next leader, not every queued writer.
    Waiter self;
    std::unique_lock lock(mu_);
    queue_.push_back({&request, &self});
    while (!self.committed) {
      if (leading_) {
        self.wake.wait(lock);
        continue;
      }
      lead(lock, &self);
    }
  }

  // Queues `request` and returns at once; finish(request) runs once it is committed. After
  // stop() there is no committer: the request is committed on the calling thread.
  void submit_async(Request* request) {
    std::unique_lock lock(mu_);
    if (stopping_) {
      lock.unlock();
      submit(*request);
      finish_(request);
      return;
    }
    if (!committer_.joinable())
      committer_ = std::thread([this] {
        set_thread_name("kapi-committer");
        run_committer();
      });
    queue_.push_back({request, nullptr});
    // A leader at work hands the queue on when it is done; otherwise the committer leads.
    if (!leading_) committer_wake_.notify_one();
  }

  // Commits what is queued, then ends the committer thread. Call it before anything the commit
  // or finish callbacks use goes away, and never from one of them. Idempotent.
  void stop() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
      committer_wake_.notify_one();
    }
    if (committer_.joinable()) committer_.join();
  }

 private:
  struct Waiter {
    std::condition_variable wake;
    bool committed = false;
  };
  struct Entry {
    Request* request;
    Waiter* waiter;  // null: async
  };

  // Holding the lock, with no leader at work: commits the next group (unlocked), wakes its
  // waiting writers and the next leader, then finishes its async requests. Returns locked.
  void lead(std::unique_lock<std::mutex>& lock, Waiter* self) {
    leading_ = true;
    const auto n = static_cast<std::ptrdiff_t>(std::min(queue_.size(), max_group_));
    std::vector<Entry> group(queue_.begin(), queue_.begin() + n);
    queue_.erase(queue_.begin(), queue_.begin() + n);
    lock.unlock();
    std::vector<Request*> requests;
    requests.reserve(group.size());
    for (const Entry& e : group) requests.push_back(e.request);
    commit_(requests);
    lock.lock();
    leading_ = false;
    bool any_async = false;
    for (const Entry& e : group) {
      if (!e.waiter) {
        any_async = true;
        continue;
      }
      e.waiter->committed = true;
      if (e.waiter != self) e.waiter->wake.notify_one();
    }
    hand_off();
    if (!any_async) return;
    // The next group's fsync overlaps these answers.
    lock.unlock();
    for (const Entry& e : group)
      if (!e.waiter) finish_(e.request);
    lock.lock();
  }

  // Holding the lock, no leader at work: wakes whoever leads next (the first queued writer, or
  // the committer for an async request), or a stopping committer once nothing is left.
  void hand_off() {
    if (queue_.empty()) {
      if (stopping_) committer_wake_.notify_one();
    } else if (queue_.front().waiter) {
      queue_.front().waiter->wake.notify_one();
    } else {
      committer_wake_.notify_one();
    }
  }

  void run_committer() {
    std::unique_lock lock(mu_);
    for (;;) {
      committer_wake_.wait(lock, [this] { return !leading_ && (!queue_.empty() || stopping_); });
      if (queue_.empty()) return;  // stopping, and everything queued is committed
      lead(lock, nullptr);
    }
  }

  const CommitGroup commit_;
  const Finish finish_;
  const size_t max_group_;
  std::mutex mu_;
  std::vector<Entry> queue_;
  bool leading_ = false;
  bool stopping_ = false;
  std::condition_variable committer_wake_;
  std::thread committer_;  // started by the first submit_async
};

}  // namespace kapi::storage
