// WorkQueue semantics: de-duplication, one worker per key, dirty re-queue, delays and backoff on
// a fake clock, shutdown.
#include "client/work_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace kapi::client {
namespace {

using namespace std::chrono_literals;
using Queue = WorkQueue<std::string>;

class WorkQueueTest : public ::testing::Test {
 protected:
  std::shared_ptr<FakeClock> clock_ = std::make_shared<FakeClock>();
  Queue queue_{clock_};
};

TEST_F(WorkQueueTest, AddsOfAQueuedKeyCollapseAndOrderIsFirstAdd) {
  queue_.add("a");
  queue_.add("b");
  queue_.add("a");
  EXPECT_EQ(queue_.len(), 2u);
  auto first = queue_.try_get();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->key(), "a");
  auto second = queue_.try_get();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->key(), "b");
  EXPECT_FALSE(queue_.try_get());
}

TEST_F(WorkQueueTest, KeyAddedWhileProcessingIsRequeuedOnlyWhenDone) {
  queue_.add("a");
  {
    auto item = queue_.try_get();
    ASSERT_TRUE(item);
    queue_.add("a");
    queue_.add("a");
    // Dirty but in progress: no second worker may take it.
    EXPECT_EQ(queue_.len(), 0u);
    EXPECT_FALSE(queue_.try_get());
  }
  // The guard marked it done: it is back, once.
  EXPECT_EQ(queue_.len(), 1u);
  auto again = queue_.try_get();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->key(), "a");
}

TEST_F(WorkQueueTest, KeyNotAddedDuringProcessingIsNotRequeued) {
  queue_.add("a");
  { auto item = queue_.try_get(); }
  EXPECT_EQ(queue_.len(), 0u);
}

TEST_F(WorkQueueTest, NoKeyIsProcessedByTwoWorkersAtOnce) {
  constexpr int kWorkers = 4;
  constexpr int kAdds = 2000;
  std::mutex mu;
  std::set<std::string> in_progress;
  std::atomic<bool> overlap{false};
  std::atomic<int> processed{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w) {
    workers.emplace_back([&] {
      while (auto item = queue_.get()) {
        {
          std::lock_guard lock(mu);
          if (!in_progress.insert(item->key()).second) overlap = true;
        }
        std::this_thread::yield();
        {
          std::lock_guard lock(mu);
          in_progress.erase(item->key());
        }
        ++processed;
      }
    });
  }
  for (int i = 0; i < kAdds; ++i) queue_.add("key-" + std::to_string(i % 5));
  // Wait until everything added has been drained, then stop.
  while (queue_.len() > 0) std::this_thread::yield();
  queue_.shut_down();
  for (auto& w : workers) w.join();
  EXPECT_FALSE(overlap.load());
  EXPECT_GE(processed.load(), 5);
  EXPECT_LE(processed.load(), kAdds);
}

TEST_F(WorkQueueTest, AddAfterWaitsForTheClock) {
  queue_.add_after("a", 10s);
  EXPECT_FALSE(queue_.try_get());
  EXPECT_EQ(queue_.waiting(), 1u);
  clock_->advance(9s);
  EXPECT_FALSE(queue_.try_get());
  clock_->advance(1s);
  auto item = queue_.try_get();
  ASSERT_TRUE(item);
  EXPECT_EQ(item->key(), "a");
}

TEST_F(WorkQueueTest, AddAfterKeepsTheEarliestTime) {
  queue_.add_after("a", 10s);
  queue_.add_after("a", 2s);
  queue_.add_after("a", 30s);
  EXPECT_EQ(queue_.waiting(), 1u);
  clock_->advance(2s);
  EXPECT_TRUE(queue_.try_get());
}

TEST_F(WorkQueueTest, BlockedGetWakesWhenTheClockReachesADelayedKey) {
  queue_.add_after("a", 5s);
  std::atomic<bool> got{false};
  std::thread worker([&] {
    auto item = queue_.get();
    got = item.has_value() && item->key() == "a";
  });
  clock_->advance(5s);
  worker.join();  // returns only once get() saw the advanced clock
  EXPECT_TRUE(got.load());
}

