// Group commit, after RocksDB's write groups (db/write_thread.cc): writers queue their request;
// whoever finds no leader at work becomes the leader, takes every queued request, commits them
// together (one WriteBatch, one fsync) and wakes them. Requests that arrive meanwhile wait and
// form the next group, so the more writers there are, the larger the groups and the fewer the
// fsyncs per write.
//
//   writers A, B, C arrive while leader L syncs:   queue [A B C]
//   L finishes, wakes everyone; A finds no leader:  A leads group [A B C]; D, E queue behind
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <vector>

namespace kapi::storage {

// Request: any type with a `bool committed` member the leader's work does not touch.
template <typename Request>
class GroupCommit {
 public:
  // Commits one group; runs on the leader's thread, one group at a time, in queue order.
  using CommitGroup = std::function<void(const std::vector<Request*>& group)>;

  GroupCommit(CommitGroup commit, size_t max_group)
      : commit_(std::move(commit)), max_group_(max_group) {}

  // Blocks until `request` is committed (by this thread or another leader).
  void submit(Request& request) {
    std::unique_lock lock(mu_);
    queue_.push_back(&request);
    while (!request.committed) {
      if (leading_) {
        done_.wait(lock);
        continue;
      }
      leading_ = true;
      std::vector<Request*> group;
      if (queue_.size() <= max_group_) {
        group.swap(queue_);
      } else {
        group.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(max_group_));
        queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(max_group_));
      }
      lock.unlock();
      commit_(group);
      lock.lock();
      for (Request* r : group) r->committed = true;
      leading_ = false;
      done_.notify_all();  // the group's writers return; one queued writer leads next
    }
  }

 private:
  const CommitGroup commit_;
  const size_t max_group_;
  std::mutex mu_;
  std::condition_variable done_;
  std::vector<Request*> queue_;
  bool leading_ = false;
};

}  // namespace kapi::storage
