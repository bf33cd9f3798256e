// Go %#v renderings used in upstream-shaped validation messages.
#include "registry/apps/go_repr.h"

#include <gtest/gtest.h>

namespace kapi::registry::apps {
namespace {

TEST(GoReprTest, StringMapsSortKeysAndQuote) {
  EXPECT_EQ(go_string_map(json::parse(R"({"b":"2","a":"x\"y"})")), "map[string]string{\"a\":\"x\\\"y\", \"b\":\"2\"}");
  EXPECT_EQ(go_string_map(json::object()), "map[string]string{}");
  EXPECT_EQ(go_string_map(json()), "map[string]string(nil)");
}

TEST(GoReprTest, LabelSelectorsAndIntOrString) {
  EXPECT_EQ(go_label_selector(json::parse(R"({"matchExpressions":[{"key":"k","operator":"In","values":["a","b"]}]})")),
            "v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{"
            "v1.LabelSelectorRequirement{Key:\"k\", Operator:\"In\", Values:[]string{\"a\", \"b\"}}}}");
  EXPECT_EQ(go_int_or_string(json(3)), "intstr.IntOrString{Type:0, IntVal:3, StrVal:\"\"}");
  EXPECT_EQ(go_int_or_string(json("25%")), "intstr.IntOrString{Type:1, IntVal:0, StrVal:\"25%\"}");
}

}  // namespace
}  // namespace kapi::registry::apps
