#include <gtest/gtest.h>

#include "registry/api_error.h"
#include "registry/continue_token.h"
#include "registry/object_meta.h"
#include "registry/table.h"

namespace kapi::registry {
namespace {

TEST(StatusErrors, ShapesAsUpstream) {
  auto nf = not_found({"", "configmaps"}, "x").to_status();
  EXPECT_EQ(nf["kind"], "Status");
  EXPECT_EQ(nf["status"], "Failure");
  EXPECT_EQ(nf["reason"], "NotFound");
  EXPECT_EQ(nf["code"], 404);
  EXPECT_EQ(nf["message"], "configmaps \"x\" not found");
  EXPECT_EQ(nf["details"]["name"], "x");
  EXPECT_EQ(nf["details"]["kind"], "configmaps");

  auto ae = already_exists({"apps", "deployments"}, "pg");
  EXPECT_EQ(ae.code, 409);
  EXPECT_EQ(ae.message, "deployments.apps \"pg\" already exists");
  EXPECT_EQ(ae.to_status()["details"]["group"], "apps");

  auto inv = invalid("apps", "StatefulSet", "pg", {required("spec.selector", "")});
  EXPECT_EQ(inv.code, 422);
  EXPECT_EQ(inv.message, "StatefulSet.apps \"pg\" is invalid: spec.selector: Required value");
  EXPECT_EQ(inv.details["causes"][0]["field"], "spec.selector");

  auto two = invalid("", "ConfigMap", "c", {required("a", ""), invalid_value("b", "x", "bad")});
  EXPECT_EQ(two.message, "ConfigMap \"c\" is invalid: [a: Required value, b: Invalid value: \"x\": bad]");
}

TEST(ContinueToken, RoundTripsAndRejectsGarbage) {
  auto token = encode_continue({42, "b/name"});
  auto point = decode_continue(token);
  ASSERT_TRUE(point);
  EXPECT_EQ(point->revision, 42);
  EXPECT_EQ(point->start_after, "b/name");
  EXPECT_FALSE(decode_continue("not-base64!!"));
  EXPECT_FALSE(decode_continue(base64_encode("{\"v\":\"other\",\"rv\":1,\"start\":\"\"}")));
  EXPECT_FALSE(decode_continue(base64_encode("{\"v\":\"meta.k8s.io/v1\",\"rv\":0,\"start\":\"\"}")));
}

TEST(Base64, KnownVectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_decode("Zm9vYg==").value(), "foob");
}

TEST(Names, Dns1123Rules) {
  EXPECT_TRUE(check_dns1123_subdomain("a.b-c").empty());
  EXPECT_FALSE(check_dns1123_subdomain("A").empty());
  EXPECT_FALSE(check_dns1123_subdomain("-a").empty());
  EXPECT_TRUE(check_dns1123_label("kube-system").empty());
  EXPECT_FALSE(check_dns1123_label("a.b").empty());
  EXPECT_FALSE(check_dns1123_label(std::string(64, 'a')).empty());
}

TEST(Age, HumanDurationAsUpstream) {
  using std::chrono::seconds;
  EXPECT_EQ(human_duration(seconds(-5)), "<invalid>");
  EXPECT_EQ(human_duration(seconds(-1)), "0s");
  EXPECT_EQ(human_duration(seconds(86)), "86s");
  EXPECT_EQ(human_duration(seconds(120)), "2m");
  EXPECT_EQ(human_duration(seconds(330)), "5m30s");
  EXPECT_EQ(human_duration(seconds(179 * 60)), "179m");
  EXPECT_EQ(human_duration(seconds(3 * 3600 + 4 * 60)), "3h4m");
  EXPECT_EQ(human_duration(seconds(47 * 3600)), "47h");
  EXPECT_EQ(human_duration(seconds((7 * 24 + 23) * 3600)), "7d23h");
  EXPECT_EQ(human_duration(seconds(37 * 24 * 3600)), "37d");
  EXPECT_EQ(human_duration(seconds((2 * 365 + 45) * 24 * 3600LL)), "2y45d");
}

TEST(Time, Rfc3339RoundTrip) {
  auto t = parse_rfc3339("2024-02-29T12:34:56Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(rfc3339(*t), "2024-02-29T12:34:56Z");
  EXPECT_FALSE(parse_rfc3339("yesterday"));
}

// Times in the fixed "YYYY-MM-DDTHH:MM:SSZ" form are counted without strptime; a "+00:00" offset
// takes strptime's path, so the two must agree, also where timegm would normalise (day 31 of a
// short month, second 60) and across leap years and centuries, as far as system_clock reaches.
TEST(Time, FixedFormAgreesWithStrptime) {
  char buf[64];
  int checked = 0;
  for (int year : {1678, 1900, 1970, 1999, 2000, 2024, 2100, 2261})
    for (int month = 1; month <= 12; ++month)
      for (int day : {1, 15, 28, 29, 30, 31})
        for (const char* time : {"00:00:00", "12:34:56", "23:59:59", "23:59:60"}) {
          std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%s", year, month, day, time);
          auto fixed = parse_rfc3339(std::string(buf) + "Z");
          auto slow = parse_rfc3339(std::string(buf) + "+00:00");
          ASSERT_TRUE(fixed && slow) << buf;
          EXPECT_EQ(*fixed, *slow) << buf;
          ++checked;
        }
  EXPECT_EQ(checked, 8 * 12 * 6 * 4);
  EXPECT_EQ(parse_rfc3339("2023-02-29T00:00:00Z"), parse_rfc3339("2023-03-01T00:00:00Z"));
  EXPECT_EQ(parse_rfc3339("2024-02-29T12:34:56.123456Z"), parse_rfc3339("2024-02-29T12:34:56Z"));
  EXPECT_EQ(parse_rfc3339("2024-02-29T14:34:56+02:00"), parse_rfc3339("2024-02-29T12:34:56Z"));
  // Not the fixed form: strptime reads what it takes.
  EXPECT_EQ(parse_rfc3339("2024-2-9T1:2:3Z"), parse_rfc3339("2024-02-09T01:02:03Z"));
  EXPECT_FALSE(parse_rfc3339("2024-13-01T00:00:00Z"));
  EXPECT_FALSE(parse_rfc3339("2024-00-01T00:00:00Z"));
  EXPECT_FALSE(parse_rfc3339("2024-01-01"));
  // Valid RFC 3339, but past what system_clock holds (2262): no time rather than an overflow.
  EXPECT_FALSE(parse_rfc3339("9999-12-31T23:59:59Z"));
  EXPECT_FALSE(parse_rfc3339("9999-12-31T23:59:59+01:00"));
  EXPECT_FALSE(parse_rfc3339("1600-01-01T00:00:00Z"));
}

TEST(Uid, Version4Shape) {
  auto uid = new_uid();
  ASSERT_EQ(uid.size(), 36u);
  EXPECT_EQ(uid[14], '4');
  EXPECT_NE(uid, new_uid());
}

}  // namespace
}  // namespace kapi::registry
