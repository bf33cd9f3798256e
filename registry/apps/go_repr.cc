#include "registry/apps/go_repr.h"

#include <map>

#include "registry/selector/label_requirement.h"

namespace kapi::registry::apps {

using selector::go_quote;

namespace {
std::string string_of(const json& v) { return v.is_string() ? v.get<std::string>() : std::string(); }

std::string go_string_slice(const json& values) {
  if (!values.is_array()) return "[]string(nil)";
  std::string out = "[]string{";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + go_quote(string_of(values[i]));
  return out + "}";
}

std::string go_requirement(const json& r) {
  return "v1.LabelSelectorRequirement{Key:" + go_quote(string_of(r.value("key", json()))) +
         ", Operator:" + go_quote(string_of(r.value("operator", json()))) +
         ", Values:" + go_string_slice(r.value("values", json())) + "}";
}
}  // namespace

std::string go_string_map(const json& map) {
  if (!map.is_object()) return "map[string]string(nil)";
  std::map<std::string, std::string> sorted;
  for (const auto& [k, v] : map.items()) sorted[k] = string_of(v);
  std::string out = "map[string]string{";
  bool first = true;
  for (const auto& [k, v] : sorted) {
    out += (first ? "" : ", ") + go_quote(k) + ":" + go_quote(v);
    first = false;
  }
  return out + "}";
}

std::string go_label_selector(const json& selector) {
  if (!selector.is_object()) return "null";
  const json expressions = selector.value("matchExpressions", json());
  std::string exprs;
  if (!expressions.is_array()) {
    exprs = "[]v1.LabelSelectorRequirement(nil)";
  } else {
    exprs = "[]v1.LabelSelectorRequirement{";
    for (size_t i = 0; i < expressions.size(); ++i)
      exprs += (i ? ", " : "") + go_requirement(expressions[i]);
    exprs += "}";
  }
  return "v1.LabelSelector{MatchLabels:" + go_string_map(selector.value("matchLabels", json())) +
         ", MatchExpressions:" + exprs + "}";
}

std::string go_int_or_string(const json& value) {
  if (value.is_number_integer())
    return "intstr.IntOrString{Type:0, IntVal:" + std::to_string(value.get<int64_t>()) + ", StrVal:\"\"}";
  return "intstr.IntOrString{Type:1, IntVal:0, StrVal:" + go_quote(string_of(value)) + "}";
}

FieldError invalid_rendered(std::string_view field, std::string_view rendered, std::string_view detail) {
  std::string message = "Invalid value: " + std::string(rendered);
  if (!detail.empty()) message += ": " + std::string(detail);
  return {"FieldValueInvalid", std::string(field), message};
}

}  // namespace kapi::registry::apps
