#include "registry/selector/label_selector.h"

#include <algorithm>

namespace kapi::registry::selector {

LabelSelector::LabelSelector(std::vector<LabelRequirement> requirements)
    : requirements_(std::move(requirements)) {
  std::stable_sort(requirements_.begin(), requirements_.end(),
                   [](const auto& a, const auto& b) { return a.key() < b.key(); });
}

std::variant<LabelSelector, std::string> LabelSelector::from_json(const nlohmann::json& selector) {
  if (selector.is_null()) {
    LabelSelector nothing;
    nothing.selects_nothing_ = true;
    return nothing;
  }
  if (!selector.is_object()) return std::string("label selector must be an object");

  std::vector<LabelRequirement> requirements;
  auto add = [&](std::string key, LabelOperator op,
                 std::vector<std::string> values) -> std::optional<std::string> {
    auto made = LabelRequirement::make(std::move(key), op, std::move(values));
    if (auto* error = std::get_if<std::string>(&made)) return *error;
    requirements.push_back(std::move(std::get<LabelRequirement>(made)));
    return std::nullopt;
  };

  if (auto it = selector.find("matchLabels"); it != selector.end() && !it->is_null()) {
    if (!it->is_object()) return std::string("matchLabels must be an object");
    for (const auto& [key, value] : it->items()) {
      if (!value.is_string()) return "matchLabels[" + key + "] must be a string";
      if (auto error = add(key, LabelOperator::kEquals, {value.get<std::string>()})) return *error;
    }
  }
  if (auto it = selector.find("matchExpressions"); it != selector.end() && !it->is_null()) {
    if (!it->is_array()) return std::string("matchExpressions must be an array");
    for (const auto& expression : *it) {
      if (!expression.is_object()) return std::string("matchExpressions items must be objects");
      std::string key = expression.value("key", "");
      std::string op_name = expression.value("operator", "");
      LabelOperator op;
      if (op_name == "In") op = LabelOperator::kIn;
      else if (op_name == "NotIn") op = LabelOperator::kNotIn;
      else if (op_name == "Exists") op = LabelOperator::kExists;
      else if (op_name == "DoesNotExist") op = LabelOperator::kDoesNotExist;
      else return go_quote(op_name) + " is not a valid label selector operator";
      std::vector<std::string> values;
      if (auto v = expression.find("values"); v != expression.end() && !v->is_null()) {
        if (!v->is_array()) return std::string("matchExpressions values must be an array");
        for (const auto& value : *v) {
          if (!value.is_string()) return std::string("matchExpressions values must be strings");
          values.push_back(value.get<std::string>());
        }
      }
      if (auto error = add(std::move(key), op, std::move(values))) return *error;
    }
  }
  return LabelSelector(std::move(requirements));
}

bool LabelSelector::matches(const nlohmann::json& labels) const {
  if (selects_nothing_) return false;
  return std::all_of(requirements_.begin(), requirements_.end(),
                     [&](const auto& r) { return r.matches(labels); });
}

std::string LabelSelector::to_string() const {
  std::string out;
  for (const auto& requirement : requirements_) {
    if (!out.empty()) out += ",";
    out += requirement.to_string();
  }
  return out;
}

std::optional<std::string> LabelSelector::exact_value(std::string_view key) const {
  for (const auto& r : requirements_) {
    if (r.key() != key) continue;
    bool pins = r.op() == LabelOperator::kEquals || r.op() == LabelOperator::kDoubleEquals ||
                r.op() == LabelOperator::kIn;
    if (pins && r.values().size() == 1) return r.values().front();
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace kapi::registry::selector
