#include "registry/selector/field_selector.h"

#include <algorithm>

namespace kapi::registry::selector {
namespace {

// Splits on commas not preceded by a backslash; the backslashes stay in the terms.
std::vector<std::string> split_terms(std::string_view text) {
  std::vector<std::string> terms;
  if (text.empty()) return terms;
  std::size_t start = 0;
  bool after_backslash = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (after_backslash) {
      after_backslash = false;
    } else if (c == '\\') {
      after_backslash = true;
    } else if (c == ',') {
      terms.emplace_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  terms.emplace_back(text.substr(start));
  return terms;
}

struct SplitTerm {
  std::string_view field, op, value;
};

// The first operator occurrence splits the term (fields cannot escape). At one position "!="
// wins over "==" over "=", so `a==b` is not `a` = `=b`.
std::optional<SplitTerm> split_term(std::string_view term) {
  static constexpr std::string_view kOperators[] = {"!=", "==", "="};
  for (std::size_t i = 0; i < term.size(); ++i) {
    for (auto op : kOperators) {
      if (term.substr(i, op.size()) == op) {
        return SplitTerm{term.substr(0, i), op, term.substr(i + op.size())};
      }
    }
  }
  return std::nullopt;
}

std::variant<std::string, std::string> unescape_value(std::string_view raw) {
  using Result = std::variant<std::string, std::string>;
  std::string value;
  bool after_backslash = false;
  for (char c : raw) {
    if (after_backslash) {
      if (c != '\\' && c != ',' && c != '=') {
        return Result(std::in_place_index<1>,
                      std::string("invalid field selector: invalid escape sequence: \\") + c);
      }
      value += c;
      after_backslash = false;
    } else if (c == '\\') {
      after_backslash = true;
    } else if (c == ',' || c == '=') {
      // Upstream formats the rune with %v, which prints its code point.
      return Result(std::in_place_index<1>,
                    "invalid field selector: unescaped character in value: " +
                        std::to_string(static_cast<int>(c)));
    } else {
      value += c;
    }
  }
  if (after_backslash) {
    return Result(std::in_place_index<1>, "invalid field selector: invalid escape sequence: \\");
  }
  return Result(std::in_place_index<0>, std::move(value));
}

}  // namespace

std::string escape_field_value(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == ',' || c == '=') out += '\\';
    out += c;
  }
  return out;
}

std::variant<FieldSelector, std::string> FieldSelector::parse(std::string_view text) {
  auto parts = split_terms(text);
  std::sort(parts.begin(), parts.end());  // upstream sorts the raw terms
  FieldSelector selector;
  for (const auto& part : parts) {
    if (part.empty()) continue;
    auto split = split_term(part);
    if (!split) {
      return "invalid selector: '" + std::string(text) + "'; can't understand '" + part + "'";
    }
    auto value = unescape_value(split->value);
    if (value.index() == 1) return std::get<1>(value);
    selector.terms_.push_back(
        Term{std::string(split->field), std::move(std::get<0>(value)), split->op == "!="});
  }
  return selector;
}

std::variant<bool, std::string> FieldSelector::matches(
    const std::map<std::string, std::string>& fields) const {
  // Every term is checked for support first, so an unsupported field is reported even when an
  // earlier term already fails to match.
  for (const auto& term : terms_) {
    if (!fields.contains(term.field)) return "field label not supported: " + term.field;
  }
  for (const auto& term : terms_) {
    bool equal = fields.at(term.field) == term.value;
    if (equal == term.negated) return false;
  }
  return true;
}

std::optional<std::string> FieldSelector::exact_value(std::string_view field) const {
  for (const auto& term : terms_) {
    if (!term.negated && term.field == field) return term.value;
  }
  return std::nullopt;
}

std::string FieldSelector::to_string() const {
  std::string out;
  for (const auto& term : terms_) {
    if (!out.empty()) out += ",";
    out += term.field + (term.negated ? "!=" : "=") + escape_field_value(term.value);
  }
  return out;
}

}  // namespace kapi::registry::selector
