// A plain YAML scalar becomes a JSON integer or float exactly when the patterns go-yaml v2
// resolves them by match it (the matchers are hand-written; std::regex checks them here over
// every short string of the characters that matter). Anything else stays a string.
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "apiserver/yaml_json.h"

namespace kapi::apiserver {
namespace {

TEST(YamlScalars, NumbersResolveAsGoYamlsPatternsSay) {
  const std::regex int_re("[-+]?(0|[1-9][0-9]*)");
  const std::regex float_re("[-+]?([0-9]+\\.[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+");
  std::vector<std::string> strings{""};
  for (size_t begin = 0, length = 1; length <= 5; ++length) {
    const size_t end = strings.size();
    for (size_t i = begin; i < end; ++i)
      for (char c : std::string("01.e-+")) strings.push_back(strings[i] + c);
    begin = end;
  }
  int numbers = 0;
  for (const auto& s : strings) {
    if (s.empty()) continue;
    auto parsed = yaml_to_json("v: " + s + "\n");
    if (parsed.index() != 0) {  // "-" alone is YAML syntax, not a scalar; no number is
      EXPECT_FALSE(std::regex_match(s, int_re) || std::regex_match(s, float_re)) << s;
      continue;
    }
    const auto& v = std::get<nlohmann::json>(parsed)["v"];
    if (std::regex_match(s, int_re)) {
      EXPECT_TRUE(v.is_number_integer()) << s << " -> " << v.dump();
      ++numbers;
    } else if (std::regex_match(s, float_re)) {
      EXPECT_TRUE(v.is_number_float()) << s << " -> " << v.dump();
      ++numbers;
    } else {
      EXPECT_TRUE(v.is_string()) << s << " -> " << v.dump();
    }
  }
  EXPECT_GT(numbers, 100);  // the corpus does exercise both patterns
}

TEST(YamlScalars, ValuesOfNumbers) {
  auto parsed = std::get<nlohmann::json>(yaml_to_json("a: -12\nb: +1.5e2\nc: .5\nd: 012\ne: 1e3\n"));
  EXPECT_EQ(parsed["a"], -12);
  EXPECT_DOUBLE_EQ(parsed["b"].get<double>(), 150.0);
  EXPECT_DOUBLE_EQ(parsed["c"].get<double>(), 0.5);
  EXPECT_EQ(parsed["d"], "012");  // a leading zero is no int to go-yaml v2's resolver here
  EXPECT_DOUBLE_EQ(parsed["e"].get<double>(), 1000.0);
}

}  // namespace
}  // namespace kapi::apiserver
