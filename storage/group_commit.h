// Group commit, after RocksDB's write groups (db/write_thread.cc): writers queue their request;
// whoever finds no leader at work becomes the leader, takes every queued request, commits them
// together (one WriteBatch, one fsync) and wakes them. Requests that arrive meanwhile wait and
// form the next group, so the more writers there are, the larger the groups and the fewer the
// fsyncs per write.
//
//   writers A, B, C arrive while leader L syncs:   queue [A B C]
//   L finishes, wakes everyone; A finds no leader:  A leads group [A B C]; D, E queue behind
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <vector>

namespace kapi::storage {

// Request: any type; the leader's work fills in its result.
template <typename Request>
class GroupCommit {
 public:
  // Commits one group; runs on the leader's thread, one group at a time, in queue order.
  using CommitGroup = std::function<void(const std::vector<Request*>& group)>;

  GroupCommit(CommitGroup commit, size_t max_group)
      : commit_(std::move(commit)), max_group_(max_group) {}

  // Blocks until `request` is committed (by this thread or another leader).
  void submit(Request& request) {
    // Each writer waits on its own condition variable, so a finished group wakes only its own
    // writers and the next leader, not every queued writer.
    Waiter self{&request};
    std::unique_lock lock(mu_);
    queue_.push_back(&self);
    while (!self.committed) {
      if (leading_) {
        self.wake.wait(lock);
        continue;
      }
      leading_ = true;
      std::vector<Waiter*> group;
      const size_t n = std::min(queue_.size(), max_group_);
      group.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      lock.unlock();
      std::vector<Request*> requests;
      requests.reserve(group.size());
      for (Waiter* w : group) requests.push_back(w->request);
      commit_(requests);
      lock.lock();
      leading_ = false;
      for (Waiter* w : group) {
        w->committed = true;
        if (w != &self) w->wake.notify_one();
      }
      if (!queue_.empty()) queue_.front()->wake.notify_one();  // it leads the next group
    }
  }

 private:
  struct Waiter {
    explicit Waiter(Request* r) : request(r) {}
    Request* request;
    std::condition_variable wake;
    bool committed = false;
  };

  const CommitGroup commit_;
  const size_t max_group_;
  std::mutex mu_;
  std::vector<Waiter*> queue_;
  bool leading_ = false;
};

}  // namespace kapi::storage
