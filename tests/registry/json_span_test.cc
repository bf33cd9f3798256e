// Member spans found in JSON text without a parse: what Table rows splice and skip.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace kapi::registry
