// The pieces of kapi-bench that decide its verdicts: reading watch event lines (fast path and
// fallback), mapping events to write indexes, latency after the acknowledgement, latency
// quantiles, the loopback check, request bodies rendered from a template.
#include <gtest/gtest.h>

#include "bench/kapi-bench/body_template.h"
#include "bench/kapi-bench/chunked_decoder.h"
#include "bench/kapi-bench/histogram.h"
#include "bench/kapi-bench/target.h"
#include "bench/kapi-bench/watch_event.h"
#include "bench/kapi-bench/watch_pool.h"

namespace kapi::bench {
namespace {

TEST(ReadWatchEvent, CompactLineGivesTypeRevisionAndAnnotations) {
  auto e = read_watch_event(
      R"({"type":"MODIFIED","object":{"kind":"ConfigMap","metadata":{"annotations":{"kapi-bench/pad":"xx",)"
      R"("kapi-bench/sent-unix-nano":"1700000000123","kapi-bench/seq":"7"},"name":"kb-2","resourceVersion":"42"}}})");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->type, EventType::kModified);
  EXPECT_EQ(e->revision, 42u);
  EXPECT_EQ(e->seq, 7u);
  EXPECT_EQ(e->sent_unix_nano, 1700000000123);
}

// The fast path finds keys by a rare character ('V', '/'); lookalikes before the real keys
// (other "...Version" and "kapi-bench/..." keys, managedFields' "f:" keys, the key's text
// inside an escaped string value) must not be taken for them, in either annotation order.
TEST(ReadWatchEvent, LookalikeKeysAreSkipped) {
  const std::string decoys =
      R"("apiVersion":"v1","fieldsV1":{"f:kapi-bench/seq":{},"f:kapi-bench/sent-unix-nano":{}},)"
      R"("note":"\"kapi-bench/seq\":\"5\",\"resourceVersion\":\"6\"","labels":{"kapi-bench/run":"r"},)";
  for (const std::string annotations :
       {R"("kapi-bench/pad":"x","kapi-bench/sent-unix-nano":"1795685441126051089","kapi-bench/seq":"7")",
        R"("kapi-bench/seq":"7","kapi-bench/pad":"x","kapi-bench/sent-unix-nano":"1795685441126051089")"}) {
    auto e = read_watch_event(R"({"type":"DELETED","object":{"metadata":{)" + decoys + R"("annotations":{)" +
                              annotations + R"(},"resourceVersion":"42"}}})");
    ASSERT_TRUE(e) << annotations;
    EXPECT_EQ(e->type, EventType::kDeleted);
    EXPECT_EQ(e->revision, 42u);
    EXPECT_EQ(e->seq, 7u);
    EXPECT_EQ(e->sent_unix_nano, 1795685441126051089);
  }
}

// Numbers the hand-written decimal reader leaves to the full parse: 20 digits, or beyond int64.
TEST(ReadWatchEvent, LongNumbersFallBackToAFullParse) {
  auto e = read_watch_event(R"({"type":"ADDED","object":{"metadata":{"annotations":{"kapi-bench/seq":"3",)"
                            R"("kapi-bench/sent-unix-nano":"9300000000000000000"},"resourceVersion":"18446744073709551615"}}})");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->revision, 18446744073709551615u);
  EXPECT_EQ(e->seq, 3u);
  EXPECT_FALSE(e->sent_unix_nano);  // over int64: no send time, as before
}

TEST(ReadWatchEvent, OtherLayoutsFallBackToAFullParse) {
  auto e = read_watch_event(
      R"({ "object": {"metadata": {"resourceVersion": "9", "annotations": {"kapi-bench/seq": "3", )"
      R"("kapi-bench/sent-unix-nano": "5"}}}, "type": "ADDED" })");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->type, EventType::kAdded);
  EXPECT_EQ(e->revision, 9u);
  EXPECT_EQ(e->seq, 3u);
  EXPECT_EQ(e->sent_unix_nano, 5);
}

TEST(ReadWatchEvent, ForeignObjectsHaveNoSequence) {
  auto e = read_watch_event(R"({"type":"ADDED","object":{"metadata":{"name":"x","resourceVersion":"3"}}})");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->revision, 3u);
  EXPECT_FALSE(e->seq);
}

