// The hub's fan-out on its own (no backend): every synced watcher gets a span of the one batch
// its prefix group was published, in order; a slow watcher still ends kTooSlow after a gap-free
// prefix; a batch is freed once every watcher has taken and dropped its span.
#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "storage/watch_hub.h"

namespace kapi::storage::testing {
namespace {

// History for catching-up watchers: the events published so far.
class LogSource : public EventSource {
 public:
  Result<Batch> read_events(std::string_view prefix, Revision after, Revision upto,
                            size_t max) override {
    Batch batch;
    batch.scanned_upto = upto;
    for (const auto& e : log) {
      if (e->revision() <= after || e->revision() > upto) continue;
      if (e->kv.key.compare(0, prefix.size(), prefix) != 0) continue;
      if (batch.events.size() == max) {
        batch.scanned_upto = e->revision() - 1;
        break;
      }
      batch.events.push_back(e);
    }
    return batch;
  }
  std::vector<EventPtr> log;
};

EventPtr event(Revision revision, std::string key) {
  auto e = std::make_shared<Event>();
  e->kv.key = std::move(key);
  e->kv.value = std::make_shared<const std::string>("v" + std::to_string(revision));
  e->kv.mod_revision = revision;
  return e;
}

struct Fixture : ::testing::Test {
  void make_hub(size_t backlog) {
    hub = WatchHub::create(&source, 0, WatchHubOptions{.backlog = backlog, .catch_up_batch = 1000});
  }
  // Publishes `keys` as one batch at the next revisions.
  void publish(const std::vector<std::string>& keys) {
    std::vector<EventPtr> events;
    for (const auto& key : keys) events.push_back(event(++revision, key));
    source.log.insert(source.log.end(), events.begin(), events.end());
    hub->publish(events).run();
  }
  ~Fixture() override {
    if (hub) hub->shutdown();
  }
  LogSource source;
  std::shared_ptr<WatchHub> hub;
  Revision revision = 0;
};

std::vector<Revision> revisions(const std::vector<EventSpan>& spans) {
  std::vector<Revision> out;
  for (const auto& span : spans)
    for (const auto& e : span.events()) out.push_back(e->revision());
  return out;
}

TEST_F(Fixture, EveryWatcherGetsTheSameOrderedEventsAsSpansOfOneSharedBatch) {
  make_hub(10000);
  std::vector<WatchPtr> a, all;
  for (int i = 0; i < 50; ++i) a.push_back(hub->add("/a/", 0));
  for (int i = 0; i < 10; ++i) all.push_back(hub->add("", 0));
  std::vector<Revision> want_a, want_all;
  for (int b = 0; b < 20; ++b) {
    std::vector<std::string> keys;
    for (int i = 0; i <= b % 7; ++i) keys.push_back((i % 3 == 2 ? "/b/" : "/a/") + std::to_string(b));
    publish(keys);
  }
  for (const auto& e : source.log) {
    want_all.push_back(e->revision());
    if (e->kv.key.starts_with("/a/")) want_a.push_back(e->revision());
  }
  // Each watcher in its own steps (1 to 5 events per poll), so spans are also split.
  std::vector<std::vector<EventSpan>> first_spans;
  for (size_t w = 0; w < a.size(); ++w) {
    std::vector<EventSpan> got, step;
    for (;;) {
      a[w]->poll_spans(step, 1 + w % 5);
      if (step.empty()) break;
      got.insert(got.end(), step.begin(), step.end());
    }
    EXPECT_EQ(revisions(got), want_a) << "watcher " << w;
    first_spans.push_back(got);
  }
  for (auto& w : all) {
    std::vector<EventSpan> got;
    w->poll_spans(got, SIZE_MAX);
    EXPECT_EQ(revisions(got), want_all);
    // One span per publish, each over the whole batch: nothing was copied per watcher.
    EXPECT_EQ(got.size(), 20u);
  }
  // The /a/ watchers share each batch: the first event's batch is one object for all of them.
  for (const auto& spans : first_spans) {
    ASSERT_FALSE(spans.empty());
    EXPECT_EQ(spans.front().batch.get(), first_spans.front().front().batch.get());
  }
}

TEST_F(Fixture, ASlowWatcherEndsTooSlowAfterAGapFreePrefixWhileOthersGoOn) {
  make_hub(10);
  auto slow = hub->add("/s/", 0);
  auto fast = hub->add("/s/", 0);
  std::vector<Revision> fast_got;
  std::vector<EventSpan> spans;
  for (int b = 0; b < 4; ++b) {
    publish({"/s/1", "/s/2", "/s/3"});
    fast->poll_spans(spans, SIZE_MAX);
    for (auto r : revisions(spans)) fast_got.push_back(r);
  }
  // 9 queued; the fourth batch of 3 would pass the backlog of 10.
  EXPECT_EQ(slow->end(), WatchEnd::kTooSlow);
  slow->poll_spans(spans, SIZE_MAX);
  EXPECT_EQ(revisions(spans), (std::vector<Revision>{1, 2, 3, 4, 5, 6, 7, 8, 9}));
  slow->poll_spans(spans, SIZE_MAX);
  EXPECT_TRUE(spans.empty());
  publish({"/s/4"});
  fast->poll_spans(spans, SIZE_MAX);
  for (auto r : revisions(spans)) fast_got.push_back(r);
  EXPECT_EQ(fast_got.size(), 13u);
  EXPECT_EQ(fast->end(), WatchEnd::kNone);
  for (size_t i = 0; i < fast_got.size(); ++i) EXPECT_EQ(fast_got[i], Revision(i + 1));
}

TEST_F(Fixture, ABatchIsFreedOnceEveryWatcherHasTakenAndDroppedItsSpan) {
  make_hub(10000);
  auto w1 = hub->add("/m/", 0);
  auto w2 = hub->add("/m/", 0);
  auto w3 = hub->add("/m/", 0);
  publish({"/m/1", "/m/2", "/m/3", "/m/4", "/m/5"});
  std::weak_ptr<const Event> first = source.log.front();
  source.log.clear();  // the test's own references

  std::vector<EventSpan> spans;
  w1->poll_spans(spans, SIZE_MAX);
  ASSERT_EQ(spans.size(), 1u);
  std::weak_ptr<const std::vector<EventPtr>> batch = spans.front().batch;
  spans.clear();
  EXPECT_FALSE(batch.expired());  // w2 and w3 still hold it

  w2->poll_spans(spans, 2);  // part of it: the rest stays queued, and so does the batch
  EXPECT_EQ(revisions(spans), (std::vector<Revision>{1, 2}));
  spans.clear();
  EXPECT_FALSE(batch.expired());
  w2->poll_spans(spans, SIZE_MAX);
  EXPECT_EQ(revisions(spans), (std::vector<Revision>{3, 4, 5}));
  spans.clear();
  EXPECT_FALSE(batch.expired());

  w3.reset();  // a cancelled watcher's queue goes with it
  EXPECT_TRUE(batch.expired());
  EXPECT_TRUE(first.expired());
}

TEST_F(Fixture, PlainPollsCopyTheEventsOutOfTheSpans) {
  make_hub(10000);
  auto w = hub->add("", 0);
  publish({"/x/1", "/x/2"});
  publish({"/x/3"});
  auto got = w->poll(2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0]->revision(), 1);
  EXPECT_EQ(got[1]->revision(), 2);
  got = w->poll();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0]->revision(), 3);
}

TEST_F(Fixture, ACatchingUpWatcherGetsHistoryThenLiveSpansWithoutGap) {
  make_hub(10000);
  publish({"/h/1", "/h/2"});
  publish({"/h/3"});
  auto w = hub->add("/h/", 1);  // behind: read from the log by the sync loop
  std::vector<Revision> got;
  std::vector<EventSpan> spans;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (got.size() < 2 && std::chrono::steady_clock::now() < deadline) {
    w->poll_spans(spans, SIZE_MAX);
    for (auto r : revisions(spans)) got.push_back(r);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // Promotion to synced happens in the sync loop after its read: wait for it, then go live.
  while (w->progress() < 3 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  publish({"/h/4"});
  while (got.size() < 3 && std::chrono::steady_clock::now() < deadline) {
    w->poll_spans(spans, SIZE_MAX);
    for (auto r : revisions(spans)) got.push_back(r);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(got, (std::vector<Revision>{2, 3, 4}));
}

}  // namespace
}  // namespace kapi::storage::testing
