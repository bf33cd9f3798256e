// WatchBody framing: every event ready is appended in one call (the server writes it as one
// chunk), byte for byte the JSON lines a client expects, and nothing when nothing is ready.
#include "apiserver/watch_body.h"

#include <gtest/gtest.h>

#include "registry/api_error.h"
#include "storage/memory_store.h"

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

}  // namespace
