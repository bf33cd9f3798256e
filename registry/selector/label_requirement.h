// One term of a label selector (`key in (a,b)`, `!key`, `key>3`, ...), as upstream's
// labels.Requirement: construction validates, matching is pure.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kapi::registry::selector {

enum class LabelOperator { kIn, kNotIn, kEquals, kDoubleEquals, kNotEquals, kExists, kDoesNotExist,
                           kGreaterThan, kLessThan };

class LabelRequirement {
 public:
  // Validates like upstream's NewRequirement and returns its aggregated error text on failure.
  // `field_path` prefixes the error fields ("" as in labels.Parse, "spec.selector" for objects).
  static std::variant<LabelRequirement, std::string> make(std::string key, LabelOperator op,
                                                          std::vector<std::string> values,
                                                          std::string_view field_path = "");

  // labels: a JSON object of string values, or null (no labels).
  bool matches(const nlohmann::json& labels) const;
  std::string to_string() const;

  const std::string& key() const { return key_; }
  LabelOperator op() const { return op_; }
  const std::vector<std::string>& values() const { return values_; }  // sorted, unique

 private:
  LabelRequirement(std::string key, LabelOperator op, std::vector<std::string> values)
      : key_(std::move(key)), op_(op), values_(std::move(values)) {}

  bool has_value(std::string_view value) const;

  std::string key_;
  LabelOperator op_;
  std::vector<std::string> values_;
};

// Upstream's field.Invalid(path, value, detail).Error() for a string value:
// `<path>: Invalid value: "<value>": <detail>`.
std::string invalid_field_message(std::string_view path, std::string_view value,
                                  std::string_view detail);

// Go's %q for the printable ASCII that label keys and values use, escaping the rest.
std::string go_quote(std::string_view s);

}  // namespace kapi::registry::selector
