// Conformance: watch from now and from history, prev values, progress, compaction, slow
// watchers, callbacks.
#include <atomic>
#include <thread>

#include "tests/storage/store_fixture.h"

namespace kapi::storage::testing {
namespace {

using namespace std::chrono_literals;

// Drains a watch until it has `count` events or it ends; fails the test on a 10 s stall (a
// bound against hangs, not a speed assertion).
std::vector<EventPtr> collect(Watch& watch, size_t count) {
  std::vector<EventPtr> events;
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (events.size() < count && std::chrono::steady_clock::now() < deadline) {
    auto got = watch.wait(100ms, count - events.size());
    events.insert(events.end(), got.begin(), got.end());
    if (got.empty() && watch.end() != WatchEnd::kNone) break;
  }
  return events;
}

// Drains a watch until it ends (10 s bound).
std::vector<EventPtr> collect_until_end(Watch& watch) {
  std::vector<EventPtr> events;
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < deadline) {
    auto got = watch.wait(50ms);
    events.insert(events.end(), got.begin(), got.end());
    if (got.empty() && watch.end() != WatchEnd::kNone) break;
  }
  return events;
}

std::vector<Revision> revisions_of(const std::vector<EventPtr>& events) {
  std::vector<Revision> revs;
  for (const auto& e : events) revs.push_back(e->revision());
  return revs;
}

TEST_P(StoreTest, WatchFromNowSeesOnlyLaterEventsOfItsPrefix) {
  ASSERT_TRUE(store_->create("/p/old", value("x")).ok());
  auto watch = store_->watch("/p/", {});
  ASSERT_TRUE(watch.ok());
  EXPECT_EQ((*watch)->progress(), 1);
  ASSERT_TRUE(store_->create("/q/other", value("y")).ok());
  ASSERT_TRUE(store_->create("/p/new", value("z")).ok());
  auto events = collect(**watch, 1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]->kv.key, "/p/new");
  EXPECT_EQ(events[0]->type, Event::Type::kPut);
  EXPECT_EQ(events[0]->revision(), 3);
  EXPECT_FALSE(events[0]->prev.has_value());
  EXPECT_TRUE((*watch)->poll().empty());
  EXPECT_EQ((*watch)->end(), WatchEnd::kNone);
}

TEST_P(StoreTest, UpdateAndDeleteEventsCarryThePreviousValue) {
  auto watch = store_->watch("/", {});
  ASSERT_TRUE(watch.ok());
  ASSERT_TRUE(store_->create("/a", value("v1")).ok());
  ASSERT_TRUE(store_->update("/a", value("v2"), 0).ok());
  ASSERT_TRUE(store_->remove("/a", 0).ok());
  ASSERT_TRUE(store_->create("/b", value("b1")).ok());
  ASSERT_TRUE(store_->remove("/b", 0, WriteValue{"gone@", 5}).ok());
  auto events = collect(**watch, 5);
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[1]->type, Event::Type::kPut);
  ASSERT_TRUE(events[1]->prev.has_value());
  EXPECT_EQ(*events[1]->prev->value, "v1");
  EXPECT_EQ(events[1]->prev->mod_revision, 1);

  EXPECT_EQ(events[2]->type, Event::Type::kDelete);
  EXPECT_EQ(events[2]->kv.key, "/a");
  EXPECT_EQ(events[2]->kv.mod_revision, 3);
  EXPECT_EQ(*events[2]->kv.value, "v2");  // no tombstone: the previous value
  ASSERT_TRUE(events[2]->prev.has_value());
  EXPECT_EQ(*events[2]->prev->value, "v2");
  EXPECT_EQ(events[2]->prev->mod_revision, 2);

  EXPECT_EQ(events[4]->type, Event::Type::kDelete);
  EXPECT_EQ(*events[4]->kv.value, "gone@5");
  EXPECT_EQ(*events[4]->prev->value, "b1");
}

