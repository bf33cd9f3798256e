// Conformance: concurrent writers lose no update and see strictly increasing revisions.
#include <algorithm>
#include <mutex>
#include <set>
#include <thread>

#include "tests/storage/store_fixture.h"

namespace kapi::storage::testing {
namespace {

TEST_P(StoreTest, ConcurrentCompareAndSwapIncrementsLoseNoUpdate) {
  constexpr int kThreads = 8;
  constexpr int kIncrements = 200;
  ASSERT_TRUE(store_->create("/counter", value("0")).ok());
  std::vector<std::thread> threads;
  std::atomic<int> conflicts{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        while (true) {
          auto current = store_->get("/counter");
          ASSERT_TRUE(current.ok());
          const int n = std::stoi(*current->value);
          auto updated = store_->update("/counter", value(std::to_string(n + 1)),
                                        current->mod_revision);
          if (updated.ok()) break;
          ASSERT_EQ(updated.error().code, ErrorCode::kConflict);
          ++conflicts;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  auto final_value = store_->get("/counter");
  ASSERT_TRUE(final_value.ok());
  EXPECT_EQ(*final_value->value, std::to_string(kThreads * kIncrements));
  EXPECT_EQ(store_->current_revision(), 1 + kThreads * kIncrements);
}

TEST_P(StoreTest, ConcurrentCreatesGetUniqueIncreasingRevisions) {
  constexpr int kThreads = 16;
  constexpr int kPerThread = 100;
  std::mutex mu;
  std::vector<Revision> all;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Revision last = 0;
      std::vector<Revision> mine;
      for (int i = 0; i < kPerThread; ++i) {
        auto r = store_->create("/c/" + std::to_string(t) + "/" + std::to_string(i), value("v"));
        ASSERT_TRUE(r.ok());
        EXPECT_GT(r->mod_revision, last);  // one writer's revisions only go up
        last = r->mod_revision;
        mine.push_back(last);
      }
      std::lock_guard lock(mu);
      all.insert(all.end(), mine.begin(), mine.end());
    });
  }
  for (auto& t : threads) t.join();
  std::sort(all.begin(), all.end());
  ASSERT_EQ(all.size(), size_t{kThreads * kPerThread});
  for (size_t i = 0; i < all.size(); ++i) ASSERT_EQ(all[i], Revision(i + 1));  // no gap, no reuse
  auto list = store_->list("/c/", {});
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->items.size(), size_t{kThreads * kPerThread});
}

TEST_P(StoreTest, ConcurrentCreatesOfOneKeyHaveOneWinner) {
  constexpr int kThreads = 8;
  std::atomic<int> winners{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      auto r = store_->create("/only", value("v"));
      if (r.ok()) {
        ++winners;
      } else {
        EXPECT_EQ(r.error().code, ErrorCode::kAlreadyExists);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(winners.load(), 1);
  EXPECT_EQ(store_->current_revision(), 1);
}

TEST_P(StoreTest, WatchSeesEveryConcurrentWriteInRevisionOrder) {
  auto watch = store_->watch("/", {});
  ASSERT_TRUE(watch.ok());
  constexpr int kThreads = 4;
  constexpr int kPerThread = 250;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        ASSERT_TRUE(store_->create("/x/" + std::to_string(t) + "/" + std::to_string(i), value("v")).ok());
      }
    });
  }
  for (auto& t : threads) t.join();
  std::vector<EventPtr> events;
  while (events.size() < kThreads * kPerThread) {
    auto got = (*watch)->wait(std::chrono::seconds(10));
    ASSERT_FALSE(got.empty());
    events.insert(events.end(), got.begin(), got.end());
  }
  for (size_t i = 0; i < events.size(); ++i) ASSERT_EQ(events[i]->revision(), Revision(i + 1));
}

}  // namespace
}  // namespace kapi::storage::testing
