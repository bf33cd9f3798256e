#include "apiserver/negotiation.h"

#include <gtest/gtest.h>

#include "apiserver/http_types.h"
#include "apiserver/yaml_json.h"

namespace kapi::apiserver {
namespace {

constexpr const char* kKubectlGet =
    "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,"
    "application/json";
constexpr const char* kKubectlDiscovery =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/"
    "json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

TEST(Negotiation, KubectlGetGetsTablesForResourcesOnly) {
  auto table = negotiate(kKubectlGet, true, false);
  ASSERT_TRUE(table);
  EXPECT_EQ(table->format, OutputFormat::kTable);
  EXPECT_EQ(table->version, "v1");
  auto fallback = negotiate(kKubectlGet, false, false);
  ASSERT_TRUE(fallback);
  EXPECT_EQ(fallback->format, OutputFormat::kJson);
}

TEST(Negotiation, AggregatedDiscoveryOrPlainFallback) {
  auto agg = negotiate(kKubectlDiscovery, false, true);
  ASSERT_TRUE(agg);
  EXPECT_EQ(agg->format, OutputFormat::kDiscoveryV2);
  EXPECT_EQ(agg->version, "v2");
  auto plain = negotiate(kKubectlDiscovery, false, false);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->format, OutputFormat::kJson);
}

TEST(Negotiation, ProtobufFirstFallsBackToJsonAndUnknownIsRefused) {
  auto r = negotiate("application/vnd.kubernetes.protobuf, */*", true, false);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->format, OutputFormat::kJson);
  EXPECT_FALSE(negotiate("application/vnd.kubernetes.protobuf", true, false));
  EXPECT_FALSE(negotiate("text/html", true, false));
  EXPECT_TRUE(negotiate("", true, false));
  auto yaml = negotiate("application/yaml", true, false);
  ASSERT_TRUE(yaml);
  EXPECT_EQ(yaml->format, OutputFormat::kYaml);
}

TEST(Negotiation, DecodeBodyByContentType) {
  auto json_body = decode_body("application/json", R"({"a":1})");
  ASSERT_TRUE(json_body.ok());
  EXPECT_EQ(json_body.value()["a"], 1);
  auto untyped = decode_body("", R"({"a":1})");
  EXPECT_TRUE(untyped.ok());
  auto bad = decode_body("application/json", "{nope");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, 400);
  auto yaml = decode_body("application/yaml", "kind: ConfigMap\ndata:\n  n: \"1\"\n  b: true\n");
  ASSERT_TRUE(yaml.ok());
  EXPECT_EQ(yaml.value()["kind"], "ConfigMap");
  EXPECT_EQ(yaml.value()["data"]["n"], "1");
  EXPECT_EQ(yaml.value()["data"]["b"], true);
  auto bad_yaml = decode_body("application/yaml", "a: [1, 2\n");
  ASSERT_FALSE(bad_yaml.ok());
  EXPECT_EQ(bad_yaml.error().code, 400);
  auto unknown = decode_body("text/plain", "x");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, 415);
}

TEST(YamlJson, RoundTripKeepsStringsThatLookLikeOtherTypes) {
  nlohmann::json v = {{"s", "true"}, {"n", 3}, {"z", "007"}, {"list", {1, "2"}}, {"nil", nullptr}};
  auto back = yaml_to_json(json_to_yaml(v));
  ASSERT_TRUE(std::holds_alternative<nlohmann::json>(back));
  EXPECT_EQ(std::get<nlohmann::json>(back), v);
}

TEST(YamlJson, ReportsKeysGivenTwiceAsGoYamlDoes) {
  std::vector<std::string> duplicates;
  auto decoded = decode_body("application/yaml", "kind: ConfigMap\ndata:\n  a: \"1\"\n  a: \"2\"\n", &duplicates);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded.value()["data"]["a"], "2") << "the last one wins";
  ASSERT_EQ(duplicates.size(), 1u);
  EXPECT_EQ(duplicates[0], "yaml: unmarshal errors:\n  line 4: key \"a\" already set in map");
}

TEST(Query, DecodesPercentAndPlus) {
  auto q = parse_query("labelSelector=app%3Dpg%2Ctier+in+(a)&limit=2&limit=3&empty");
  EXPECT_EQ(q["labelSelector"], "app=pg,tier in (a)");
  EXPECT_EQ(q["limit"], "2");
  EXPECT_EQ(q.count("empty"), 1u);
}

}  // namespace
}  // namespace kapi::apiserver
