// Member spans found in JSON text without a parse: what Table rows splice and skip.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <random>

#include <nlohmann/json.hpp>

#include "registry/json_span.h"

namespace kapi::registry {
namespace {

std::string value_of(std::string_view text, std::string_view key) {
  auto span = find_member(text, key);
  if (!span) return "<none>";
  return std::string(text.substr(span->value_begin, span->value_end - span->value_begin));
}

TEST(JsonSpanTest, FindsTopLevelMembersOnly) {
  const std::string text = R"({"a":{"metadata":1},"b":[1,{"c":"}"}],"metadata":{"name":"x"},"n":-1.5e3,"t":true})";
  EXPECT_EQ(value_of(text, "metadata"), R"({"name":"x"})");
  EXPECT_EQ(value_of(text, "b"), R"([1,{"c":"}"}])");
  EXPECT_EQ(value_of(text, "n"), "-1.5e3");
  EXPECT_EQ(value_of(text, "t"), "true");
  EXPECT_EQ(value_of(text, "c"), "<none>");
  EXPECT_EQ(value_of(text, "name"), "<none>");
}

TEST(JsonSpanTest, StringsWithEscapedQuotesAndBackslashes) {
  const std::string text = R"({"s":"a\"b\\","long":"0123456789012345678901234567890\"x\\\\","k":"v"})";
  EXPECT_EQ(value_of(text, "s"), R"("a\"b\\")");
  EXPECT_EQ(value_of(text, "long"), R"("0123456789012345678901234567890\"x\\\\")");
  EXPECT_EQ(value_of(text, "k"), R"("v")");
}

// Values that are not read are skipped by their brackets: brackets and quotes inside their
// strings must not count, however the strings escape.
TEST(JsonSpanTest, SkippedValuesWithBracketsAndQuotesInStrings) {
  const std::string text =
      R"({"a":{"x":["\"]}",{"y":"\\"},"[{"],"z":{"b":"}"}},"b":2,"c":[[],{},"]"],"d":"\\\""})";
  EXPECT_EQ(value_of(text, "b"), "2");
  EXPECT_EQ(value_of(text, "c"), R"([[],{},"]"])");
  EXPECT_EQ(value_of(text, "d"), R"("\\\"")");
  EXPECT_EQ(value_of(R"({"a":[1,{"b":2}],"b":3})", "b"), "3");
  EXPECT_EQ(value_of(R"({"a":[1,{"b":2},"b":3})", "b"), "<none>");  // the array never closes
  EXPECT_EQ(value_of(R"({"a":[1,"]})", "b"), "<none>");             // nor its string
}

TEST(JsonSpanTest, Whitespace) {
  const std::string text = " { \"a\" : [ 1 , 2 ] ,\n \"b\" :\t{ } } ";
  EXPECT_EQ(value_of(text, "a"), "[ 1 , 2 ]");
  EXPECT_EQ(value_of(text, "b"), "{ }");
}

