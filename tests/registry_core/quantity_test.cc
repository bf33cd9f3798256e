#include "registry/quantity.h"

#include <gtest/gtest.h>

namespace kapi::registry {
namespace {

std::string canonical(std::string_view text) {
  auto parsed = Quantity::parse(text);
  if (auto* err = std::get_if<std::string>(&parsed)) return "error: " + *err;
  return std::get<Quantity>(parsed).to_string();
}

Quantity q(std::string_view text) { return std::get<Quantity>(Quantity::parse(text)); }

TEST(QuantityTest, CanonicalFormsAsUpstreamPrintsThem) {
  EXPECT_EQ(canonical("1Gi"), "1Gi");
  EXPECT_EQ(canonical("1024Mi"), "1Gi");
  EXPECT_EQ(canonical("1.5Gi"), "1536Mi");
  EXPECT_EQ(canonical("0.5Gi"), "512Mi");
  EXPECT_EQ(canonical("1000Ki"), "1000Ki");
  EXPECT_EQ(canonical("0.5Ki"), "512");        // below 1024: printed as a decimal
  EXPECT_EQ(canonical("500m"), "500m");
  EXPECT_EQ(canonical("0.5"), "500m");
  EXPECT_EQ(canonical("1000"), "1k");
  EXPECT_EQ(canonical("1500"), "1500");
  EXPECT_EQ(canonical("1e3"), "1e3");
  EXPECT_EQ(canonical("1E6"), "1e6");
  EXPECT_EQ(canonical("100e2"), "10e3");
  EXPECT_EQ(canonical("1E"), "1E");            // exa, not an exponent
  EXPECT_EQ(canonical("2000G"), "2T");
  EXPECT_EQ(canonical("0"), "0");
  EXPECT_EQ(canonical("0Gi"), "0");
  EXPECT_EQ(canonical("-0"), "0");
  EXPECT_EQ(canonical("-1.5"), "-1500m");
  EXPECT_EQ(canonical("+7"), "7");
  EXPECT_EQ(canonical("007"), "7");
  EXPECT_EQ(canonical("1.G"), "1G");
  EXPECT_EQ(canonical("0.1n"), "1n");          // rounded up to nano precision
  EXPECT_EQ(canonical("1.0000000001"), "1000000001n");
  EXPECT_EQ(canonical("100000000000000000000E"), "100e36");  // past E: exponent form
}

TEST(QuantityTest, ParseErrorsCarryUpstreamMessages) {
  const std::string format =
      "error: quantities must match the regular expression "
      "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  EXPECT_EQ(canonical(""), format);
  EXPECT_EQ(canonical("abc"), format);
  EXPECT_EQ(canonical("1Gb"), format);
  EXPECT_EQ(canonical("1 Gi"), format);
  EXPECT_EQ(canonical("1Gix"), format);
  EXPECT_EQ(canonical("1e"), "error: unable to parse quantity's suffix");
  EXPECT_EQ(canonical("1iG"), "error: unable to parse quantity's suffix");
  EXPECT_EQ(canonical("1KK"), "error: unable to parse quantity's suffix");
}

TEST(QuantityTest, ComparesNumerically) {
  EXPECT_EQ(q("1Gi"), q("1024Mi"));
  EXPECT_EQ(q("1"), q("1000m"));
  EXPECT_EQ(q("1k"), q("1e3"));
  EXPECT_LT(q("500m"), q("1"));
  EXPECT_LT(q("1G"), q("1Gi"));
  EXPECT_GT(q("2Gi"), q("2000Mi"));
  EXPECT_LT(q("-2"), q("-1"));
  EXPECT_LT(q("-1"), q("0"));
  EXPECT_LT(q("0"), q("1n"));
  EXPECT_GT(q("10"), q("9.99"));
}

TEST(QuantityTest, ValuesRoundUp) {
  EXPECT_EQ(q("1Gi").value(), 1073741824);
  EXPECT_EQ(q("1.5").value(), 2);
  EXPECT_EQ(q("250m").milli_value(), 250);
  EXPECT_EQ(q("2").milli_value(), 2000);
  EXPECT_EQ(q("1n").milli_value(), 1);
  EXPECT_EQ(Quantity::from_int(2048).to_string(), "2048");
}

TEST(QuantityTest, AcceptsJsonNumbersAndStrings) {
  EXPECT_EQ(canonical_quantity(nlohmann::json(2)), "2");
  EXPECT_EQ(canonical_quantity(nlohmann::json(0.5)), "500m");
  EXPECT_EQ(canonical_quantity(nlohmann::json("10Gi")), "10Gi");
  EXPECT_EQ(canonical_quantity(nlohmann::json(true)), std::nullopt);
  EXPECT_EQ(canonical_quantity(nlohmann::json("x")), std::nullopt);
}

}  // namespace
}  // namespace kapi::registry
