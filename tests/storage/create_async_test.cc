// Conformance: create_async answers what create would, once, after the write is visible and
// published; concurrent async creates get unique revisions and watchers see them in order.
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "tests/storage/store_fixture.h"

namespace kapi::storage::testing {
namespace {

// Collects create_async answers; waits for them by count, not by time.
class Answers {
 public:
  WriteDone take(const std::string& key) {
    return [this, key](Result<KeyValue> r) {
      std::lock_guard lock(mu_);
      EXPECT_EQ(results_.count(key), 0u) << key << " answered twice";
      results_.emplace(key, std::move(r));
      changed_.notify_all();
    };
  }
  bool wait(size_t n) {
    std::unique_lock lock(mu_);
    return changed_.wait_for(lock, std::chrono::seconds(60), [&] { return results_.size() >= n; });
  }
  Result<KeyValue>& at(const std::string& key) {
    std::lock_guard lock(mu_);
    return results_.at(key);
  }
  size_t size() {
    std::lock_guard lock(mu_);
    return results_.size();
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  std::map<std::string, Result<KeyValue>> results_;
};

TEST_P(StoreTest, CreateAsyncAnswersAsCreateDoes) {
  Answers answers;
  store_->create_async("/a", WriteValue{R"({"rv":""})", 7}, answers.take("/a"));
  ASSERT_TRUE(answers.wait(1));
  auto& a = answers.at("/a");
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->key, "/a");
  EXPECT_EQ(a->mod_revision, 1);
  EXPECT_EQ(a->create_revision, 1);
  EXPECT_EQ(*a->value, R"({"rv":"1"})");  // the revision spliced in, as create does

  store_->create_async("/a", value("again"), answers.take("/a again"));
  store_->create_async("", value("x"), answers.take("empty key"));
  ASSERT_TRUE(answers.wait(3));
  ASSERT_FALSE(answers.at("/a again").ok());
  EXPECT_EQ(answers.at("/a again").error().code, ErrorCode::kAlreadyExists);
  ASSERT_FALSE(answers.at("empty key").ok());
  EXPECT_EQ(answers.at("empty key").error().code, ErrorCode::kInvalid);
  EXPECT_EQ(store_->current_revision(), 1);  // refused creates take no revision
}

TEST_P(StoreTest, CreateAsyncAnswersOnlyOnceTheWriteIsVisibleAndPublished) {
  auto watch = store_->watch("/v/", {});
  ASSERT_TRUE(watch.ok());
  std::mutex mu;
  std::condition_variable done;
  int answered = 0;
  for (int i = 0; i < 20; ++i) {
    const std::string key = "/v/" + std::to_string(i);
    store_->create_async(key, value("v"), [&, key](Result<KeyValue> r) {
      ASSERT_TRUE(r.ok());
      // A client told "created" may read it back at once, and may already be watching.
      auto got = store_->get(key);
      EXPECT_TRUE(got.ok());
      EXPECT_GE(store_->current_revision(), r->mod_revision);
      std::lock_guard lock(mu);
      ++answered;
      done.notify_all();
    });
  }
  std::unique_lock lock(mu);
  ASSERT_TRUE(done.wait_for(lock, std::chrono::seconds(60), [&] { return answered == 20; }));
  lock.unlock();
  auto events = (*watch)->poll();
  ASSERT_EQ(events.size(), 20u);  // published before any answer went out
}

TEST_P(StoreTest, ConcurrentAsyncAndWaitingCreatesGetUniqueRevisionsInWatchOrder) {
  auto watch = store_->watch("/c/", {});
  ASSERT_TRUE(watch.ok());
  constexpr int kThreads = 8, kEach = 50;
  Answers answers;
  std::vector<std::thread> threads;
  std::atomic<int> waited_ok{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const std::string key = "/c/" + std::to_string(t) + "/" + std::to_string(i);
        if (t % 2) store_->create_async(key, value("v"), answers.take(key));
        else if (store_->create(key, value("v")).ok()) ++waited_ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_TRUE(answers.wait(kThreads / 2 * kEach));
  EXPECT_EQ(waited_ok.load(), kThreads / 2 * kEach);
  std::set<Revision> revisions;
  for (int t = 1; t < kThreads; t += 2)
    for (int i = 0; i < kEach; ++i) {
      auto& r = answers.at("/c/" + std::to_string(t) + "/" + std::to_string(i));
      ASSERT_TRUE(r.ok());
      EXPECT_TRUE(revisions.insert(r->mod_revision).second);
    }
  EXPECT_EQ(store_->current_revision(), kThreads * kEach);
  Revision last = 0;
  size_t seen = 0;
  while (seen < size_t(kThreads * kEach)) {
    auto events = (*watch)->wait(std::chrono::seconds(60));
    ASSERT_FALSE(events.empty());
    for (const auto& e : events) {
      EXPECT_EQ(e->revision(), last + 1);  // no gap, no reordering
      last = e->revision();
      ++seen;
    }
  }
}

}  // namespace
}  // namespace kapi::storage::testing