TEST(JsonSpanTest, NotAnObjectOrCutShort) {
  EXPECT_EQ(value_of("[1]", "a"), "<none>");
  EXPECT_EQ(value_of(R"({"a":{"b":1)", "a"), "<none>");
  EXPECT_EQ(value_of(R"({"a":"open)", "a"), "<none>");
  EXPECT_EQ(value_of("{}", "a"), "<none>");
}

TEST(JsonSpanTest, FindMembersInOnePass) {
  const std::string text = R"({"a":1,"b":{"x":2},"c":"3"})";
  std::vector<std::optional<MemberSpan>> spans;
  ASSERT_TRUE(find_members(text, {"c", "zz", "a"}, spans));
  ASSERT_TRUE(spans[0] && spans[2]);
  EXPECT_FALSE(spans[1]);
  EXPECT_EQ(text.substr(spans[0]->value_begin, spans[0]->value_end - spans[0]->value_begin), R"("3")");
  EXPECT_EQ(text.substr(spans[2]->value_begin, spans[2]->value_end - spans[2]->value_begin), "1");
  EXPECT_FALSE(find_members(R"({"a":1,)", {"b"}, spans));
}

TEST(JsonSpanTest, FindMembersAndTheirFieldsInOnePass) {
  const std::string text = R"({"a":1,"meta":{"x":[1],"name":"n","y":{"name":2}},"spec":"s","status":{"p":3}})";
  std::vector<std::optional<MemberSpan>> spans;
  std::vector<std::vector<std::optional<MemberSpan>>> fields;
  ASSERT_TRUE(find_members(text, {"meta", "spec", "meta", "status"}, {{}, {"k"}, {"name", "z"}, {}}, spans, fields));
  auto at = [&](const std::optional<MemberSpan>& span) {
    return span ? text.substr(span->value_begin, span->value_end - span->value_begin) : "<none>";
  };
  EXPECT_EQ(at(spans[0]), R"({"x":[1],"name":"n","y":{"name":2}})");
  EXPECT_EQ(at(spans[2]), at(spans[0]));
  EXPECT_EQ(at(fields[2][0]), R"("n")");
  EXPECT_EQ(at(fields[2][1]), "<none>");
  EXPECT_EQ(at(spans[1]), R"("s")");  // not an object: no fields
  EXPECT_EQ(at(fields[1][0]), "<none>");
  EXPECT_EQ(at(spans[3]), R"({"p":3})");
  EXPECT_FALSE(find_members(R"({"meta":{"name":"n",}})", {"meta"}, {{"name"}}, spans, fields));
}

TEST(JsonSpanTest, ArrayLengthCountsWithoutReading) {
  EXPECT_EQ(array_length(R"([{"name":"a","ports":[1,2]},{"name":"b"}])"), 2u);
  EXPECT_EQ(array_length(" [ ] "), 0u);
  EXPECT_EQ(array_length(R"([1,"two",[3],{"4":4},null])"), 5u);
  EXPECT_FALSE(array_length(R"({"a":1})"));
  EXPECT_FALSE(array_length(R"("text")"));
}

TEST(JsonSpanTest, WithoutMemberTakesOneComma) {
  const std::string text = R"({"a":1,"b":[2],"c":3})";
  EXPECT_EQ(without_member(text, *find_member(text, "a")), R"({"b":[2],"c":3})");
  EXPECT_EQ(without_member(text, *find_member(text, "b")), R"({"a":1,"c":3})");
  EXPECT_EQ(without_member(text, *find_member(text, "c")), R"({"a":1,"b":[2]})");
  EXPECT_EQ(without_member(R"({"only":{}})", *find_member(R"({"only":{}})", "only")), "{}");
}

// Random objects, written compact (as stored) and indented: every member's span holds the text
// of its value, and the fields found inside an object member are its own.
using nlohmann::json;

json random_value(std::mt19937& rng, int depth) {
  static const char* const kStrings[] = {"", "a", "\"", "\\", "}", "]{[", "\\\"", "é", "\u0001", "k:{\"name\":\"x\"}",
                                         "0123456789abcdef0123456789abcdef0123456789"};
  switch (std::uniform_int_distribution<int>(0, depth > 3 ? 3 : 5)(rng)) {
    case 0: return kStrings[rng() % std::size(kStrings)];
    case 1: return static_cast<int64_t>(rng() % 2000) - 1000;
    case 2: return rng() % 2 ? json(true) : json(nullptr);
    case 3: return 1.5 * static_cast<double>(rng() % 100);
    case 4: {
      json array = json::array();
      for (int i = static_cast<int>(rng() % 4); i > 0; --i) array.push_back(random_value(rng, depth + 1));
      return array;
    }
    default: {
      json object = json::object();
      // Keys are compared as written, so none needs an escape.
      static const char* const kKeys[] = {"", "a", "}", "]{[", "é", "f:name", "k:{name:x}"};
      for (int i = static_cast<int>(rng() % 5); i > 0; --i)
        object[kKeys[rng() % std::size(kKeys)] + std::to_string(rng() % 3)] = random_value(rng, depth + 1);
      return object;
    }
  }
}

TEST(JsonSpanTest, SpansAgreeWithAParseOfRandomObjects) {
  std::mt19937 rng(7);
  for (int round = 0; round < 500; ++round) {
    json obj = json::object();
    for (int i = static_cast<int>(rng() % 6); i >= 0; --i) obj["m" + std::to_string(i)] = random_value(rng, 0);
    for (const std::string& text : {obj.dump(), obj.dump(1)}) {
      std::vector<std::string_view> keys;
      std::vector<std::vector<std::string_view>> fields;
      std::vector<std::string> names;  // the fields asked of each object member: all of its keys
      names.reserve(64);
      for (const auto& [key, value] : obj.items()) {
        keys.push_back(key);
        fields.emplace_back();
        if (value.is_object())
          for (const auto& [inner, unused] : value.items()) fields.back().push_back(names.emplace_back(inner));
      }
      keys.push_back("absent");
      fields.push_back({"absent"});
      std::vector<std::optional<MemberSpan>> spans;
      std::vector<std::vector<std::optional<MemberSpan>>> field_spans;
      ASSERT_TRUE(find_members(text, keys, fields, spans, field_spans)) << text;
      auto at = [&](const MemberSpan& span) {
        return json::parse(text.substr(span.value_begin, span.value_end - span.value_begin));
      };
      for (size_t k = 0; k + 1 < keys.size(); ++k) {
        ASSERT_TRUE(spans[k]) << keys[k] << " in " << text;
        EXPECT_EQ(at(*spans[k]), obj[std::string(keys[k])]) << text;
        EXPECT_EQ(text.compare(spans[k]->key_begin, keys[k].size() + 2, "\"" + std::string(keys[k]) + "\""), 0);
        for (size_t f = 0; f < fields[k].size(); ++f) {
          ASSERT_TRUE(field_spans[k][f]) << fields[k][f] << " in " << text;
          EXPECT_EQ(at(*field_spans[k][f]), obj[std::string(keys[k])][std::string(fields[k][f])]);
        }
        const json& value = obj[std::string(keys[k])];
        const std::string value_text = text.substr(spans[k]->value_begin, spans[k]->value_end - spans[k]->value_begin);
        if (value.is_array()) EXPECT_EQ(array_length(value_text), value.size()) << value_text;
        else EXPECT_FALSE(array_length(value_text));
      }
      EXPECT_FALSE(spans.back());
    }
  }
}

// Cut or altered text is answered (a span inside the text, or none) without reading past it;
// the sanitizer build checks the reads.
TEST(JsonSpanTest, CutOrAlteredTextStaysWithinIt) {
  std::mt19937 rng(11);
  const std::string alphabet = "{}[]\"\\:, a1";
  for (int round = 0; round < 300; ++round) {
    json obj = {{"metadata", random_value(rng, 2)}, {"spec", random_value(rng, 1)}, {"status", random_value(rng, 1)}};
    std::string text = obj.dump();
    if (round % 2) text = text.substr(0, rng() % (text.size() + 1));
    else text[rng() % text.size()] = alphabet[rng() % alphabet.size()];
    // A heap copy of exactly the text's bytes, so a read past its end is one the sanitizer sees.
    std::unique_ptr<char[]> exact(new char[text.size()]);
    std::copy(text.begin(), text.end(), exact.get());
    const std::string_view view(exact.get(), text.size());
    std::vector<std::optional<MemberSpan>> spans;
    std::vector<std::vector<std::optional<MemberSpan>>> field_spans;
    find_members(view, {"metadata", "spec", "status"}, {{"name"}, {}, {"phase"}}, spans, field_spans);
    for (const auto& span : spans) EXPECT_LE(span ? span->value_end : 0, view.size());
    for (const auto& of_member : field_spans)
      for (const auto& span : of_member) EXPECT_LE(span ? span->value_end : 0, view.size());
    if (auto span = find_member(view, "spec")) {
      EXPECT_LE(span->value_end, view.size());
      array_length(view.substr(span->value_begin, span->value_end - span->value_begin));
    }
    array_length(view);
  }
}

}  // namespace
}  // namespace kapi::registry