TEST_F(WorkQueueTest, RateLimitedRetriesBackOffExponentiallyUntilForgotten) {
  // 5ms, 10ms, 20ms, ... per key; the token bucket (burst 100) allows these at once.
  queue_.add_rate_limited("a");
  EXPECT_FALSE(queue_.try_get());
  clock_->advance(4ms);
  EXPECT_FALSE(queue_.try_get());
  clock_->advance(1ms);
  EXPECT_TRUE(queue_.try_get());

  queue_.add_rate_limited("a");  // second failure: 10ms
  clock_->advance(9ms);
  EXPECT_FALSE(queue_.try_get());
  clock_->advance(1ms);
  EXPECT_TRUE(queue_.try_get());
  EXPECT_EQ(queue_.num_requeues("a"), 2);

  queue_.forget("a");
  EXPECT_EQ(queue_.num_requeues("a"), 0);
  queue_.add_rate_limited("a");  // back to 5ms
  clock_->advance(5ms);
  EXPECT_TRUE(queue_.try_get());
}

TEST(RateLimiterTest, ExponentialBackoffIsCappedAtTheMaximum) {
  ItemExponentialLimiter<std::string> limiter(5ms, 1000s);
  Clock::Duration last{};
  for (int i = 0; i < 100; ++i) last = limiter.when("a");
  EXPECT_EQ(last, Clock::Duration(1000s));
  EXPECT_EQ(limiter.when("b"), Clock::Duration(5ms));
}

TEST(RateLimiterTest, TokenBucketSpreadsRetriesBeyondTheBurst) {
  auto clock = std::make_shared<FakeClock>();
  TokenBucket bucket(10.0, 3, clock);
  EXPECT_EQ(bucket.reserve(), Clock::Duration::zero());
  EXPECT_EQ(bucket.reserve(), Clock::Duration::zero());
  EXPECT_EQ(bucket.reserve(), Clock::Duration::zero());
  // Burst spent: the next tokens come every 100ms.
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(bucket.reserve()), 100ms);
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(bucket.reserve()), 200ms);
  clock->advance(1s);  // refills (10 tokens owed 2, capped at the burst of 3)
  EXPECT_EQ(bucket.reserve(), Clock::Duration::zero());
}

TEST(RateLimiterTest, DefaultLimiterIsTheMaxOfBothLimits) {
  auto clock = std::make_shared<FakeClock>();
  auto limiter = default_rate_limiter<std::string>(clock);
  // 100 distinct keys use the burst; the 101st waits for the bucket (100ms) rather than its
  // own 5ms backoff.
  for (int i = 0; i < 100; ++i) EXPECT_EQ(limiter->when("k" + std::to_string(i)), Clock::Duration(5ms));
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(limiter->when("late")), 100ms);
}

TEST_F(WorkQueueTest, ShutDownWakesWaitersAndIgnoresLaterAdds) {
  std::atomic<bool> returned_empty{false};
  std::thread worker([&] { returned_empty = !queue_.get().has_value(); });
  queue_.shut_down();
  worker.join();
  EXPECT_TRUE(returned_empty.load());
  queue_.add("a");
  EXPECT_EQ(queue_.len(), 0u);
  EXPECT_FALSE(queue_.try_get());
  EXPECT_TRUE(queue_.shutting_down());
}

TEST_F(WorkQueueTest, ItemHeldAcrossShutDownIsStillMarkedDone) {
  queue_.add("a");
  auto item = queue_.try_get();
  ASSERT_TRUE(item);
  queue_.add("a");  // dirty
  queue_.shut_down();
  item.reset();     // done after shutdown: not re-queued
  EXPECT_EQ(queue_.len(), 0u);
}

}  // namespace
}  // namespace kapi::client
