// WatchBody framing: every event ready is appended in one call (the server writes it as one
// chunk), byte for byte the JSON lines a client expects, and nothing when nothing is ready.
#include "apiserver/watch_body.h"

#include <gtest/gtest.h>

#include "registry/api_error.h"
#include "storage/memory_store.h"
#include "storage/watch_hub.h"

namespace {

using kapi::apiserver::WatchBody;
using kapi::apiserver::WatchFormat;
using kapi::registry::WatchStream;

kapi::registry::ResourceInfo configmaps() {
  kapi::registry::ResourceInfo info;
  info.version = "v1";
  info.kind = "ConfigMap";
  info.plural = "configmaps";
  return info;
}

kapi::storage::KeyValue object(const std::string& name, kapi::storage::Revision revision) {
  std::string json = R"({"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":")" + name +
                     R"(","resourceVersion":")" + std::to_string(revision) + R"("}})";
  return {"/registry/core/configmaps/default/" + name, std::make_shared<const std::string>(json), revision,
          revision};
}

std::string added_line(const kapi::storage::KeyValue& kv) {
  return R"({"type":"ADDED","object":)" + *kv.value + "}\n";
}

WatchBody body_over(std::vector<kapi::storage::KeyValue> initial, bool initial_events_end) {
  auto stream = std::make_unique<WatchStream>(configmaps(), nullptr, kapi::registry::ObjectFilter{},
                                              std::move(initial), 7, initial_events_end);
  return WatchBody(std::move(stream), WatchFormat{}, true, std::nullopt);
}

TEST(WatchBody, EveryReadyEventIsAppendedInOneCallAfterWhatIsAlreadyThere) {
  auto a = object("a", 5), b = object("b", 6), c = object("c", 7);
  WatchBody body = body_over({a, b, c}, true);
  std::string out = "room";
  ASSERT_TRUE(body.append_ready(out));
  const std::string bookmark =
      R"({"type":"BOOKMARK","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":)"
      R"({"annotations":{"k8s.io/initial-events-end":"true"},"creationTimestamp":null,"resourceVersion":"7"}}})"
      "\n";
  EXPECT_EQ(out, "room" + added_line(a) + added_line(b) + added_line(c) + bookmark);
}

TEST(WatchBody, NothingReadyAppendsNothing) {
  WatchBody body = body_over({object("a", 5)}, false);
  std::string out;
  ASSERT_TRUE(body.append_ready(out));
  std::string again = "kept";
  EXPECT_FALSE(body.append_ready(again));
  EXPECT_EQ(again, "kept");
  EXPECT_TRUE(body.finished());  // no storage watch behind it: the initial events were all
}

TEST(WatchBody, AFailedStreamSendsOneErrorLineThenEnds) {
  auto stream = WatchStream::failed(configmaps(), kapi::registry::gone("too old"));
  WatchBody body(std::move(stream), WatchFormat{}, false, std::nullopt);
  EXPECT_FALSE(body.finished());
  std::string out;
  ASSERT_TRUE(body.append_ready(out));
  EXPECT_EQ(out.rfind(R"({"type":"ERROR","object":{)", 0), 0u) << out;
  EXPECT_NE(out.find(R"("code":410)"), std::string::npos) << out;
  EXPECT_EQ(out.back(), '\n');
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1);
  std::string rest;
  EXPECT_FALSE(body.append_ready(rest));
  EXPECT_TRUE(body.finished());
}

// A store, a WatchStream over one of its watches, and a second watch of the same prefix whose
// copy of each event lets a test count who else holds that event.
struct StoreWatch {
  kapi::storage::StorePtr store = kapi::storage::make_memory_store();
  std::unique_ptr<WatchStream> stream;
  kapi::storage::WatchPtr spy;
  StoreWatch() {
    auto watched = store->watch("/registry/core/configmaps/", {});
    auto other = store->watch("/registry/core/configmaps/", {});
    EXPECT_TRUE(watched.ok() && other.ok());
    stream = std::make_unique<WatchStream>(configmaps(), std::move(*watched), kapi::registry::ObjectFilter{},
                                           std::vector<kapi::storage::KeyValue>{}, 0, false);
    spy = std::move(*other);
  }
  kapi::storage::EventPtr write(const kapi::storage::KeyValue& kv) {
    EXPECT_TRUE(store->create(kv.key, {*kv.value, std::nullopt}).ok());
    auto events = spy->poll();
    EXPECT_EQ(events.size(), 1u);
    return events.empty() ? nullptr : events[0];
  }
};

TEST(WatchStream, PinnedEventsLendTheirBytesUntilUnpinned) {
  StoreWatch w;
  auto event = w.write(object("a", 0));
  ASSERT_TRUE(event);
  std::vector<kapi::registry::WatchEvent> out;
  w.stream->poll_pinned(out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].object.get(), event->kv.value.get());  // the stored bytes, not a copy
  EXPECT_EQ(out[0].object.use_count(), 0);                 // borrowed: nothing counted
  const long pinned = event.use_count();
  out.clear();
  w.stream->unpin();
  EXPECT_EQ(event.use_count(), pinned - 1);  // the stream let the event go

  // A plain poll hands out owned bytes and keeps nothing.
  auto second = w.write(object("b", 0));
  const long queued = second.use_count();
  auto owned = w.stream->poll();
  ASSERT_EQ(owned.size(), 1u);
  EXPECT_GT(owned[0].object.use_count(), 0);
  EXPECT_EQ(second.use_count(), queued - 1);
}