TEST(ReadWatchEvent, ErrorEventsCarryTheStatusMessage) {
  auto e = read_watch_event(R"({"type":"ERROR","object":{"kind":"Status","code":410,"message":"too old"}})");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->type, EventType::kError);
  EXPECT_EQ(e->error_message, "too old");
}

// The fast path tells the types apart by name and reads each number in the pass that finds
// its closing quote; whatever it does not take (escapes, signs, empty values, unknown names)
// must give what the full parse gives.
TEST(ReadWatchEvent, TypesAndNumbersAtTheEdges) {
  const auto line = [](std::string_view type, std::string_view rv, std::string_view seq) {
    return R"({"type":")" + std::string(type) + R"(","object":{"metadata":{"annotations":{"kapi-bench/seq":")" +
           std::string(seq) + R"(","kapi-bench/sent-unix-nano":"12"},"resourceVersion":")" + std::string(rv) + R"("}}})";
  };
  const std::pair<std::string_view, EventType> types[] = {{"ADDED", EventType::kAdded},       {"MODIFIED", EventType::kModified},
                                                          {"DELETED", EventType::kDeleted},   {"BOOKMARK", EventType::kBookmark},
                                                          {"ADDEDX", EventType::kOther},      {"ADDE", EventType::kOther},
                                                          {"SYNC", EventType::kOther},        {R"(ADDED)", EventType::kAdded}};
  for (const auto& [name, type] : types) {
    auto e = read_watch_event(line(name, "42", "7"));
    ASSERT_TRUE(e) << name;
    EXPECT_EQ(e->type, type) << name;
    EXPECT_EQ(e->revision, 42u) << name;
  }
  EXPECT_EQ(read_watch_event(line("ADDED", "9999999999999999999", "7"))->revision, 9999999999999999999u);  // 19 digits
  EXPECT_EQ(read_watch_event(line("ADDED", R"(42)", "7"))->revision, 42u);  // escaped: the full parse
  EXPECT_EQ(read_watch_event(line("ADDED", "42", R"(7)"))->seq, 7u);
  EXPECT_EQ(read_watch_event(line("ADDED", "0", "0"))->seq, 0u);
  EXPECT_FALSE(read_watch_event(line("ADDED", "42", "-7"))->seq);  // not a sequence number
  EXPECT_FALSE(read_watch_event(line("ADDED", "42", ""))->seq);
  EXPECT_FALSE(read_watch_event(line("ADDED", "", "7")));  // no revision: unreadable
  EXPECT_FALSE(read_watch_event(line("ADDED", "+42", "7")));
  EXPECT_FALSE(read_watch_event(line("ADDED", "42", "7").substr(0, 120)));  // cut in the annotations
}

TEST(ReadWatchEvent, GarbageIsRejected) {
  EXPECT_FALSE(read_watch_event("not json"));
  EXPECT_FALSE(read_watch_event(R"({"type":"ADDED","object":{"metadata":{"resourceVersion":"x1"}}})"));
  EXPECT_FALSE(read_watch_event(R"({"type":"ADDED"})"));
}

// Feeds `wire` split every `step` bytes; returns the body, or "error: ..." / "(not done)".
std::string dechunk(std::string_view wire, size_t step) {
  ChunkedDecoder d;
  std::string body;
  for (size_t at = 0; at < wire.size(); at += step)
    if (!d.feed(wire.substr(at, step), [&](std::string_view data) { body.append(data); })) return "error: " + d.error();
  return d.done() ? body : body + "(not done)";
}

TEST(ChunkedDecoder, ReassemblesChunksWhateverTheSplit) {
  const std::string wire = "5\r\nhello\r\n1A\r\n abcdefghijklmnopqrstuvwxy\r\n3;ext=1\r\n!\n!\r\n0\r\n\r\n";
  for (size_t step : {1, 2, 3, 7, 1000})
    EXPECT_EQ(dechunk(wire, step), "hello abcdefghijklmnopqrstuvwxy!\n!") << "step " << step;
}

TEST(ChunkedDecoder, WaitsForTheLastChunkAndSkipsTrailers) {
  EXPECT_EQ(dechunk("3\r\nabc\r\n", 2), "abc(not done)");
  EXPECT_EQ(dechunk("3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n", 4), "abc");
}

