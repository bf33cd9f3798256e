// Field selectors: parsing, escaping, support checks and matching.
#include <gtest/gtest.h>

#include "registry/selector/field_selector.h"

namespace kapi::registry::selector {
namespace {

using Fields = std::map<std::string, std::string>;

FieldSelector parse_ok(std::string_view text) {
  auto parsed = FieldSelector::parse(text);
  if (auto* error = std::get_if<std::string>(&parsed)) {
    ADD_FAILURE() << "parse(" << text << ") failed: " << *error;
    return {};
  }
  return std::get<FieldSelector>(parsed);
}

std::string parse_error(std::string_view text) {
  auto parsed = FieldSelector::parse(text);
  if (auto* error = std::get_if<std::string>(&parsed)) return *error;
  ADD_FAILURE() << "parse(" << text << ") unexpectedly succeeded";
  return "";
}

bool matches(std::string_view text, const Fields& fields) {
  auto result = parse_ok(text).matches(fields);
  if (auto* error = std::get_if<std::string>(&result)) {
    ADD_FAILURE() << text << ": " << *error;
    return false;
  }
  return std::get<bool>(result);
}

const Fields kPod = {{"metadata.name", "web-0"}, {"metadata.namespace", "prod"}, {"spec.nodeName", ""}};

TEST(FieldSelector, EmptySelectsEverything) {
  EXPECT_TRUE(parse_ok("").empty());
  EXPECT_TRUE(parse_ok(",,").empty());
  EXPECT_TRUE(matches("", kPod));
  EXPECT_TRUE(matches("", Fields{}));
}

TEST(FieldSelector, OperatorsAndAnd) {
  EXPECT_TRUE(matches("metadata.name=web-0", kPod));
  EXPECT_TRUE(matches("metadata.name==web-0", kPod));
  EXPECT_FALSE(matches("metadata.name=web-1", kPod));
  EXPECT_TRUE(matches("metadata.name!=web-1", kPod));
  EXPECT_FALSE(matches("metadata.name!=web-0", kPod));
  EXPECT_TRUE(matches("metadata.name=web-0,metadata.namespace=prod", kPod));
  EXPECT_FALSE(matches("metadata.name=web-0,metadata.namespace=dev", kPod));
}

TEST(FieldSelector, EmptyValueMatchesEmptyString) {
  // kubectl describe sends `involvedObject.namespace=` for cluster-scoped objects.
  EXPECT_TRUE(matches("spec.nodeName=", kPod));
  EXPECT_FALSE(matches("metadata.namespace=", kPod));
  EXPECT_TRUE(matches("spec.nodeName!=", Fields{{"spec.nodeName", "n1"}}));
}

TEST(FieldSelector, UnsupportedFieldIsAnErrorEvenWhenAnotherTermFails) {
  auto selector = parse_ok("metadata.name=other,status.phase=Running");
  auto result = selector.matches(kPod);
  ASSERT_TRUE(std::holds_alternative<std::string>(result));
  EXPECT_EQ(std::get<std::string>(result), "field label not supported: status.phase");
}

TEST(FieldSelector, EscapedValues) {
  auto selector = parse_ok(R"(a=x\,y\=z\\w)");
  ASSERT_EQ(selector.terms().size(), 1u);
  EXPECT_EQ(selector.terms()[0].value, R"(x,y=z\w)");
  EXPECT_TRUE(matches(R"(a=x\,y\=z\\w)", Fields{{"a", R"(x,y=z\w)"}}));
  EXPECT_EQ(selector.to_string(), R"(a=x\,y\=z\\w)");
  EXPECT_EQ(escape_field_value("a,b=c\\"), R"(a\,b\=c\\)");
}

TEST(FieldSelector, ErrorsMatchUpstream) {
  EXPECT_EQ(parse_error("a"), "invalid selector: 'a'; can't understand 'a'");
  EXPECT_EQ(parse_error("x=1,nonsense"), "invalid selector: 'x=1,nonsense'; can't understand 'nonsense'");
  EXPECT_EQ(parse_error(R"(a=b\c)"), R"(invalid field selector: invalid escape sequence: \c)");
  EXPECT_EQ(parse_error(R"(a=b\)"), R"(invalid field selector: invalid escape sequence: \)");
  EXPECT_EQ(parse_error("a=b=c"), "invalid field selector: unescaped character in value: 61");
}

TEST(FieldSelector, FirstOperatorSplitsTheTerm) {
  // "!=" is found at position 1, leaving the value "=b" with an unescaped '='.
  EXPECT_EQ(parse_error("a!==b"), "invalid field selector: unescaped character in value: 61");
  EXPECT_EQ(parse_ok(R"(a!=\=b)").terms()[0].value, "=b");
}

TEST(FieldSelector, DoubleEqualsIsOneOperator) {
  auto selector = parse_ok("a==b");
  ASSERT_EQ(selector.terms().size(), 1u);
  EXPECT_EQ(selector.terms()[0].field, "a");
  EXPECT_EQ(selector.terms()[0].value, "b");
  EXPECT_FALSE(selector.terms()[0].negated);
}

TEST(FieldSelector, ExactValue) {
  auto selector = parse_ok("metadata.namespace!=x,metadata.name=web-0");
  EXPECT_EQ(selector.exact_value("metadata.name"), "web-0");
  EXPECT_EQ(selector.exact_value("metadata.namespace"), std::nullopt);
  EXPECT_EQ(parse_ok("metadata.name==a").exact_value("metadata.name"), "a");
  EXPECT_EQ(parse_ok("").exact_value("metadata.name"), std::nullopt);
}

}  // namespace
}  // namespace kapi::registry::selector
