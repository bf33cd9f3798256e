// Handler listeners over a shared HandlerPool: each listener's notifications arrive in order and
// one at a time however many pool threads run; stop() drops what is pending and waits for a
// handler call in progress; a listener destroyed while its drain is still queued on the pool is
// safe (the drain does nothing); a slow handler holds one pool thread, not the others; a busy
// listener lets other listeners' drains run. Nothing here depends on how fast anything runs: the
// tests wait on condition variables (or poll), with a generous limit that only matters when one
// fails.
#include "client/handler_listener.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/client/eventually.h"

namespace kapi::client {
namespace {

constexpr auto kGuard = std::chrono::seconds(20);  // only reached when a test fails

ObjectPtr object(int n) { return std::make_shared<const json>(json{{"n", n}}); }

// A door that handlers (or pool tasks) wait at until the test opens it.
class Gate {
 public:
  void open() {
    std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  // False if the guard passed first.
  bool wait() {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kGuard, [this] { return open_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

// What handlers saw, in the order they saw it; the test waits for a count.
class Log {
 public:
  void add(std::string entry) {
    std::lock_guard lock(mu_);
    entries_.push_back(std::move(entry));
    cv_.notify_all();
  }
  bool wait_for_size(size_t n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kGuard, [&] { return entries_.size() >= n; });
  }
  std::vector<std::string> entries() const {
    std::lock_guard lock(mu_);
    return entries_;
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> entries_;
};

// Returns once every task posted to `pool` before this call has run, when the pool has one
// thread (tasks run in the order they were posted).
void flush(HandlerPool& pool) {
  Gate done;
  pool.post([&] { done.open(); });
  ASSERT_TRUE(done.wait());
}

TEST(HandlerPoolTest, StartsThreadsOnDemandUpToItsMaximum) {
  HandlerPool pool(2, "test-pool");
  EXPECT_EQ(pool.threads_started(), 0);  // nothing posted, nothing started
  Gate gate;
  std::atomic<int> running{0}, most{0};
  Log started, finished;
  for (int i = 0; i < 5; ++i) {
    pool.post([&] {
      int now = ++running;
      for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
      }
      started.add("task");
      EXPECT_TRUE(gate.wait());
      --running;
      finished.add("task");
    });
  }
  EXPECT_EQ(pool.threads_started(), 2);
  ASSERT_TRUE(started.wait_for_size(2));  // two run at once, both blocked at the gate
  gate.open();
  ASSERT_TRUE(finished.wait_for_size(5));
  EXPECT_EQ(most.load(), 2);  // never more than the maximum
  EXPECT_EQ(pool.threads_started(), 2);
}

TEST(HandlerPoolTest, DestructorRunsWhatIsQueuedThenJoins) {
  std::atomic<int> ran{0};
  {
    HandlerPool pool(1, "test-pool");
    Gate gate;
    pool.post([&] { EXPECT_TRUE(gate.wait()); });
    for (int i = 0; i < 3; ++i) pool.post([&] { ++ran; });
    gate.open();
  }
  EXPECT_EQ(ran.load(), 3);
}

TEST(HandlerPoolTest, SharedPoolHasTwoToFourThreads) {
  HandlerPool& shared = HandlerPool::shared();
  EXPECT_EQ(&shared, &HandlerPool::shared());
  EXPECT_GE(shared.max_threads(), 2);
  EXPECT_LE(shared.max_threads(), 4);
}

// Several producers, each feeding its own listeners adds, updates and deletes as an informer
// would, over a pool of 4 threads: every listener sees its own sequence in order, and never
// two of its calls at once.
TEST(HandlerListenerTest, KeepsEachListenersOrderUnderConcurrency) {
  constexpr int kListeners = 8, kProducers = 4, kEach = 3000;
  HandlerPool pool(4, "test-pool");
  struct Seen {
    std::vector<int> order;  // written by one handler call at a time, if the listener is right
    std::atomic<int> inside{0};
    std::atomic<bool> overlapped{false};
  };
  std::vector<Seen> seen(kListeners);
  Log done;
  std::vector<std::unique_ptr<HandlerListener>> listeners;
  for (int l = 0; l < kListeners; ++l) {
    auto record = [&, l](const ObjectPtr& obj) {
      Seen& s = seen[l];
      if (s.inside.fetch_add(1) != 0) s.overlapped = true;
      s.order.push_back(obj->at("n").get<int>());
      s.inside.fetch_sub(1);
      if (int(s.order.size()) == kEach) done.add("listener " + std::to_string(l));
    };
    listeners.push_back(std::make_unique<HandlerListener>(
        EventHandlers{record, [record](const ObjectPtr&, const ObjectPtr& obj) { record(obj); }, record}, pool));
  }
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      for (int i = 0; i < kEach; ++i) {
        for (int l = p; l < kListeners; l += kProducers) {
          if (i % 3 == 0) listeners[l]->added(object(i));
          else if (i % 3 == 1) listeners[l]->updated(object(i - 1), object(i));
          else listeners[l]->deleted(object(i));
        }
      }
    });
  }
  for (auto& producer : producers) producer.join();
  ASSERT_TRUE(done.wait_for_size(kListeners));
  listeners.clear();  // waits for no call: every one has returned
  std::vector<int> expected(kEach);
  for (int i = 0; i < kEach; ++i) expected[i] = i;
  for (int l = 0; l < kListeners; ++l) {
    EXPECT_FALSE(seen[l].overlapped) << "listener " << l;
    EXPECT_EQ(seen[l].order, expected) << "listener " << l;
  }
}

// stop() while a handler call blocks: the pending notifications are dropped, later ones are
// ignored, and stop() returns only after the call in progress has.
TEST(HandlerListenerTest, StopDropsPendingNotificationsAndWaitsForTheRunningCall) {
  HandlerPool pool(1, "test-pool");
  Gate in_call, release;
  std::atomic<bool> call_returned{false};
  Log log;
  HandlerListener listener({[&](const ObjectPtr& obj) {
                              int n = obj->at("n").get<int>();
                              log.add("add " + std::to_string(n));
                              if (n == 0) {
                                in_call.open();
                                EXPECT_TRUE(release.wait());
                                call_returned = true;
                              }
                            },
                            nullptr, nullptr},
                           pool);
  listener.added(object(0));
  ASSERT_TRUE(in_call.wait());
  // Pending behind the blocked call; only the listener holds them, so they are gone once
  // stop() has dropped them.
  std::vector<std::weak_ptr<const json>> pending;
  for (int i = 1; i <= 5; ++i) {
    auto obj = object(i);
    pending.push_back(obj);
    listener.added(std::move(obj));
  }

  std::atomic<bool> returned_after_call{false};
  std::thread stopper([&] {
    listener.stop();
    returned_after_call = call_returned.load();
  });
  // stop() has dropped the pending notifications, and the call is still blocked: stop() must
  // now wait for it.
  EXPECT_TRUE(testing::eventually([&] {
    return std::all_of(pending.begin(), pending.end(), [](const auto& p) { return p.expired(); });
  }));
  release.open();
  stopper.join();
  EXPECT_TRUE(returned_after_call);

  listener.added(object(6));  // after stop: ignored
  flush(pool);                // anything the listener still had queued has run
  EXPECT_EQ(log.entries(), std::vector<std::string>{"add 0"});
}

// A handler may stop its own listener: stop() cannot wait for the call it is made from.
TEST(HandlerListenerTest, HandlerMayStopItsOwnListener) {
  HandlerPool pool(1, "test-pool");
  Log log;
  HandlerListener* self = nullptr;
  HandlerListener listener({[&](const ObjectPtr& obj) {
                              log.add("add " + std::to_string(obj->at("n").get<int>()));
                              self->stop();
                            },
                            nullptr, nullptr},
                           pool);
  self = &listener;
  listener.added(object(0));
  listener.added(object(1));
  ASSERT_TRUE(log.wait_for_size(1));
  flush(pool);
  EXPECT_EQ(log.entries(), std::vector<std::string>{"add 0"});
}

// The pool's one thread is busy while a listener gets notifications, so the listener's drain
// waits in the pool's queue; the listener is destroyed then. Its handlers go with it (not when
// the drain runs), and the drain, run later, calls nothing (ASan would see a use after free).
TEST(HandlerListenerTest, DestroyedWithItsDrainStillQueued) {
  HandlerPool pool(1, "test-pool");
  Gate busy;
  pool.post([&] { EXPECT_TRUE(busy.wait()); });
  std::atomic<int> calls{0};
  auto captured = std::make_shared<int>(0);  // owned by the handlers
  std::weak_ptr<int> handlers_alive = captured;
  auto listener = std::make_unique<HandlerListener>(
      EventHandlers{[&calls, captured](const ObjectPtr&) { ++calls; }, nullptr, nullptr}, pool);
  captured.reset();
  for (int i = 0; i < 3; ++i) listener->added(object(i));
  listener.reset();
  EXPECT_TRUE(handlers_alive.expired());
  busy.open();
  flush(pool);
  EXPECT_EQ(calls.load(), 0);
}

// Two pool threads: a handler blocked on one of them does not hold up another listener.
TEST(HandlerListenerTest, SlowHandlerDoesNotBlockAnotherListenerWhileAThreadIsFree) {
  HandlerPool pool(2, "test-pool");
  Gate in_call, release;
  HandlerListener slow({[&](const ObjectPtr&) {
                          in_call.open();
                          EXPECT_TRUE(release.wait());
                        },
                        nullptr, nullptr},
                       pool);
  Log log;
  HandlerListener fast({[&](const ObjectPtr& obj) { log.add("add " + std::to_string(obj->at("n").get<int>())); },
                        nullptr, nullptr},
                       pool);
  slow.added(object(0));
  ASSERT_TRUE(in_call.wait());
  for (int i = 0; i < 100; ++i) fast.added(object(i));
  EXPECT_TRUE(log.wait_for_size(100));
  release.open();
}

// One pool thread, one listener with a long backlog and another with one notification queued
// after it: the backlog's drain delivers a batch, then queues itself behind the other's.
TEST(HandlerListenerTest, BusyListenerLetsOthersRunBetweenBatches) {
  HandlerPool pool(1, "test-pool");
  Gate busy;
  pool.post([&] { EXPECT_TRUE(busy.wait()); });
  Log log;
  HandlerListener backlog({[&](const ObjectPtr& obj) { log.add("a" + std::to_string(obj->at("n").get<int>())); },
                           nullptr, nullptr},
                          pool);
  HandlerListener other({[&](const ObjectPtr&) { log.add("b"); }, nullptr, nullptr}, pool);
  for (int i = 0; i < 100; ++i) backlog.added(object(i));
  other.added(object(0));
  busy.open();
  ASSERT_TRUE(log.wait_for_size(101));
  auto entries = log.entries();
  auto b = std::find(entries.begin(), entries.end(), "b");
  ASSERT_NE(b, entries.end());
  EXPECT_LT(b - entries.begin(), 100) << "b ran only after the whole backlog";
  EXPECT_GT(b - entries.begin(), 0);
  entries.erase(b);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(entries[i], "a" + std::to_string(i));
}

// A listener of deletes only: adds and updates are not queued, so they post no drain (no pool
// thread starts for them), and its deletes still arrive.
TEST(HandlerListenerTest, NotificationsWithoutAHandlerAreNotQueued) {
  HandlerPool pool(1, "test-pool");
  Log log;
  HandlerListener deletes_only({nullptr, nullptr, [&](const ObjectPtr& obj) { log.add("d" + std::to_string(obj->at("n").get<int>())); }},
                               pool);
  for (int i = 0; i < 10; ++i) {
    deletes_only.added(object(i));
    deletes_only.updated(object(i), object(i));
  }
  EXPECT_EQ(pool.threads_started(), 0);
  deletes_only.deleted(object(7));
  ASSERT_TRUE(log.wait_for_size(1));
  EXPECT_EQ(log.entries(), std::vector<std::string>{"d7"});
  EXPECT_EQ(pool.threads_started(), 1);
}

// An add filter is asked on the calling (informer's) thread: refused adds post no drain (no
// pool thread starts for them), accepted ones arrive in order, and updates and deletes are not
// filtered.
TEST(HandlerListenerTest, AddsTheFilterRefusesAreNotQueued) {
  HandlerPool pool(1, "test-pool");
  Log log;
  std::atomic<int> asked{0};
  const auto caller = std::this_thread::get_id();
  std::atomic<bool> asked_elsewhere{false};
  auto n_of = [](const ObjectPtr& obj) { return std::to_string(obj->at("n").get<int>()); };
  EventHandlers handlers{[&](const ObjectPtr& obj) { log.add("a" + n_of(obj)); },
                         [&](const ObjectPtr&, const ObjectPtr& obj) { log.add("u" + n_of(obj)); },
                         [&](const ObjectPtr& obj) { log.add("d" + n_of(obj)); },
                         [&](const json& obj) {
                           ++asked;
                           if (std::this_thread::get_id() != caller) asked_elsewhere = true;
                           return obj.at("n").get<int>() % 5 == 0;
                         }};
  HandlerListener listener(std::move(handlers), pool);
  for (int i = 1; i < 5; ++i) listener.added(object(i));
  EXPECT_EQ(asked.load(), 4);
  EXPECT_EQ(pool.threads_started(), 0) << "a refused add was queued";
  for (int i = 5; i <= 10; ++i) listener.added(object(i));
  listener.updated(object(3), object(3));
  listener.deleted(object(4));
  ASSERT_TRUE(log.wait_for_size(4));
  EXPECT_EQ(log.entries(), (std::vector<std::string>{"a5", "a10", "u3", "d4"}));
  EXPECT_EQ(asked.load(), 10) << "the filter is asked for adds only";
  EXPECT_FALSE(asked_elsewhere.load());
}

}  // namespace
}  // namespace kapi::client
