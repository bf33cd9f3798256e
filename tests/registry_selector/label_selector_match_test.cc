// Matching of parsed label selectors against label maps, operator by operator.
#include <gtest/gtest.h>

#include "registry/selector/label_selector.h"

namespace kapi::registry::selector {
namespace {

using nlohmann::json;

bool selects(std::string_view text, const json& labels) {
  auto parsed = LabelSelector::parse(text);
  if (auto* error = std::get_if<std::string>(&parsed)) {
    ADD_FAILURE() << "parse(" << text << ") failed: " << *error;
    return false;
  }
  return std::get<LabelSelector>(parsed).matches(labels);
}

const json kWeb = {{"app", "web"}, {"tier", "frontend"}, {"replicas", "3"}};

TEST(LabelSelectorMatch, EmptySelectorMatchesEverythingIncludingNoLabels) {
  EXPECT_TRUE(selects("", kWeb));
  EXPECT_TRUE(selects("", json()));
  EXPECT_TRUE(selects("", json::object()));
}

TEST(LabelSelectorMatch, Equality) {
  EXPECT_TRUE(selects("app=web", kWeb));
  EXPECT_TRUE(selects("app==web", kWeb));
  EXPECT_FALSE(selects("app=db", kWeb));
  EXPECT_FALSE(selects("missing=web", kWeb));
  EXPECT_FALSE(selects("app=web", json()));
}

TEST(LabelSelectorMatch, InequalityIncludesAbsentKeys) {
  EXPECT_FALSE(selects("app!=web", kWeb));
  EXPECT_TRUE(selects("app!=db", kWeb));
  EXPECT_TRUE(selects("missing!=x", kWeb));
  EXPECT_TRUE(selects("app!=web", json()));
}

TEST(LabelSelectorMatch, SetMembership) {
  EXPECT_TRUE(selects("app in (db,web)", kWeb));
  EXPECT_FALSE(selects("app in (db,cache)", kWeb));
  EXPECT_FALSE(selects("missing in (x)", kWeb));
  EXPECT_FALSE(selects("app notin (db,web)", kWeb));
  EXPECT_TRUE(selects("app notin (db)", kWeb));
  EXPECT_TRUE(selects("missing notin (x)", kWeb));
}

TEST(LabelSelectorMatch, EmptyStringValue) {
  json blank = {{"a", ""}};
  EXPECT_TRUE(selects("a=", blank));
  EXPECT_TRUE(selects("a in ()", blank));
  EXPECT_FALSE(selects("a=", json::object()));
  EXPECT_TRUE(selects("a", blank));
}

TEST(LabelSelectorMatch, ExistenceAndAbsence) {
  EXPECT_TRUE(selects("app", kWeb));
  EXPECT_FALSE(selects("missing", kWeb));
  EXPECT_TRUE(selects("!missing", kWeb));
  EXPECT_FALSE(selects("!app", kWeb));
  EXPECT_TRUE(selects("!app", json()));
}

TEST(LabelSelectorMatch, NumericComparisons) {
  EXPECT_TRUE(selects("replicas>2", kWeb));
  EXPECT_FALSE(selects("replicas>3", kWeb));
  EXPECT_TRUE(selects("replicas<4", kWeb));
  EXPECT_FALSE(selects("replicas<3", kWeb));
  EXPECT_FALSE(selects("missing>0", kWeb));
  EXPECT_FALSE(selects("app>0", kWeb)) << "non-integer label values never compare";
  EXPECT_TRUE(selects("n<0", json{{"n", "-1"}}));
  EXPECT_TRUE(selects("n>7", json{{"n", "+8"}})) << "labels parse as strconv.ParseInt does";
}

TEST(LabelSelectorMatch, CommaIsAnd) {
  EXPECT_TRUE(selects("app=web,tier=frontend", kWeb));
  EXPECT_FALSE(selects("app=web,tier=backend", kWeb));
  EXPECT_TRUE(selects("app in (web),!canary,replicas>1", kWeb));
}

}  // namespace
}  // namespace kapi::registry::selector
