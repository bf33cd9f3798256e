// Parsing of label selector strings: accepted forms, canonical output, and upstream's errors.
#include <gtest/gtest.h>

#include "registry/selector/label_selector.h"

namespace kapi::registry::selector {
namespace {

LabelSelector parse_ok(std::string_view text) {
  auto parsed = LabelSelector::parse(text);
  if (auto* error = std::get_if<std::string>(&parsed)) {
    ADD_FAILURE() << "parse(" << text << ") failed: " << *error;
    return {};
  }
  return std::get<LabelSelector>(parsed);
}

std::string parse_error(std::string_view text) {
  auto parsed = LabelSelector::parse(text);
  if (auto* error = std::get_if<std::string>(&parsed)) return *error;
  ADD_FAILURE() << "parse(" << text << ") unexpectedly succeeded";
  return "";
}

TEST(LabelSelectorParse, EmptyAndBlankSelectEverything) {
  EXPECT_TRUE(parse_ok("").empty());
  EXPECT_TRUE(parse_ok("   ").empty());
  EXPECT_EQ(parse_ok("").to_string(), "");
}

TEST(LabelSelectorParse, CanonicalFormSortsKeysAndValues) {
  EXPECT_EQ(parse_ok("z=1,a==2,m!=3").to_string(), "a==2,m!=3,z=1");
  EXPECT_EQ(parse_ok("env in (prod, dev,qa)").to_string(), "env in (dev,prod,qa)");
  EXPECT_EQ(parse_ok("tier notin (web)").to_string(), "tier notin (web)");
  EXPECT_EQ(parse_ok("x,!y").to_string(), "x,!y");
  EXPECT_EQ(parse_ok("n>3,m<10").to_string(), "m<10,n>3");
  EXPECT_EQ(parse_ok("example.com/app=web").to_string(), "example.com/app=web");
}

TEST(LabelSelectorParse, WhitespaceIsInsignificantAroundTokens) {
  EXPECT_EQ(parse_ok("  a = b ,  c  in  ( d , e ) ").to_string(), "a=b,c in (d,e)");
  EXPECT_EQ(parse_ok("a\t!=\tb").to_string(), "a!=b");
}

TEST(LabelSelectorParse, EmptyValuesAreAllowed) {
  EXPECT_EQ(parse_ok("a=").to_string(), "a=");
  EXPECT_EQ(parse_ok("a=,b=c").to_string(), "a=,b=c");
  EXPECT_EQ(parse_ok("a in ()").to_string(), "a in ()");
  EXPECT_EQ(parse_ok("x in (foo,,baz),y,z notin ()").to_string(), "x in (,baz,foo),y,z notin ()");
  EXPECT_EQ(parse_ok("a in (,b)").to_string(), "a in (,b)");
  EXPECT_EQ(parse_ok("a in (b,)").to_string(), "a in (,b)");
}

TEST(LabelSelectorParse, KeywordsAreIdentifiersWhereValuesGo) {
  EXPECT_EQ(parse_ok("in in (in,notin)").to_string(), "in in (in,notin)");
  EXPECT_EQ(parse_ok("notin=in").to_string(), "notin=in");
}

TEST(LabelSelectorParse, DuplicateValuesCollapse) {
  auto selector = parse_ok("a in (x,x,y)");
  ASSERT_EQ(selector.requirements().size(), 1u);
  EXPECT_EQ(selector.requirements()[0].values(), (std::vector<std::string>{"x", "y"}));
}

TEST(LabelSelectorParse, ErrorsMatchUpstream) {
  EXPECT_EQ(parse_error("a in (b"), "unable to parse requirement: found '', expected: ',' or ')'");
  EXPECT_EQ(parse_error("=foo"), "found '=', expected: !, identifier, or 'end of string'");
  EXPECT_EQ(parse_error("a=b,"), "found '', expected: identifier after ','");
  EXPECT_EQ(parse_error("a=b c"), "found 'c', expected: ',' or 'end of string'");
  EXPECT_EQ(parse_error("a in b"), "unable to parse requirement: found 'b' expected: '('");
  EXPECT_EQ(parse_error("a in (b c)"), "unable to parse requirement: found 'c', expected: ',' or ')'");
  EXPECT_EQ(parse_error("a in (="), "unable to parse requirement: found '=', expected: ',', ')' or identifier");
  EXPECT_EQ(parse_error("a in (b,="), "unable to parse requirement: found '=', expected: ',', or identifier");
  EXPECT_EQ(parse_error("a b"), "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
  EXPECT_EQ(parse_error("a=(b)"), "unable to parse requirement: found '(', expected: identifier");
  EXPECT_EQ(parse_error("!=a"), "found '!=', expected: !, identifier, or 'end of string'");
  EXPECT_EQ(parse_error("!(a"), "unable to parse requirement: found '(', expected: identifier");
  EXPECT_EQ(parse_error("!a=b"), "found '=', expected: ',' or 'end of string'");
  EXPECT_EQ(parse_error(","), "found ',', expected: !, identifier, or 'end of string'");
}

TEST(LabelSelectorParse, InvalidKeyNamesTheNilPathLikeUpstream) {
  EXPECT_EQ(parse_error("-a=b"),
            "unable to parse requirement: <nil>: Invalid value: \"-a\": name part must consist of "
            "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
            "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
            "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
  EXPECT_EQ(parse_error("Example.com/a=b"),
            "unable to parse requirement: <nil>: Invalid value: \"Example.com/a\": prefix part a "
            "lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' "
            "or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
            "regex used for validation is "
            "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  EXPECT_EQ(parse_error("/a"), "unable to parse requirement: <nil>: Invalid value: \"/a\": prefix part must be non-empty");
  EXPECT_NE(parse_error("a/b/c").find("a qualified name must consist of"), std::string::npos);
  std::string long_key(64, 'k');
  EXPECT_NE(parse_error(long_key).find("name part must be no more than 63 characters"), std::string::npos);
}

TEST(LabelSelectorParse, InvalidValuesAreReportedWithTheirPath) {
  EXPECT_EQ(parse_error("a=-b"),
            "unable to parse requirement: values[0][a]: Invalid value: \"-b\": a valid label must be "
            "an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start "
            "and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', "
            "regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
  std::string long_value(64, 'v');
  EXPECT_NE(parse_error("a=" + long_value).find("must be no more than 63 characters"), std::string::npos);
}

TEST(LabelSelectorParse, GreaterAndLessNeedIntegers) {
  EXPECT_EQ(parse_error("a>b"),
            "unable to parse requirement: values[0]: Invalid value: \"b\": for 'Gt', 'Lt' "
            "operators, the value must be an integer");
  EXPECT_NE(parse_error("a<1.5").find("the value must be an integer"), std::string::npos);
  // A negative bound is an integer but not a valid label value, so upstream rejects it too.
  EXPECT_NE(parse_error("a>-3").find("values[0][a]: Invalid value: \"-3\""), std::string::npos);
  EXPECT_EQ(parse_ok("a>007").to_string(), "a>007");
  EXPECT_NE(parse_error("a>+-3").find("must be an integer"), std::string::npos);
  EXPECT_NE(parse_error("a>99999999999999999999").find("must be an integer"), std::string::npos);
}

TEST(LabelSelectorParse, ExactValueReportsPinnedKeys) {
  auto selector = parse_ok("a=1,b in (2),c in (3,4),d!=5");
  EXPECT_EQ(selector.exact_value("a"), "1");
  EXPECT_EQ(selector.exact_value("b"), "2");
  EXPECT_EQ(selector.exact_value("c"), std::nullopt);
  EXPECT_EQ(selector.exact_value("d"), std::nullopt);
  EXPECT_EQ(selector.exact_value("e"), std::nullopt);
}

}  // namespace
}  // namespace kapi::registry::selector