TEST_P(StoreTest, WatchReplaysHistoryThenGoesLiveWithoutGapOrDuplicate) {
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(store_->create("/k/" + std::to_string(i), value("v")).ok());
  }
  WatchOptions from;
  from.after = 10;  // revisions 11.. are wanted
  auto watch = store_->watch("/k/", from);
  ASSERT_TRUE(watch.ok());
  for (int i = 50; i < 80; ++i) {
    ASSERT_TRUE(store_->create("/k/" + std::to_string(i), value("v")).ok());
  }
  auto events = collect(**watch, 70);
  std::vector<Revision> expected;
  for (Revision r = 11; r <= 80; ++r) expected.push_back(r);
  EXPECT_EQ(revisions_of(events), expected);
  EXPECT_EQ((*watch)->progress(), 80);
}

TEST_P(StoreTest, WatchResumesUnderConcurrentWritesWithoutGapOrDuplicate) {
  constexpr int kWrites = 3000;
  std::thread writer([&] {
    for (int i = 0; i < kWrites; ++i) {
      ASSERT_TRUE(store_->create("/w/" + std::to_string(i), value("v")).ok());
    }
  });
  // Several watches start at different points of the history while writes go on.
  std::vector<std::pair<Revision, WatchPtr>> watches;
  for (int i = 0; i < 5; ++i) {
    while (store_->current_revision() < i * 500 + 2) std::this_thread::yield();
    WatchOptions from;
    from.after = store_->current_revision() / 2;
    auto w = store_->watch("/w/", from);
    ASSERT_TRUE(w.ok());
    watches.emplace_back(from.after, std::move(*w));
  }
  writer.join();
  for (auto& [after, watch] : watches) {
    auto events = collect(*watch, static_cast<size_t>(kWrites - after));
    ASSERT_EQ(events.size(), static_cast<size_t>(kWrites - after));
    for (size_t i = 0; i < events.size(); ++i) {
      ASSERT_EQ(events[i]->revision(), after + 1 + static_cast<Revision>(i));
    }
  }
}

TEST_P(StoreTest, WatchBelowCompactedRevisionIsCompacted) {
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(store_->create("/c/" + std::to_string(i), value("v")).ok());
  ASSERT_TRUE(store_->compact(6).ok());
  WatchOptions old;
  old.after = 4;  // wants revision 5, which is gone
  auto gone = store_->watch("/c/", old);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, ErrorCode::kCompacted);
  EXPECT_EQ(gone.error().revision, 6);
  WatchOptions edge;
  edge.after = 5;  // wants 6.., still there
  auto ok = store_->watch("/c/", edge);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(revisions_of(collect(**ok, 5)), (std::vector<Revision>{6, 7, 8, 9, 10}));
}

TEST_P(StoreTest, WatchAheadOfCurrentRevisionIsFutureRevision) {
  WatchOptions ahead;
  ahead.after = 5;
  auto w = store_->watch("/", ahead);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().code, ErrorCode::kFutureRevision);
}

TEST_P(StoreTest, CatchingUpWatchOvertakenByCompactionEndsCompacted) {
  reopen_with_backlog(10);
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(store_->create("/c/" + std::to_string(i), value("v")).ok());
  WatchOptions from;
  from.after = 1;
  auto watch = store_->watch("/c/", from);
  ASSERT_TRUE(watch.ok());
  // Take a few; only a backlog's worth more is read ahead while nobody polls. Then history
  // goes away under the watch.
  auto events = collect(**watch, 5);
  ASSERT_EQ(events.size(), 5u);
  ASSERT_TRUE(store_->compact(60).ok());
  auto rest = collect_until_end(**watch);
  events.insert(events.end(), rest.begin(), rest.end());
  EXPECT_EQ((*watch)->end(), WatchEnd::kCompacted);
  ASSERT_FALSE(events.empty());
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i]->revision(), 2 + static_cast<Revision>(i));
  }
  EXPECT_LT(events.back()->revision(), 60);
}

