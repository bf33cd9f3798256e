// metav1.LabelSelector objects (matchLabels + matchExpressions) as selectors.
#include <gtest/gtest.h>

#include "registry/selector/label_selector.h"

namespace kapi::registry::selector {
namespace {

using nlohmann::json;

LabelSelector from_json_ok(const json& j) {
  auto made = LabelSelector::from_json(j);
  if (auto* error = std::get_if<std::string>(&made)) {
    ADD_FAILURE() << "from_json(" << j.dump() << ") failed: " << *error;
    return {};
  }
  return std::get<LabelSelector>(made);
}

std::string from_json_error(const json& j) {
  auto made = LabelSelector::from_json(j);
  if (auto* error = std::get_if<std::string>(&made)) return *error;
  ADD_FAILURE() << "from_json(" << j.dump() << ") unexpectedly succeeded";
  return "";
}

TEST(LabelSelectorJson, EmptyObjectSelectsEverythingAndNullSelectsNothing) {
  auto everything = from_json_ok(json::object());
  EXPECT_TRUE(everything.empty());
  EXPECT_TRUE(everything.matches(json{{"a", "b"}}));

  auto nothing = from_json_ok(json());
  EXPECT_FALSE(nothing.empty());
  EXPECT_FALSE(nothing.matches(json{{"a", "b"}}));
  EXPECT_FALSE(nothing.matches(json()));
}

TEST(LabelSelectorJson, MatchLabelsAndExpressionsAreAnded) {
  auto selector = from_json_ok(json::parse(R"({
    "matchLabels": {"app": "web"},
    "matchExpressions": [
      {"key": "tier", "operator": "In", "values": ["frontend", "edge"]},
      {"key": "track", "operator": "NotIn", "values": ["canary"]},
      {"key": "team", "operator": "Exists"},
      {"key": "legacy", "operator": "DoesNotExist"}
    ]})"));
  EXPECT_EQ(selector.to_string(), "app=web,!legacy,team,tier in (edge,frontend),track notin (canary)");
  EXPECT_TRUE(selector.matches(json{{"app", "web"}, {"tier", "edge"}, {"team", "x"}}));
  EXPECT_FALSE(selector.matches(json{{"app", "web"}, {"tier", "edge"}}));
  EXPECT_FALSE(selector.matches(json{{"app", "web"}, {"tier", "edge"}, {"team", "x"}, {"legacy", "1"}}));
  EXPECT_FALSE(selector.matches(json{{"app", "web"}, {"tier", "edge"}, {"team", "x"}, {"track", "canary"}}));
  EXPECT_FALSE(selector.matches(json{{"app", "db"}, {"tier", "edge"}, {"team", "x"}}));
}

TEST(LabelSelectorJson, ErrorsMatchUpstream) {
  EXPECT_EQ(from_json_error(json::parse(R"({"matchExpressions":[{"key":"a","operator":"Gt","values":["1"]}]})")),
            "\"Gt\" is not a valid label selector operator");
  EXPECT_EQ(from_json_error(json::parse(R"({"matchExpressions":[{"key":"a","operator":"In","values":[]}]})")),
            "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty");
  EXPECT_EQ(from_json_error(json::parse(R"({"matchExpressions":[{"key":"a","operator":"Exists","values":["x"]}]})")),
            "values: Invalid value: [\"x\"]: values set must be empty for exists and does not exist");
  EXPECT_NE(from_json_error(json::parse(R"({"matchLabels":{"-bad":"x"}})")).find("key: Invalid value: \"-bad\": name part"),
            std::string::npos);
  EXPECT_NE(from_json_error(json::parse(R"({"matchLabels":{"a":"-bad"}})")).find("values[0][a]: Invalid value: \"-bad\""),
            std::string::npos);
}

TEST(LabelSelectorJson, SeveralProblemsAggregateInBrackets) {
  std::string error = from_json_error(
      json::parse(R"({"matchExpressions":[{"key":"-k","operator":"In","values":[]}]})"));
  EXPECT_EQ(error.front(), '[');
  EXPECT_EQ(error.back(), ']');
  EXPECT_NE(error.find("key: Invalid value: \"-k\""), std::string::npos);
  EXPECT_NE(error.find(", values: Invalid value: null"), std::string::npos);
}

}  // namespace
}  // namespace kapi::registry::selector
