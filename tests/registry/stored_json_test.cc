// parse_stored_json must build exactly the tree nlohmann's parser builds, types of numbers included.
#include <gtest/gtest.h>

#include "registry/stored_json.h"

namespace kapi::registry {
namespace {

using json = nlohmann::json;

// Same value, same dump, and the same number types all the way down.
void expect_same_tree(const json& got, const json& want, const std::string& where) {
  ASSERT_EQ(got.type(), want.type()) << where;
  if (got.is_object()) {
    ASSERT_EQ(got.size(), want.size()) << where;
    for (auto it = want.begin(); it != want.end(); ++it) {
      ASSERT_TRUE(got.contains(it.key())) << where << "/" << it.key();
      expect_same_tree(got.at(it.key()), it.value(), where + "/" + it.key());
    }
  } else if (got.is_array()) {
    ASSERT_EQ(got.size(), want.size()) << where;
    for (size_t i = 0; i < got.size(); ++i) expect_same_tree(got[i], want[i], where + "/" + std::to_string(i));
  } else {
    EXPECT_EQ(got, want) << where;
  }
}

void expect_as_nlohmann(const std::string& text) {
  const json want = json::parse(text, nullptr, false);
  const json got = parse_stored_json(text);
  expect_same_tree(got, want, text);
  EXPECT_EQ(got.dump(), want.dump()) << text;
}

TEST(StoredJsonTest, BuildsNlohmannsTree) {
  expect_as_nlohmann(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","uid":"0a-1",)"
                     R"("labels":{"x":"y"},"managedFields":[{"fieldsV1":{"f:data":{}},"manager":"m"}]},)"
                     R"("data":{"k":"v\n\"q\"\\ \u00e9 \ud83d\ude00 é"},"binaryData":{}})");
  expect_as_nlohmann(R"([0,1,-1,18446744073709551615,9223372036854775807,-9223372036854775808,1.5,-0.0,1e300,)"
                     R"(2.5e-5,true,false,null,"",[],{}])");
  expect_as_nlohmann(R"("just a string")");
  expect_as_nlohmann("42");
  expect_as_nlohmann("  {\n \"a\" : [ 1 , 2 ] }\n");
}

TEST(StoredJsonTest, NonNegativeIntegersAreUnsignedNegativeSigned) {
  json j = parse_stored_json(R"({"a":0,"b":7,"c":-7})");
  EXPECT_TRUE(j["a"].is_number_unsigned());
  EXPECT_TRUE(j["b"].is_number_unsigned());
  EXPECT_TRUE(j["c"].is_number_integer());
  EXPECT_FALSE(j["c"].is_number_unsigned());
}

TEST(StoredJsonTest, LeavesWhatSimdjsonRefusesToNlohmann) {
  expect_as_nlohmann("18446744073709551616");     // past 64 bits: a double to nlohmann
  expect_as_nlohmann("[-9223372036854775809]");
  expect_as_nlohmann(R"({"a":1,"a":2})");         // a repeated key: the last one wins
  expect_as_nlohmann(std::string(2000, '[') + std::string(2000, ']'));  // deeper than simdjson goes
  EXPECT_TRUE(parse_stored_json("{\"a\":").is_discarded());
  EXPECT_TRUE(parse_stored_json("").is_discarded());
  EXPECT_TRUE(parse_stored_json("{} x").is_discarded());
}

TEST(StoredJsonTest, MinusZeroStaysASignedInteger) {
  for (std::string text : {"-0", "[-0]", "{\"a\": -0}", "[1,-0]", "{\"a\":[ -0 ]}"}) {
    expect_as_nlohmann(text);
    json j = parse_stored_json(text);
    EXPECT_EQ(j.dump(), json::parse(text).dump());
  }
  EXPECT_FALSE(parse_stored_json("{\"a\":-0}")["a"].is_number_unsigned());
  // Not numbers: dates and names in strings, and doubles.
  expect_as_nlohmann(R"({"t":"2026-01-02T03:04:05Z","n":"web-0","d":-0.5,"e":-0e1})");
}

TEST(StoredJsonTest, PlainBodiesOnly) {
  const std::string body = R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"k":"v"}})";
  auto plain = parse_json_if_plain(body);
  ASSERT_TRUE(plain.has_value());
  expect_same_tree(*plain, json::parse(body), body);
  EXPECT_FALSE(parse_json_if_plain(R"({"metadata":{"name":"a","name":"b"}})").has_value());  // a repeated key
  EXPECT_FALSE(parse_json_if_plain(R"({"a":1,})").has_value());                              // malformed
  EXPECT_FALSE(parse_json_if_plain("\xEF\xBB\xBF{}").has_value());  // a byte order mark: nlohmann's to read
  EXPECT_FALSE(parse_json_if_plain("{\"a\":\"x\ty\"}").has_value());  // an unescaped tab in a string
  EXPECT_FALSE(parse_json_if_plain("[-0]").has_value());
}