TEST(WatchBody, FramesStoreEventsAndKeepsNoneOfThemAfterwards) {
  StoreWatch w;
  auto event = w.write(object("a", 0));
  ASSERT_TRUE(event);
  const long queued = event.use_count();  // the stream's watcher holds one reference
  WatchBody body(std::move(w.stream), WatchFormat{}, false, std::nullopt);
  std::string out;
  ASSERT_TRUE(body.append_ready(out));
  EXPECT_EQ(out, R"({"type":"ADDED","object":)" + *event->kv.value + "}\n");
  EXPECT_EQ(event.use_count(), queued - 1);
}

// A hub fed by hand, so a batch can hold several events (a group commit) and a watcher can be
// made too slow; no history is ever read.
struct HubWatch {
  struct NoHistory : kapi::storage::EventSource {
    kapi::storage::Result<Batch> read_events(std::string_view, kapi::storage::Revision,
                                             kapi::storage::Revision upto, size_t) override {
      Batch batch;
      batch.scanned_upto = upto;
      return batch;
    }
  } source;
  std::shared_ptr<kapi::storage::WatchHub> hub;
  kapi::storage::Revision revision = 0;
  explicit HubWatch(size_t backlog = 10000)
      : hub(kapi::storage::WatchHub::create(&source, 0, {.backlog = backlog, .catch_up_batch = 1000})) {}
  ~HubWatch() { hub->shutdown(); }
  std::unique_ptr<WatchStream> stream() {
    return std::make_unique<WatchStream>(configmaps(), hub->add("/registry/core/configmaps/", 0),
                                         kapi::registry::ObjectFilter{}, std::vector<kapi::storage::KeyValue>{}, 0,
                                         false);
  }
  // One batch: a create of each name, then an update and a delete of the first. Returns the
  // JSON lines a client must get for it.
  std::string publish(const std::vector<std::string>& names) {
    std::vector<kapi::storage::EventPtr> events;
    std::string lines;
    auto add = [&](kapi::storage::Event::Type type, const std::string& name, bool with_prev, const char* as) {
      auto e = std::make_shared<kapi::storage::Event>();
      e->type = type;
      e->kv = object(name, ++revision);
      if (with_prev) e->prev = object(name, revision - 1);
      events.push_back(e);
      lines += std::string(R"({"type":")") + as + R"(","object":)" + *e->kv.value + "}\n";
    };
    for (const auto& name : names) add(kapi::storage::Event::Type::kPut, name, false, "ADDED");
    add(kapi::storage::Event::Type::kPut, names[0], true, "MODIFIED");
    add(kapi::storage::Event::Type::kDelete, names[0], true, "DELETED");
    hub->publish(events).run();
    return lines;
  }
};

TEST(WatchBody, WatchesOfABatchGetEachEventsFrameInOrderWhetherTheyTakeItWholeOrInParts) {
  HubWatch h;
  std::vector<std::unique_ptr<WatchBody>> bodies;
  for (int i = 0; i < 5; ++i)
    bodies.push_back(std::make_unique<WatchBody>(h.stream(), WatchFormat{}, false, std::nullopt));
  std::string expected = h.publish({"a", "b", "c"});
  // One of them takes its first span before the next batch: the others take two batches at once.
  std::string first;
  ASSERT_TRUE(bodies[0]->append_ready(first));
  EXPECT_EQ(first, expected);
  // Sizes across the 256 events a poll takes at most: a span is cut inside a batch.
  std::vector<std::string> names;
  for (int i = 0; i < 298; ++i) names.push_back("n" + std::to_string(i));
  const std::string second = h.publish(names);
  expected += second;
  for (size_t i = 0; i < bodies.size(); ++i) {
    std::string out = i == 0 ? first : "";
    while (bodies[i]->append_ready(out)) {}
    EXPECT_EQ(out, expected) << "watch " << i;
  }
}

TEST(WatchBody, AsksForAnotherPumpOnlyForABacklogLeftOrAnEnd) {
  HubWatch h(/*backlog=*/300);
  WatchBody body(h.stream(), WatchFormat{}, false, std::nullopt);
  h.publish({"a"});
  std::string out;
  ASSERT_TRUE(body.append_ready(out));
  EXPECT_FALSE(body.more_ready());  // drained: the next event notifies
  std::vector<std::string> names;
  for (int i = 0; i < 270; ++i) names.push_back("n" + std::to_string(i));
  h.publish(names);  // 272 events: more than one poll takes
  ASSERT_TRUE(body.append_ready(out));
  EXPECT_TRUE(body.more_ready());
  ASSERT_TRUE(body.append_ready(out));
  EXPECT_FALSE(body.more_ready());
  // Too slow: the backlog bound ends the watch with its events still queued. Taking them must
  // ask for one more pump, which finds the end (nothing notifies after it).
  h.publish({"x"});
  names.resize(297);
  h.publish(names);
  ASSERT_TRUE(body.append_ready(out));
  EXPECT_TRUE(body.more_ready());
  EXPECT_FALSE(body.append_ready(out));
  EXPECT_TRUE(body.finished());
}


}  // namespace
