#include "registry/quantity.h"

#include <algorithm>
#include <array>
#include <limits>

namespace kapi::registry {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The pieces of a quantity string as upstream's parseQuantityString splits them: sign, integer
// digits, fraction digits, suffix. Leading zeros are dropped; "" digits mean zero.
struct Pieces {
  bool negative = false;
  std::string whole;
  std::string fraction;
  std::string suffix;
};

std::optional<Pieces> split(std::string_view s) {
  Pieces p;
  size_t pos = 0;
  if (pos < s.size() && (s[pos] == '-' || s[pos] == '+')) p.negative = s[pos++] == '-';
  while (pos < s.size() && s[pos] == '0') ++pos;
  size_t start = pos;
  while (pos < s.size() && is_digit(s[pos])) ++pos;
  p.whole = std::string(s.substr(start, pos - start));
  if (pos < s.size() && s[pos] == '.') {
    start = ++pos;
    while (pos < s.size() && is_digit(s[pos])) ++pos;
    p.fraction = std::string(s.substr(start, pos - start));
  }
  // Suffix: letters from "eEinumkKMGTP", an optional sign, then digits to the end.
  start = pos;
  while (pos < s.size() && std::string_view("eEinumkKMGTP").find(s[pos]) != std::string_view::npos)
    ++pos;
  if (pos < s.size() && (s[pos] == '-' || s[pos] == '+')) ++pos;
  while (pos < s.size() && is_digit(s[pos])) ++pos;
  if (pos != s.size()) return std::nullopt;
  p.suffix = std::string(s.substr(start));
  return p;
}

// What a suffix means: value × base^power, and the format it selects.
struct Suffix {
  int base;   // 10 or 2
  int power;  // decimal exponent or binary exponent (multiple of 10)
  QuantityFormat format;
};

std::optional<Suffix> interpret(const std::string& s) {
  static constexpr std::array<std::pair<std::string_view, int>, 10> kDecimal = {{
      {"n", -9}, {"u", -6}, {"m", -3}, {"", 0}, {"k", 3}, {"M", 6}, {"G", 9}, {"T", 12},
      {"P", 15}, {"E", 18}}};
  static constexpr std::array<std::string_view, 6> kBinary = {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  for (auto [name, power] : kDecimal)
    if (s == name) return Suffix{10, power, QuantityFormat::kDecimalSI};
  for (size_t i = 0; i < kBinary.size(); ++i)
    if (s == kBinary[i]) return Suffix{2, static_cast<int>(10 * (i + 1)), QuantityFormat::kBinarySI};
  if (s.size() > 1 && (s[0] == 'e' || s[0] == 'E')) {
    std::string_view rest(s);
    rest.remove_prefix(1);
    bool neg = false;
    if (rest[0] == '-' || rest[0] == '+') {
      neg = rest[0] == '-';
      rest.remove_prefix(1);
    }
    if (rest.empty() || rest.size() > 9) return std::nullopt;
    int power = 0;
    for (char c : rest) {
      if (!is_digit(c)) return std::nullopt;
      power = power * 10 + (c - '0');
    }
    return Suffix{10, neg ? -power : power, QuantityFormat::kDecimalExponent};
  }
  return std::nullopt;
}

// Digit-string arithmetic on non-negative integers without leading zeros ("" is zero).
std::string multiply_small(const std::string& digits, int factor) {
  std::string out;
  int carry = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int v = (*it - '0') * factor + carry;
    out.push_back(static_cast<char>('0' + v % 10));
    carry = v / 10;
  }
  while (carry > 0) {
    out.push_back(static_cast<char>('0' + carry % 10));
    carry /= 10;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

// Quotient of digits / divisor, and whether it divided exactly.
std::pair<std::string, bool> divide_small(const std::string& digits, int divisor) {
  std::string out;
  long rem = 0;
  for (char c : digits) {
    rem = rem * 10 + (c - '0');
    char q = static_cast<char>('0' + rem / divisor);
    if (!out.empty() || q != '0') out.push_back(q);
    rem %= divisor;
  }
  return {out, rem == 0};
}

// Adds one to the last digit (rounding away from zero).
std::string increment(std::string digits) {
  int i = static_cast<int>(digits.size()) - 1;
  while (i >= 0 && digits[i] == '9') digits[i--] = '0';
  if (i < 0) digits.insert(digits.begin(), '1');
  else ++digits[i];
  return digits;
}

// Moves trailing zeros of `digits` into `exponent`, and drops leading zeros.
void normalise(std::string& digits, int& exponent) {
  size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) {
    digits.clear();
    exponent = 0;
    return;
  }
  digits.erase(0, first);
  size_t last = digits.find_last_not_of('0');
  exponent += static_cast<int>(digits.size() - 1 - last);
  digits.erase(last + 1);
}

// Rounds digits × 10^exponent away from zero so that exponent >= min_exponent.
void round_up_to(std::string& digits, int& exponent, int min_exponent) {
  if (digits.empty() || exponent >= min_exponent) return;
  size_t drop = static_cast<size_t>(min_exponent - exponent);
  // digits has no trailing zeros, so dropping any digit loses value: always round up.
  digits = drop >= digits.size() ? std::string() : digits.substr(0, digits.size() - drop);
  exponent = min_exponent;
  digits = digits.empty() ? "1" : increment(digits);
  normalise(digits, exponent);
}

const char* decimal_suffix(int exponent) {
  switch (exponent) {
    case -9: return "n";
    case -6: return "u";
    case -3: return "m";
    case 0: return "";
    case 3: return "k";
    case 6: return "M";
    case 9: return "G";
    case 12: return "T";
    case 15: return "P";
    case 18: return "E";
    default: return nullptr;
  }
}

}  // namespace

std::variant<Quantity, std::string> Quantity::parse(std::string_view text) {
  if (text.empty()) return std::string(kQuantityFormatError);
  auto pieces = split(text);
  if (!pieces) return std::string(kQuantityFormatError);
  auto suffix = interpret(pieces->suffix);
  if (!suffix) return std::string(kQuantitySuffixError);

  Quantity q;
  q.format_ = suffix->format;
  q.digits_ = pieces->whole + pieces->fraction;
  q.exponent_ = -static_cast<int>(pieces->fraction.size());
  if (suffix->base == 10) {
    q.exponent_ += suffix->power;
  } else {
    for (int i = 0; i < suffix->power / 10; ++i) q.digits_ = multiply_small(q.digits_, 1024);
  }
  normalise(q.digits_, q.exponent_);
  round_up_to(q.digits_, q.exponent_, -9);
  q.negative_ = pieces->negative && !q.digits_.empty();
  return q;
}

std::variant<Quantity, std::string> Quantity::from_json(const nlohmann::json& value) {
  if (value.is_string()) return parse(value.get<std::string>());
  if (value.is_number_integer()) return parse(value.dump());
  if (value.is_number_float()) {
    // Upstream parses a number's raw bytes; its shortest text says the same.
    std::string text = value.dump();  // 1e3 prints as "1000.0", 1e30 as "1e+30"
    if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) text.resize(text.size() - 2);
    return parse(text);
  }
  return std::string(kQuantityFormatError);
}

