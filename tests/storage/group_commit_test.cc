// GroupCommit on its own: requests handed over without waiting (submit_async) beside waiting
// writers. Each is committed once, in queue order, and finished only after its group's commit;
// stop() commits what is queued. Waits are for events, never for a time to pass.
#include "storage/group_commit.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace kapi::storage {
namespace {

struct Req {
  int id = 0;
  bool committed = false;  // set by the commit, read by finish
  int group = -1;          // the commit (0, 1, ...) that took it
};

// Records commits and finishes; a gate can hold the next commit until opened.
class Recorder {
 public:
  void commit(const std::vector<Req*>& group) {
    std::unique_lock lock(mu_);
    ++commits_entered_;
    changed_.notify_all();
    changed_.wait(lock, [this] { return gate_open_; });
    for (Req* r : group) {
      EXPECT_FALSE(r->committed) << "request " << r->id << " committed twice";
      r->committed = true;
      r->group = groups_;
      order_.push_back(r->id);
    }
    ++groups_;
  }
  void finish(Req* r) {
    std::lock_guard lock(mu_);
    EXPECT_TRUE(r->committed) << "request " << r->id << " finished before its commit";
    EXPECT_TRUE(finished_.insert(r->id).second) << "request " << r->id << " finished twice";
    changed_.notify_all();
  }
  void close_gate() {
    std::lock_guard lock(mu_);
    gate_open_ = false;
  }
  void open_gate() {
    std::lock_guard lock(mu_);
    gate_open_ = true;
    changed_.notify_all();
  }
  // Wait (bounded only so that a bug fails instead of hanging) for so many finishes / commits.
  bool wait_finished(size_t n) { return wait([&] { return finished_.size() >= n; }); }
  bool wait_commits_entered(int n) { return wait([&] { return commits_entered_ >= n; }); }
  size_t finished() {
    std::lock_guard lock(mu_);
    return finished_.size();
  }
  std::vector<int> order() {
    std::lock_guard lock(mu_);
    return order_;
  }

 private:
  template <typename Pred>
  bool wait(Pred pred) {
    std::unique_lock lock(mu_);
    return changed_.wait_for(lock, std::chrono::seconds(60), pred);
  }

  std::mutex mu_;
  std::condition_variable changed_;
  bool gate_open_ = true;
  int commits_entered_ = 0;
  int groups_ = 0;
  std::vector<int> order_;
  std::set<int> finished_;
};

GroupCommit<Req> make(Recorder& rec, size_t max_group = 1024) {
  return GroupCommit<Req>([&rec](const std::vector<Req*>& g) { rec.commit(g); },
                          [&rec](Req* r) { rec.finish(r); }, max_group);
}

TEST(GroupCommit, AsyncRequestsAreCommittedOnceInQueueOrderAndFinishedAfterTheirCommit) {
  Recorder rec;
  auto gc = make(rec, 7);
  std::vector<Req> reqs(200);
  for (int i = 0; i < 200; ++i) {
    reqs[i].id = i;
    gc.submit_async(&reqs[i]);
  }
  ASSERT_TRUE(rec.wait_finished(200));
  std::vector<int> expected(200);
  for (int i = 0; i < 200; ++i) expected[i] = i;
  EXPECT_EQ(rec.order(), expected);  // one submitter: its requests commit in its order
  for (const Req& r : reqs) EXPECT_TRUE(r.committed);
}

TEST(GroupCommit, RequestsQueuedDuringACommitFormTheNextGroup) {
  Recorder rec;
  auto gc = make(rec);
  Req first{0};
  rec.close_gate();
  gc.submit_async(&first);
  ASSERT_TRUE(rec.wait_commits_entered(1));  // the committer holds [first]
  std::vector<Req> later(5);
  for (int i = 0; i < 5; ++i) {
    later[i].id = i + 1;
    gc.submit_async(&later[i]);
  }
  rec.open_gate();
  ASSERT_TRUE(rec.wait_finished(6));
  EXPECT_EQ(first.group, 0);
  for (const Req& r : later) EXPECT_EQ(r.group, 1);  // one group, one commit for all five
}

TEST(GroupCommit, WaitingAndAsyncWritersShareGroups) {
  Recorder rec;
  auto gc = make(rec);
  constexpr int kThreads = 8, kEach = 100;
  std::vector<std::vector<Req>> reqs(kThreads, std::vector<Req>(kEach));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        Req& r = reqs[t][i];
        r.id = t * kEach + i;
        if ((t + i) % 2) {
          gc.submit_async(&r);
        } else {
          gc.submit(r);
          EXPECT_TRUE(r.committed);  // a waiting writer returns once committed
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_TRUE(rec.wait_finished(kThreads * kEach / 2));
  EXPECT_EQ(rec.order().size(), size_t(kThreads * kEach));
  for (auto& rs : reqs) {
    int last_group = -1;
    for (const Req& r : rs) {
      EXPECT_TRUE(r.committed);
      EXPECT_GE(r.group, last_group);  // one writer's requests never commit out of order
      last_group = r.group;
    }
  }
}

TEST(GroupCommit, StopCommitsAndFinishesWhatIsQueued) {
  Recorder rec;
  auto gc = make(rec);
  std::vector<Req> reqs(10);
  rec.close_gate();
  for (int i = 0; i < 10; ++i) {
    reqs[i].id = i;
    gc.submit_async(&reqs[i]);
  }
  ASSERT_TRUE(rec.wait_commits_entered(1));
  std::thread stopper([&] { gc.stop(); });
  rec.open_gate();
  stopper.join();
  EXPECT_EQ(rec.finished(), 10u);  // nothing left behind once stop() returns
}

TEST(GroupCommit, AfterStopAnAsyncRequestIsCommittedOnTheCallingThread) {
  Recorder rec;
  auto gc = make(rec);
  gc.stop();
  Req r{1};
  gc.submit_async(&r);
  EXPECT_TRUE(r.committed);
  EXPECT_EQ(rec.finished(), 1u);
  Req w{2};
  gc.submit(w);  // waiting writers still lead their own groups
  EXPECT_TRUE(w.committed);
}

}  // namespace
}  // namespace kapi::storage