TEST(StoredJsonTest, DumpsAsNlohmann) {
  json obj = json::parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","labels":{}},)"
                         R"("data":{"q":"say \"hi\"\\ now","ctl":"\u0001\u001f\b\f\n\r\t","del":"\u007f",)"
                         R"("utf8":"é \ud83d\ude00 日本","k":"v"},"n":[0,-1,18446744073709551615,-9223372036854775808,)"
                         R"(1.5,-0.0,1e300,2.5e-5,1.0,true,false,null,[],{},[[]]],"":""})");
  EXPECT_EQ(dump_json(obj), obj.dump());
  for (const json& v : {json(nullptr), json(true), json(7), json(-7), json(0.1), json("x"), json::array(), json::object()})
    EXPECT_EQ(dump_json(v), v.dump());
  json bad = {{"k", std::string("\xff\xfe")}};  // invalid UTF-8: nlohmann's error, as dump() throws it
  EXPECT_THROW(dump_json(bad), json::type_error);
  EXPECT_THROW(bad.dump(), json::type_error);
}

// Strings are checked eight bytes at a time: every byte that needs escaping (and the bytes around
// the limits: 0x1f / 0x20, 0x7f / 0x80, '"' and '\\' and their neighbours) at every offset of
// strings of 1 to 24 bytes, inside and after the whole words, is dumped as nlohmann dumps it.
TEST(StoredJsonTest, EveryEscapeAtEveryOffsetOfAWord) {
  const std::vector<std::string> specials = {std::string(1, '\0'), "\x01", "\x1f", " ",  "\x7f", "\xc3\xa9", "\"", "!",
                                             "#",  "\\",   "[",    "]",  "\n",   "\t"};
  for (size_t len = 1; len <= 24; ++len) {
    for (size_t at = 0; at < len; ++at) {
      for (const std::string& special : specials) {
        std::string s(len, 'a');
        s.replace(at, 1, special);
        json v = {{"k", s}};
        EXPECT_EQ(dump_json(v), v.dump()) << len << " " << at;
      }
    }
  }
}

TEST(StoredJsonTest, LargeDocuments) {
  json big = json::object();
  for (int i = 0; i < 5000; ++i) big["key-" + std::to_string(i)] = {{"n", i}, {"s", std::string(20, 'x')}};
  expect_as_nlohmann(big.dump());  // over the per-thread parser's kept capacity
  EXPECT_EQ(dump_json(big), big.dump());
  expect_as_nlohmann(R"({"small":true})");  // and the thread's own parser still works after
}

// What parse_stored_metadata must give: the full parse's apiVersion, kind and metadata, less
// managedFields.
json metadata_by_full_parse(const std::string& text) {
  json whole = json::parse(text, nullptr, false);
  json want = json::object();
  if (!whole.is_object()) return want;
  for (const char* key : {"apiVersion", "kind", "metadata"})
    if (whole.contains(key)) want[key] = whole[key];
  if (want.contains("metadata") && want["metadata"].is_object()) want["metadata"].erase("managedFields");
  return want;
}

void expect_metadata(const std::string& text) {
  const json got = parse_stored_metadata(text);
  expect_same_tree(got, metadata_by_full_parse(text), text);
}

TEST(StoredJsonTest, MetadataOnly) {
  const std::string pod =
      R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ns","uid":"u-1","resourceVersion":"7",)"
      R"("generation":3,"deletionTimestamp":"2026-01-01T00:00:00Z","finalizers":["orphan"],)"
      R"("ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs","uid":"u-0",)"
      R"("controller":true,"blockOwnerDeletion":true}],"labels":{"a":"b"},)"
      R"("managedFields":[{"manager":"m","fieldsV1":{"f:spec":{}}}]},)"
      R"("spec":{"nodeName":"n1","containers":[{"name":"c","image":"i"}]},"status":{"phase":"Running"}})";
  const json got = parse_stored_metadata(pod);
  EXPECT_EQ(got, json::parse(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ns",)"
                             R"("uid":"u-1","resourceVersion":"7","generation":3,)"
                             R"("deletionTimestamp":"2026-01-01T00:00:00Z","finalizers":["orphan"],)"
                             R"("ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs",)"
                             R"("uid":"u-0","controller":true,"blockOwnerDeletion":true}],"labels":{"a":"b"}}})"));
  expect_metadata(pod);
  expect_metadata(R"({"kind":"Status","code":410})");                      // no metadata
  expect_metadata(R"({"metadata":{"annotations":{"n":-0}},"spec":{}})");     // -0: nlohmann's tree
  expect_metadata(R"({"metadata":{"name":"a"},"metadata":{"name":"b"}})");  // the last one wins
  expect_metadata(R"({"metadata":"not an object","kind":"X"})");
  EXPECT_EQ(parse_stored_metadata("[1,2]"), json::object());
  EXPECT_EQ(parse_stored_metadata("{bad"), json::object());
  json big = {{"kind", "ConfigMap"}, {"metadata", {{"name", "big"}, {"managedFields", json::array()}}}, {"data", json::object()}};
  for (int i = 0; i < 5000; ++i) big["data"]["key-" + std::to_string(i)] = std::string(20, 'x');
  expect_metadata(big.dump());  // over the per-thread parser's kept capacity
}

}  // namespace
}  // namespace kapi::registry