Quantity Quantity::from_int(int64_t value) {
  Quantity q;
  q.negative_ = value < 0;
  uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  q.digits_ = magnitude == 0 ? "" : std::to_string(magnitude);
  normalise(q.digits_, q.exponent_);
  return q;
}

std::string Quantity::to_string() const {
  if (is_zero()) return "0";
  QuantityFormat format = format_;
  if (format == QuantityFormat::kBinarySI) {
    // Small or fractional binary values print as decimals, so no precision is lost.
    static const Quantity k1024 = from_int(1024);
    Quantity magnitude = *this;
    magnitude.negative_ = false;
    if (magnitude < k1024 || exponent_ < 0) format = QuantityFormat::kDecimalSI;
  }
  std::string sign = negative_ ? "-" : "";
  if (format == QuantityFormat::kBinarySI) {
    std::string whole = digits_ + std::string(static_cast<size_t>(exponent_), '0');
    static constexpr std::array<const char*, 7> kBinary = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    size_t power = 0;
    while (power + 1 < kBinary.size()) {
      auto [quotient, exact] = divide_small(whole, 1024);
      if (!exact) break;
      whole = quotient;
      ++power;
    }
    return sign + whole + kBinary[power];
  }
  // Decimal: the exponent goes down to a multiple of three, the digits take the difference.
  int exponent = exponent_;
  std::string digits = digits_;
  int shift = ((exponent % 3) + 3) % 3;
  digits += std::string(static_cast<size_t>(shift), '0');
  exponent -= shift;
  if (format == QuantityFormat::kDecimalSI) {
    if (const char* suffix = decimal_suffix(exponent)) return sign + digits + suffix;
  }
  return sign + digits + (exponent == 0 ? "" : "e" + std::to_string(exponent));
}

int64_t Quantity::scaled_value(int scale) const {
  // The value in units of 10^scale, rounded away from zero.
  std::string digits = digits_;
  int exponent = exponent_ - scale;
  round_up_to(digits, exponent, 0);
  size_t length = digits.size() + static_cast<size_t>(std::max(exponent, 0));
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  if (digits.empty()) return 0;
  if (length > 18) return negative_ ? -kMax : kMax;
  int64_t v = std::stoll(digits);
  for (int i = 0; i < exponent; ++i) v *= 10;
  return negative_ ? -v : v;
}

Quantity Quantity::rounded_up(int scale) const {
  Quantity q = *this;
  round_up_to(q.digits_, q.exponent_, scale);
  q.negative_ = negative_ && !q.digits_.empty();
  return q;
}

int64_t Quantity::value() const { return scaled_value(0); }
int64_t Quantity::milli_value() const { return scaled_value(-3); }

std::strong_ordering Quantity::operator<=>(const Quantity& other) const {
  if (negative_ != other.negative_) return negative_ ? std::strong_ordering::less : std::strong_ordering::greater;
  // Compare magnitudes: first by the position of the leading digit, then digit by digit.
  auto magnitude = [&]() -> std::strong_ordering {
    if (is_zero() || other.is_zero()) return !is_zero() <=> !other.is_zero();
    long top_a = static_cast<long>(digits_.size()) + exponent_;
    long top_b = static_cast<long>(other.digits_.size()) + other.exponent_;
    if (top_a != top_b) return top_a <=> top_b;
    size_t n = std::max(digits_.size(), other.digits_.size());
    for (size_t i = 0; i < n; ++i) {
      char a = i < digits_.size() ? digits_[i] : '0';
      char b = i < other.digits_.size() ? other.digits_[i] : '0';
      if (a != b) return a <=> b;
    }
    return std::strong_ordering::equal;
  }();
  if (negative_) return 0 <=> magnitude;  // both negative: the larger magnitude is smaller
  return magnitude;
}

std::optional<std::string> canonical_quantity(const nlohmann::json& value) {
  auto parsed = Quantity::from_json(value);
  if (auto* q = std::get_if<Quantity>(&parsed)) return q->to_string();
  return std::nullopt;
}

void canonicalize_quantity_map(nlohmann::json& map) {
  if (!map.is_object()) return;
  for (auto& [name, value] : map.items())
    if (auto canonical = canonical_quantity(value)) value = *canonical;
}

}  // namespace kapi::registry