TEST(ChunkedDecoder, RejectsBadFraming) {
  EXPECT_EQ(dechunk("zz\r\n", 1).rfind("error:", 0), 0u);
  EXPECT_EQ(dechunk("3\r\nabcX\r\n", 1).rfind("error:", 0), 0u);
  EXPECT_EQ(dechunk("3\nabc\r\n", 1).rfind("error:", 0), 0u);
}

TEST(WriteIndex, DeletedEventsMapToTheThirdIndexOfTheirObject) {
  EXPECT_EQ(write_index(EventType::kAdded, 6), 6u);
  EXPECT_EQ(write_index(EventType::kModified, 7), 7u);
  EXPECT_EQ(write_index(EventType::kDeleted, 7), 8u);  // the object's last state is the update's
  EXPECT_EQ(write_index(EventType::kDeleted, 6), 8u);  // deleted without an update (cleanup)
}

TEST(LatencyAfterAck, CountsFromTheAcknowledgementAndZeroWhenTheEventCameFirst) {
  EXPECT_EQ(latency_after_ack(1'000'500, 1'000'000), 500u);
  EXPECT_EQ(latency_after_ack(1'000'000, 1'000'000), 0u);  // read in the same instant
  EXPECT_EQ(latency_after_ack(999'000, 1'000'000), 0u);    // read before the writer read its answer
  EXPECT_EQ(latency_after_ack(1'000'000, 0), 0u);          // not acknowledged yet when read
}

TEST(Histogram, QuantilesAreWithinThreePercent) {
  Histogram h;
  for (uint64_t v = 1; v <= 100000; ++v) h.record(v * 1000);  // 1 us .. 100 ms
  EXPECT_EQ(h.count(), 100000u);
  EXPECT_EQ(h.max(), 100000000u);
  for (double q : {0.5, 0.9, 0.99, 0.999}) {
    double want = q * 1e8;
    EXPECT_NEAR(static_cast<double>(h.quantile(q)), want, want * 0.03) << q;
  }
  Histogram other;
  other.record(500);
  h.merge(other);
  EXPECT_EQ(h.count(), 100001u);
  EXPECT_EQ(Histogram().quantile(0.5), 0u);
}

TEST(Histogram, SmallValuesAreExact) {
  Histogram h;
  for (uint64_t v : {0, 1, 2, 31}) h.record(v);
  EXPECT_EQ(h.quantile(0), 0u);
  EXPECT_EQ(h.quantile(1), 31u);
}

TEST(Loopback, OnlyLoopbackAddressesPass) {
  EXPECT_TRUE(is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(is_loopback_host("127.3.2.1"));
  EXPECT_TRUE(is_loopback_host("::1"));
  EXPECT_FALSE(is_loopback_host("192.0.2.1"));
  EXPECT_FALSE(is_loopback_host("10.0.0.1"));
}

TEST(BodyTemplate, RendersWhatDumpingTheDocumentWithThoseValuesGives) {
  auto doc = [](const std::string& name, const std::string& seq) {
    return nlohmann::json{{"kind", "ConfigMap"},
                          {"metadata", {{"name", name}, {"annotations", {{"seq", seq}, {"pad", "xx"}}}}}};
  };
  BodyTemplate t(doc("@name@", "@seq@"), {"@name@", "@seq@"});
  EXPECT_EQ(t.render({"kc-1", "7"}), doc("kc-1", "7").dump());
  // Values are escaped as nlohmann escapes them.
  const std::string odd = "a\"b\\c\n\x01\t\u00e9";
  EXPECT_EQ(t.render({odd, ""}), doc(odd, "").dump());
}

TEST(BodyTemplate, APlaceholderMustOccurExactlyOnce) {
  nlohmann::json twice = {{"a", "@x@"}, {"b", "@x@"}};
  EXPECT_THROW(BodyTemplate(twice, {"@x@"}), std::invalid_argument);
  EXPECT_THROW(BodyTemplate(nlohmann::json{{"a", "b"}}, {"@x@"}), std::invalid_argument);
}

}  // namespace
}  // namespace kapi::bench
