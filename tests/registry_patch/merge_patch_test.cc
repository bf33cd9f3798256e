// RFC 7386 JSON Merge Patch: the examples of the RFC's appendix, and bad bodies.
#include <gtest/gtest.h>

#include "registry/patch/merge_patch.h"

namespace kapi::registry::patch {
namespace {

using json = nlohmann::json;

TEST(MergePatch, RfcAppendixExamples) {
  struct Case { const char* target; const char* patch; const char* result; };
  const Case cases[] = {
      {R"({"a":"b"})", R"({"a":"c"})", R"({"a":"c"})"},
      {R"({"a":"b"})", R"({"b":"c"})", R"({"a":"b","b":"c"})"},
      {R"({"a":"b"})", R"({"a":null})", R"({})"},
      {R"({"a":"b","b":"c"})", R"({"a":null})", R"({"b":"c"})"},
      {R"({"a":["b"]})", R"({"a":"c"})", R"({"a":"c"})"},
      {R"({"a":"c"})", R"({"a":["b"]})", R"({"a":["b"]})"},
      {R"({"a":{"b":"c"}})", R"({"a":{"b":"d","c":null}})", R"({"a":{"b":"d"}})"},
      {R"({"a":[{"b":"c"}]})", R"({"a":[1]})", R"({"a":[1]})"},
      {R"({"e":null})", R"({"a":1})", R"({"e":null,"a":1})"},
      {R"({})", R"({"a":{"bb":{"ccc":null}}})", R"({"a":{"bb":{}}})"},
  };
  for (const Case& c : cases) {
    PatchResult r = apply_merge_patch(json::parse(c.target), c.patch);
    ASSERT_TRUE(std::holds_alternative<json>(r)) << c.patch;
    EXPECT_EQ(std::get<json>(r), json::parse(c.result)) << c.target << " + " << c.patch;
  }
}

TEST(MergePatch, ListsAreReplacedWhole) {
  json cm = json::parse(R"({"metadata":{"finalizers":["a","b"]}})");
  PatchResult r = apply_merge_patch(cm, R"({"metadata":{"finalizers":["c"]}})");
  EXPECT_EQ(std::get<json>(r)["metadata"]["finalizers"], json::parse(R"(["c"])"));
}

TEST(MergePatch, BadBodiesAre400) {
  for (const char* body : {"{nope", "[1,2]", "null", "\"x\""}) {
    PatchResult r = apply_merge_patch(json::object(), body);
    ASSERT_TRUE(std::holds_alternative<PatchError>(r)) << body;
    EXPECT_EQ(std::get<PatchError>(r).code, 400) << body;
    EXPECT_EQ(std::get<PatchError>(r).message, "Invalid JSON Patch");
  }
}

}  // namespace
}  // namespace kapi::registry::patch
