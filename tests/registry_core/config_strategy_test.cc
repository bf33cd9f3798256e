// ConfigMaps and Secrets: keys, base64, secret types, immutability, field selector, tables.
#include <gtest/gtest.h>

#include "tests/registry_core/test_support.h"

namespace kapi::registry::core {
namespace {

const auto kNow = std::chrono::system_clock::from_time_t(1700000000);

json object(const char* name, const char* body) {
  json obj = json::parse(body);
  obj["metadata"]["name"] = name;
  return obj;
}

class ConfigTest : public testing::RegistryFixture {};

TEST_F(ConfigTest, ConfigMapKeysAndTable) {
  auto err = create_error("configmaps", "default", object("c", R"({"data":{"bad key":"v","..x":"v","ok":"v"},"binaryData":{"ok":"AA=="}})"));
  auto c = causes(err);
  EXPECT_FIELD_ERROR(c, "data[bad key]", "Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
  EXPECT_FIELD_ERROR(c, "data[..x]", "Invalid value: \"..x\": must not start with '..'");
  EXPECT_FIELD_ERROR(c, "binaryData[ok]", "Invalid value: \"ok\": duplicate of key present in data");
  json cm = create_ok("configmaps", "default", object("c", R"({"data":{"a":"1","b":"2"},"binaryData":{"c":"AA=="}})"));
  cm["metadata"]["creationTimestamp"] = "2023-11-14T22:13:00Z";
  EXPECT_EQ(store("configmaps").strategy().table_printer().cells(cm, kNow), json::parse(R"(["c",3,"20s"])"));
}

TEST_F(ConfigTest, ImmutableConfigMap) {
  create_ok("configmaps", "default", object("c", R"({"immutable":true,"data":{"a":"1"}})"));
  auto refused = store("configmaps").update("default", "c", object("c", R"({"immutable":true,"data":{"a":"2"}})"), {});
  ASSERT_FALSE(refused.ok());
  EXPECT_FIELD_ERROR(causes(refused.error()), "data", "Forbidden: field is immutable when `immutable` is set");
  auto unset = store("configmaps").update("default", "c", object("c", R"({"data":{"a":"1"}})"), {});
  ASSERT_FALSE(unset.ok());
  EXPECT_FIELD_ERROR(causes(unset.error()), "immutable", "Forbidden: field is immutable when `immutable` is set");
}

TEST_F(ConfigTest, SecretDataAndTypes) {
  json s = create_ok("secrets", "default", object("s", R"({"stringData":{"user":"admin"},"data":{"pw":"c2VjcmV0"}})"));
  EXPECT_EQ(s["type"], "Opaque");
  EXPECT_EQ(s["data"]["user"], "YWRtaW4=");
  EXPECT_FALSE(s.contains("stringData"));
  s["metadata"]["creationTimestamp"] = "2023-11-14T22:13:00Z";
  EXPECT_EQ(store("secrets").strategy().table_printer().cells(s, kNow), json::parse(R"(["s","Opaque",2,"20s"])"));

  auto bad = create_error("secrets", "default", object("b", R"({"data":{"k":"not base64!","j":"YWJj"}})"));
  EXPECT_FIELD_ERROR(causes(bad), "data[k]", "Invalid value: \"<value omitted>\": must be a base64-encoded string");
  auto tls = create_error("secrets", "default", object("t", R"({"type":"kubernetes.io/tls","data":{"tls.crt":"YQ=="}})"));
  EXPECT_FIELD_ERROR(causes(tls), "data[tls.key]", "Required value");
  auto sa = create_error("secrets", "default", object("t", R"({"type":"kubernetes.io/service-account-token"})"));
  EXPECT_FIELD_ERROR(causes(sa), "metadata.annotations[kubernetes.io/service-account.name]", "Required value");
  auto basic = create_error("secrets", "default", object("t", R"({"type":"kubernetes.io/basic-auth"})"));
  EXPECT_FIELD_ERROR(causes(basic), "data[username]", "Required value");
  auto retyped = store("secrets").update("default", "s", object("s", R"({"type":"kubernetes.io/ssh-auth","data":{"ssh-privatekey":"YQ=="}})"), {});
  ASSERT_FALSE(retyped.ok());
  EXPECT_FIELD_ERROR(causes(retyped.error()), "type", "Invalid value: \"kubernetes.io/ssh-auth\": field is immutable");
}

TEST_F(ConfigTest, SecretFieldSelectorByType) {
  create_ok("secrets", "default", object("a", R"({})"));
  create_ok("secrets", "default", object("b", R"({"type":"kubernetes.io/ssh-auth","data":{"ssh-privatekey":"YQ=="}})"));
  ListQuery q;
  q.field_selector = "type=kubernetes.io/ssh-auth";
  auto page = store("secrets").list("default", q);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(json::parse(*page->items[0])["metadata"]["name"], "b");
}

}  // namespace
}  // namespace kapi::registry::core
