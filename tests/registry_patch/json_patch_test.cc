// RFC 6902 JSON Patch, with upstream's error codes for bad bodies and failed operations.
#include <gtest/gtest.h>

#include "registry/patch/json_patch.h"

namespace kapi::registry::patch {
namespace {

using json = nlohmann::json;

json ok(const PatchResult& r) {
  if (const PatchError* e = std::get_if<PatchError>(&r)) ADD_FAILURE() << e->code << " " << e->message;
  return std::holds_alternative<json>(r) ? std::get<json>(r) : json();
}

PatchError err(const PatchResult& r) {
  if (std::holds_alternative<json>(r)) ADD_FAILURE() << "expected an error, got " << std::get<json>(r).dump();
  return std::holds_alternative<PatchError>(r) ? std::get<PatchError>(r) : PatchError{};
}

const json kDoc = json::parse(R"({"metadata":{"name":"x","labels":{"a":"1"}},"data":{"k":"v"},"list":[1,2,3]})");

TEST(JsonPatch, AddReplaceRemove) {
  json out = ok(apply_json_patch(kDoc, R"([
    {"op":"add","path":"/metadata/labels/b","value":"2"},
    {"op":"replace","path":"/data/k","value":"w"},
    {"op":"remove","path":"/metadata/labels/a"}])"));
  EXPECT_EQ(out["metadata"]["labels"], json::parse(R"({"b":"2"})"));
  EXPECT_EQ(out["data"]["k"], "w");
}

TEST(JsonPatch, ArrayIndexesAndAppend) {
  json out = ok(apply_json_patch(kDoc, R"([
    {"op":"add","path":"/list/0","value":0},
    {"op":"add","path":"/list/-","value":4},
    {"op":"remove","path":"/list/1"}])"));
  EXPECT_EQ(out["list"], json::parse("[0,2,3,4]"));
}

TEST(JsonPatch, EscapedPointerTokens) {
  json doc = json::parse(R"({"metadata":{"annotations":{"example.com/a~b":"x"}}})");
  json out = ok(apply_json_patch(doc, R"([{"op":"replace","path":"/metadata/annotations/example.com~1a~0b","value":"y"}])"));
  EXPECT_EQ(out["metadata"]["annotations"]["example.com/a~b"], "y");
}

TEST(JsonPatch, MoveCopyTest) {
  json out = ok(apply_json_patch(kDoc, R"([
    {"op":"test","path":"/data/k","value":"v"},
    {"op":"copy","from":"/data/k","path":"/data/copy"},
    {"op":"move","from":"/data/k","path":"/data/moved"}])"));
  EXPECT_EQ(out["data"], json::parse(R"({"copy":"v","moved":"v"})"));
}

TEST(JsonPatch, FailedTestIs422WithCause) {
  PatchError e = err(apply_json_patch(kDoc, R"([{"op":"test","path":"/data/k","value":"other"}])"));
  EXPECT_EQ(e.code, 422);
  EXPECT_EQ(e.reason, "Invalid");
  EXPECT_EQ(e.message, "the server rejected our request due to an error in our request");
  EXPECT_EQ(e.details["causes"][0]["message"], "testing value /data/k failed: test failed");
  EXPECT_EQ(e.details["causes"][0]["reason"], "UnexpectedServerResponse");
}

TEST(JsonPatch, MissingPathsAre422) {
  EXPECT_EQ(err(apply_json_patch(kDoc, R"([{"op":"remove","path":"/nope/x"}])")).details["causes"][0]["message"],
            "remove operation does not apply: doc is missing path: \"/nope/x\": missing value");
  EXPECT_EQ(err(apply_json_patch(kDoc, R"([{"op":"replace","path":"/data/nope","value":1}])")).details["causes"][0]["message"],
            "replace operation does not apply: doc is missing key: /data/nope: missing value");
  EXPECT_EQ(err(apply_json_patch(kDoc, R"([{"op":"add","path":"/a/b/c","value":1}])")).code, 422);
  EXPECT_EQ(err(apply_json_patch(kDoc, R"([{"op":"add","path":"/list/9","value":1}])")).code, 422);
  EXPECT_EQ(err(apply_json_patch(kDoc, R"([{"op":"remove","path":"/data/nope"}])")).code, 422);
}

TEST(JsonPatch, UnknownOperationIs422) {
  PatchError e = err(apply_json_patch(kDoc, R"([{"op":"frobnicate","path":"/data"}])"));
  EXPECT_EQ(e.code, 422);
  EXPECT_EQ(e.details["causes"][0]["message"], "Unexpected kind: frobnicate");
}

TEST(JsonPatch, FailureLeavesNothingHalfApplied) {
  // The caller's object is untouched even when a later operation fails.
  json before = kDoc;
  err(apply_json_patch(kDoc, R"([{"op":"add","path":"/data/new","value":1},{"op":"test","path":"/data/k","value":0}])"));
  EXPECT_EQ(kDoc, before);
}

TEST(JsonPatch, MalformedBodiesAre400) {
  EXPECT_EQ(err(apply_json_patch(kDoc, "{not json")).code, 400);
  PatchError e = err(apply_json_patch(kDoc, R"({"op":"add"})"));
  EXPECT_EQ(e.code, 400);
  EXPECT_EQ(e.reason, "BadRequest");
  EXPECT_EQ(e.message, "json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  EXPECT_EQ(err(apply_json_patch(kDoc, R"(["add"])")).code, 400);
}

TEST(JsonPatch, TooManyOperationsIs413) {
  std::string body = "[";
  for (size_t i = 0; i <= kMaxJsonPatchOperations; ++i) {
    body += std::string(i ? "," : "") + R"({"op":"test","path":"/data/k","value":"v"})";
  }
  body += "]";
  PatchError e = err(apply_json_patch(kDoc, body));
  EXPECT_EQ(e.code, 413);
  EXPECT_EQ(e.message, "The allowed maximum operations in a JSON patch is 10000, got 10001");
}

}  // namespace
}  // namespace kapi::registry::patch
