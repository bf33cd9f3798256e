// resource.Quantity as upstream (k8s.io/apimachinery/pkg/api/resource): parsing of `1Gi`, `500m`,
// `1e3`, `0.5`, exact comparison, and the canonical string upstream prints (`1000` → `1k`,
// `1.5Gi` → `1536Mi`, `0.5` → `500m`). Values are exact decimals rounded up to nano precision on
// parse, as upstream does, so arbitrarily large quantities neither overflow nor lose digits.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

namespace kapi::registry {

// How a quantity was written, which decides how it is printed back.
enum class QuantityFormat {
  kDecimalSI,        // "", n, u, m, k, M, G, T, P, E
  kBinarySI,         // Ki, Mi, Gi, Ti, Pi, Ei
  kDecimalExponent,  // e3, E-2
};

// The messages upstream's ParseQuantity fails with (ErrFormatWrong, ErrSuffix).
inline constexpr std::string_view kQuantityFormatError =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
inline constexpr std::string_view kQuantitySuffixError = "unable to parse quantity's suffix";

class Quantity {
 public:
  Quantity() = default;  // zero, DecimalSI

  // A quantity, or upstream's error message.
  static std::variant<Quantity, std::string> parse(std::string_view text);
  // A JSON string ("1Gi") or number (2, 0.5) as upstream's UnmarshalJSON accepts.
  static std::variant<Quantity, std::string> from_json(const nlohmann::json& value);
  // An integer count of base units (e.g. bytes), printed DecimalSI.
  static Quantity from_int(int64_t value);

  // Upstream's String(): canonical form, e.g. "1Gi", "500m", "1e3", "0".
  std::string to_string() const;

  bool is_zero() const { return digits_.empty(); }
  bool is_negative() const { return negative_; }
  QuantityFormat format() const { return format_; }
  // The value rounded up to a whole number of units (upstream's Value()), saturating at int64.
  int64_t value() const;
  // The value in thousandths, rounded up (upstream's MilliValue()), saturating at int64.
  int64_t milli_value() const;

  // This value rounded away from zero to a multiple of 10^scale (upstream's RoundUp(scale);
  // -3 is milli units), keeping the format.
  Quantity rounded_up(int scale) const;

  // Numeric order: "1Gi" == "1024Mi", "500m" < "1".
  std::strong_ordering operator<=>(const Quantity& other) const;
  bool operator==(const Quantity& other) const { return (*this <=> other) == 0; }

 private:
  int64_t scaled_value(int scale) const;

  // value = (negative_ ? -1 : 1) × digits_ × 10^exponent_; digits_ has no leading or trailing
  // zeros ("" is zero), and exponent_ >= -9 after parsing.
  bool negative_ = false;
  std::string digits_;
  int exponent_ = 0;
  QuantityFormat format_ = QuantityFormat::kDecimalSI;
};

// The canonical string of a JSON quantity, or nullopt when it does not parse.
std::optional<std::string> canonical_quantity(const nlohmann::json& value);
// Rewrites each value of a resource map (requests, capacity, hard) in canonical form; values that
// do not parse are left for validation to report. Anything but an object is left alone.
void canonicalize_quantity_map(nlohmann::json& map);

}  // namespace kapi::registry