TEST_P(StoreTest, SlowWatcherIsClosedTooSlowAfterAGapFreePrefix) {
  reopen_with_backlog(10);
  auto watch = store_->watch("/s/", {});
  ASSERT_TRUE(watch.ok());
  for (int i = 0; i < 25; ++i) ASSERT_TRUE(store_->create("/s/" + std::to_string(i), value("v")).ok());
  EXPECT_EQ((*watch)->end(), WatchEnd::kTooSlow);
  auto events = (*watch)->poll();
  ASSERT_LE(events.size(), 10u);
  for (size_t i = 0; i < events.size(); ++i) EXPECT_EQ(events[i]->revision(), 1 + Revision(i));
  // Other watchers and writes are unaffected.
  auto fresh = store_->watch("/s/", {});
  ASSERT_TRUE(fresh.ok());
  ASSERT_TRUE(store_->create("/s/after", value("v")).ok());
  EXPECT_EQ(collect(**fresh, 1).size(), 1u);
}

TEST_P(StoreTest, ProgressAdvancesWithWritesOutsideThePrefix) {
  auto watch = store_->watch("/quiet/", {});
  ASSERT_TRUE(watch.ok());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(store_->create("/busy/" + std::to_string(i), value("v")).ok());
  EXPECT_EQ((*watch)->progress(), 5);
  EXPECT_TRUE((*watch)->poll().empty());
}

TEST_P(StoreTest, NotifyRunsWhenEventsBecomeReadyAndNeverAfterCancel) {
  auto watch = store_->watch("/n/", {});
  ASSERT_TRUE(watch.ok());
  std::atomic<int> calls{0};
  (*watch)->set_notify([&] { ++calls; });
  EXPECT_EQ(calls.load(), 0);  // nothing ready yet
  ASSERT_TRUE(store_->create("/n/1", value("v")).ok());
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ((*watch)->poll().size(), 1u);
  ASSERT_TRUE(store_->create("/n/2", value("v")).ok());
  EXPECT_EQ(calls.load(), 2);

  // Replacing the callback with events already queued runs the new one at once.
  std::atomic<int> second{0};
  (*watch)->set_notify([&] { ++second; });
  EXPECT_EQ(second.load(), 1);

  (*watch)->cancel();
  EXPECT_EQ((*watch)->end(), WatchEnd::kCancelled);
  ASSERT_TRUE(store_->create("/n/3", value("v")).ok());
  EXPECT_EQ(second.load(), 1);
  EXPECT_EQ(calls.load(), 2);
}

TEST_P(StoreTest, NotifyMayCancelItsOwnWatch) {
  auto watch = store_->watch("/n/", {});
  ASSERT_TRUE(watch.ok());
  Watch* raw = watch->get();
  std::atomic<int> calls{0};
  raw->set_notify([&] {
    ++calls;
    raw->cancel();
  });
  ASSERT_TRUE(store_->create("/n/1", value("v")).ok());
  ASSERT_TRUE(store_->create("/n/2", value("v")).ok());
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(raw->end(), WatchEnd::kCancelled);
}

TEST_P(StoreTest, CatchingUpWatchNotifiesItsCallback) {
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(store_->create("/h/" + std::to_string(i), value("v")).ok());
  WatchOptions from;
  from.after = 1;
  auto watch = store_->watch("/h/", from);
  ASSERT_TRUE(watch.ok());
  std::atomic<int> calls{0};
  (*watch)->set_notify([&] { ++calls; });
  auto events = collect(**watch, 19);
  EXPECT_EQ(events.size(), 19u);
  // The sync loop queues events, then notifies: the consumer may see the events first.
  for (int i = 0; i < 10000 && calls.load() == 0; ++i) std::this_thread::sleep_for(1ms);
  EXPECT_GE(calls.load(), 1);
}

TEST_P(StoreTest, ClosingTheStoreEndsWatchesWithShutdown) {
  auto watch = store_->watch("/", {});
  ASSERT_TRUE(watch.ok());
  ASSERT_TRUE(store_->create("/a", value("v")).ok());
  store_.reset();
  EXPECT_EQ((*watch)->end(), WatchEnd::kShutdown);
  EXPECT_EQ((*watch)->poll().size(), 1u);  // what was queued is still delivered
}

}  // namespace
}  // namespace kapi::storage::testing
