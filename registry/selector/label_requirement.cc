#include "registry/selector/label_requirement.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>

#include "registry/selector/label_validation.h"

namespace kapi::registry::selector {
namespace {

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

// Upstream's utilerrors aggregate text: one error as is, several as `[a, b]`, duplicates once.
std::string aggregate(const std::vector<std::string>& errors) {
  std::vector<std::string> unique;
  for (const auto& e : errors) {
    if (std::find(unique.begin(), unique.end(), e) == unique.end()) unique.push_back(e);
  }
  if (unique.size() == 1) return unique.front();
  return "[" + join(unique, ", ") + "]";
}

// field.Path rendering: Child joins with '.', Index and Key append `[...]`.
std::string child(std::string_view path, std::string_view name) {
  if (path.empty()) return std::string(name);
  return std::string(path) + "." + std::string(name);
}

// Go's json.Marshal of a []string bad value (nil when empty, as upstream passes it).
std::string values_as_json(const std::vector<std::string>& values) {
  if (values.empty()) return "null";
  return nlohmann::json(values).dump();
}

std::string invalid_list_message(std::string_view path, const std::vector<std::string>& values,
                                 std::string_view detail) {
  return std::string(path) + ": Invalid value: " + values_as_json(values) + ": " +
         std::string(detail);
}

// strconv.ParseInt(s, 10, 64): optional sign, decimal digits, no spaces, no overflow.
std::optional<std::int64_t> parse_int64(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || s.front() < '0' || s.front() > '9') return std::nullopt;
  std::uint64_t magnitude = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), magnitude);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  constexpr std::uint64_t kMaxPositive = static_cast<std::uint64_t>(INT64_MAX);
  if (magnitude > kMaxPositive + (negative ? 1 : 0)) return std::nullopt;
  if (negative) return static_cast<std::int64_t>(0 - magnitude);
  return static_cast<std::int64_t>(magnitude);
}

const std::string* label_value(const nlohmann::json& labels, const std::string& key,
                               std::string& scratch) {
  if (!labels.is_object()) return nullptr;
  auto it = labels.find(key);
  if (it == labels.end()) return nullptr;
  if (it->is_string()) return it->get_ptr<const std::string*>();
  scratch = it->dump();  // not a valid label, but still "present"
  return &scratch;
}

}  // namespace

std::string go_quote(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += "\\x";
          out += kHex[c >> 4];
          out += kHex[c & 0xf];
        } else {
          out += static_cast<char>(c);  // UTF-8 passes through, as %q prints printable runes
        }
    }
  }
  return out + "\"";
}

std::string invalid_field_message(std::string_view path, std::string_view value,
                                  std::string_view detail) {
  return std::string(path) + ": Invalid value: " + go_quote(value) + ": " + std::string(detail);
}

std::variant<LabelRequirement, std::string> LabelRequirement::make(std::string key,
                                                                   LabelOperator op,
                                                                   std::vector<std::string> values,
                                                                   std::string_view field_path) {
  std::vector<std::string> errors;
  if (auto key_errors = qualified_name_errors(key); !key_errors.empty()) {
    errors.push_back(invalid_field_message(child(field_path, "key"), key, join(key_errors, "; ")));
  }
  const std::string values_path = child(field_path, "values");
  switch (op) {
    case LabelOperator::kIn:
    case LabelOperator::kNotIn:
      if (values.empty()) {
        errors.push_back(invalid_list_message(values_path, values,
                                              "for 'in', 'notin' operators, values set can't be empty"));
      }
      break;
    case LabelOperator::kEquals:
    case LabelOperator::kDoubleEquals:
    case LabelOperator::kNotEquals:
      if (values.size() != 1) {
        errors.push_back(invalid_list_message(values_path, values,
                                              "exact-match compatibility requires one single value"));
      }
      break;
    case LabelOperator::kExists:
    case LabelOperator::kDoesNotExist:
      if (!values.empty()) {
        errors.push_back(invalid_list_message(
            values_path, values, "values set must be empty for exists and does not exist"));
      }
      break;
    case LabelOperator::kGreaterThan:
    case LabelOperator::kLessThan:
      if (values.size() != 1) {
        errors.push_back(invalid_list_message(
            values_path, values, "for 'Gt', 'Lt' operators, exactly one value is required"));
      }
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (!parse_int64(values[i])) {
          errors.push_back(invalid_field_message(values_path + "[" + std::to_string(i) + "]",
                                                 values[i],
                                                 "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      }
      break;
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (auto value_errors = label_value_errors(values[i]); !value_errors.empty()) {
      errors.push_back(invalid_field_message(
          values_path + "[" + std::to_string(i) + "][" + key + "]", values[i],
          join(value_errors, "; ")));
    }
  }
  if (!errors.empty()) return aggregate(errors);

  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return LabelRequirement(std::move(key), op, std::move(values));
}

bool LabelRequirement::has_value(std::string_view value) const {
  return std::binary_search(values_.begin(), values_.end(), value);
}

bool LabelRequirement::matches(const nlohmann::json& labels) const {
  std::string scratch;
  const std::string* value = label_value(labels, key_, scratch);
  switch (op_) {
    case LabelOperator::kIn:
    case LabelOperator::kEquals:
    case LabelOperator::kDoubleEquals:
      return value != nullptr && has_value(*value);
    case LabelOperator::kNotIn:
    case LabelOperator::kNotEquals:
      return value == nullptr || !has_value(*value);
    case LabelOperator::kExists:
      return value != nullptr;
    case LabelOperator::kDoesNotExist:
      return value == nullptr;
    case LabelOperator::kGreaterThan:
    case LabelOperator::kLessThan: {
      if (value == nullptr || values_.size() != 1) return false;
      auto have = parse_int64(*value);
      auto want = parse_int64(values_.front());
      if (!have || !want) return false;
      return op_ == LabelOperator::kGreaterThan ? *have > *want : *have < *want;
    }
  }
  return false;
}

std::string LabelRequirement::to_string() const {
  switch (op_) {
    case LabelOperator::kExists: return key_;
    case LabelOperator::kDoesNotExist: return "!" + key_;
    case LabelOperator::kEquals: return key_ + "=" + join(values_, ",");
    case LabelOperator::kDoubleEquals: return key_ + "==" + join(values_, ",");
    case LabelOperator::kNotEquals: return key_ + "!=" + join(values_, ",");
    case LabelOperator::kGreaterThan: return key_ + ">" + join(values_, ",");
    case LabelOperator::kLessThan: return key_ + "<" + join(values_, ",");
    case LabelOperator::kIn: return key_ + " in (" + join(values_, ",") + ")";
    case LabelOperator::kNotIn: return key_ + " notin (" + join(values_, ",") + ")";
  }
  return key_;
}

}  // namespace kapi::registry::selector
