// The hand-written matchers that replaced std::regex (DNS-1123 names, percent strings) accept
// exactly what the regular expressions upstream documents accept: every string up to length 5
// over an alphabet of the characters that matter is checked against std::regex.
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "registry/apps/workload_validation.h"
#include "registry/object_meta.h"

namespace kapi::registry {
namespace {

// Every string of length 0..max_length over `alphabet`.
std::vector<std::string> all_strings(const std::string& alphabet, size_t max_length) {
  std::vector<std::string> out{""};
  for (size_t begin = 0, length = 1; length <= max_length; ++length) {
    const size_t end = out.size();
    for (size_t i = begin; i < end; ++i)
      for (char c : alphabet) out.push_back(out[i] + c);
    begin = end;
  }
  return out;
}

TEST(NameMatchers, Dns1123LabelAcceptsWhatItsRegexAccepts) {
  const std::regex re("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  for (const auto& s : all_strings("a9-.A_", 5)) {
    bool valid = std::regex_match(s, re);
    EXPECT_EQ(check_dns1123_label(s).empty(), valid) << "\"" << s << "\"";
  }
}

TEST(NameMatchers, Dns1123SubdomainAcceptsWhatItsRegexAccepts) {
  const std::regex re("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  for (const auto& s : all_strings("a9-.A_", 5)) {
    bool valid = std::regex_match(s, re);
    EXPECT_EQ(check_dns1123_subdomain(s).empty(), valid) << "\"" << s << "\"";
  }
}

TEST(NameMatchers, LengthLimitsStillApply) {
  EXPECT_TRUE(check_dns1123_label(std::string(63, 'a')).empty());
  EXPECT_EQ(check_dns1123_label(std::string(64, 'a')).size(), 1u);
  EXPECT_TRUE(check_dns1123_subdomain(std::string(253, 'a')).empty());
  EXPECT_EQ(check_dns1123_subdomain(std::string(254, 'a')).size(), 1u);
}

TEST(NameMatchers, PercentStringsAsTheirRegexSays) {
  const std::regex re("[0-9]+%");
  for (const auto& s : all_strings("07%a-", 4)) {
    apps::FieldErrors errors;
    apps::validate_int_or_percent(json(s), "spec.x", errors);
    EXPECT_EQ(errors.empty(), std::regex_match(s, re)) << "\"" << s << "\"";
  }
}

}  // namespace
}  // namespace kapi::registry
