#include "registry/apps/workload_validation.h"

#include <algorithm>

#include "registry/apps/go_repr.h"
#include "registry/selector/label_selector.h"
#include "registry/selector/label_validation.h"
#include "registry/validation/field_checks.h"
#include "registry/validation/object_meta_validation.h"

namespace kapi::registry::apps {

const json& field_at(const json& obj, std::initializer_list<const char*> path) {
  static const json null_value;
  const json* v = &obj;
  for (const char* key : path) {
    if (!v->is_object()) return null_value;
    auto it = v->find(key);
    if (it == v->end()) return null_value;
    v = &*it;
  }
  return *v;
}

std::string string_at(const json& obj, std::initializer_list<const char*> path) {
  const json& v = field_at(obj, path);
  return v.is_string() ? v.get<std::string>() : std::string();
}

namespace {
const json& member(const json& obj, const char* key) { return field_at(obj, {key}); }

bool is_empty_selector(const json& selector) {
  const json& labels = member(selector, "matchLabels");
  const json& expressions = member(selector, "matchExpressions");
  return (!labels.is_object() || labels.empty()) && (!expressions.is_array() || expressions.empty());
}

const json& template_labels(const json& spec) { return field_at(spec, {"template", "metadata", "labels"}); }

// [0-9]+%
bool is_valid_percent(const std::string& s) {
  if (s.size() < 2 || s.back() != '%') return false;
  return std::all_of(s.begin(), s.end() - 1, [](char c) { return c >= '0' && c <= '9'; });
}
constexpr const char* kPercentMessage =
    "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or "
    "'93%', regex used for validation is '[0-9]+%')";
}  // namespace

void validate_label_selector(const json& selector, const std::string& path, FieldErrors& errors) {
  if (!selector.is_object()) return;
  validation::validate_labels(member(selector, "matchLabels"), path + ".matchLabels", errors);
  const json& expressions = member(selector, "matchExpressions");
  if (!expressions.is_array()) return;
  for (size_t i = 0; i < expressions.size(); ++i) {
    const json& r = expressions[i];
    const std::string at = path + ".matchExpressions[" + std::to_string(i) + "]";
    const std::string op = member(r, "operator").is_string() ? member(r, "operator").get<std::string>() : "";
    const json& values = member(r, "values");
    const size_t count = values.is_array() ? values.size() : 0;
    if (op == "In" || op == "NotIn") {
      if (count == 0)
        errors.push_back(required(at + ".values", "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (op == "Exists" || op == "DoesNotExist") {
      if (count > 0)
        errors.push_back(forbidden(at + ".values",
                                   "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else {
      errors.push_back(invalid_value(at + ".operator", op, "not a valid selector operator"));
    }
    const std::string key = member(r, "key").is_string() ? member(r, "key").get<std::string>() : "";
    for (const auto& msg : selector::qualified_name_errors(key))
      errors.push_back(invalid_value(at + ".key", key, msg));
    for (size_t v = 0; v < count; ++v) {
      std::string text = values[v].is_string() ? values[v].get<std::string>() : std::string();
      for (const auto& msg : selector::label_value_errors(text))
        errors.push_back(invalid_value(at + ".values[" + std::to_string(v) + "]", text, msg));
    }
  }
}

void validate_template_matches(const json& selector, const json& spec, bool skip_when_empty,
                               FieldErrors& errors) {
  auto parsed = selector::LabelSelector::from_json(selector);
  auto* s = std::get_if<selector::LabelSelector>(&parsed);
  if (!s || (skip_when_empty && s->empty())) return;
  const json& labels = template_labels(spec);
  if (!s->matches(labels))
    errors.push_back(invalid_rendered("spec.template.metadata.labels", go_string_map(labels),
                                      "`selector` does not match template `labels`"));
}

void validate_workload_selector(const json& spec, std::string_view kind_word,
                                std::string_view unparsable_detail, FieldErrors& errors) {
  const json& selector = member(spec, "selector");
  if (selector.is_null()) {
    errors.push_back(required("spec.selector", ""));
  } else {
    validate_label_selector(selector, "spec.selector", errors);
    if (is_empty_selector(selector))
      errors.push_back(invalid_rendered("spec.selector", go_label_selector(selector),
                                        "empty selector is invalid for " + std::string(kind_word)));
  }
  auto parsed = selector::LabelSelector::from_json(selector);
  if (std::holds_alternative<std::string>(parsed)) {
    errors.push_back(invalid_rendered("spec.selector", go_label_selector(selector), unparsable_detail));
    return;
  }
  validate_template_matches(selector, spec, /*skip_when_empty=*/true, errors);
}

void validate_nonnegative(const json& obj, const char* key, const std::string& path, FieldErrors& errors) {
  validation::check_nonnegative(path, member(obj, key), errors);
}

void validate_int_or_percent(const json& value, const std::string& path, FieldErrors& errors) {
  if (value.is_string()) {
    if (!is_valid_percent(value.get<std::string>()))
      errors.push_back(invalid_rendered(path, go_int_or_string(value), kPercentMessage));
  } else if (value.is_number_integer()) {
    if (value.get<int64_t>() < 0)
      errors.push_back(invalid_value(path, value, "must be greater than or equal to 0"));
  } else if (!value.is_null()) {
    errors.push_back(invalid_rendered(path, go_int_or_string(value), "must be an integer or percentage (e.g '5%')"));
  }
}

void validate_at_most_100_percent(const json& value, const std::string& path, FieldErrors& errors) {
  if (!value.is_string() || !is_valid_percent(value.get<std::string>())) return;
  if (int_or_percent_value(value) > 100)
    errors.push_back(invalid_rendered(path, go_int_or_string(value), "must not be greater than 100%"));
}

int int_or_percent_value(const json& value) {
  if (value.is_number_integer()) return static_cast<int>(value.get<int64_t>());
  if (!value.is_string()) return 0;
  const std::string s = value.get<std::string>();
  if (is_valid_percent(s)) return std::atoi(s.substr(0, s.size() - 1).c_str());
  // IntOrString.IntValue() of a string is Atoi of the whole string (0 when it is not a number).
  return std::atoi(s.c_str());
}

void validate_selector_unchanged(const json& obj, const json& old, FieldErrors& errors) {
  const json& now = member(member(obj, "spec"), "selector");
  const json& before = member(member(old, "spec"), "selector");
  if (now != before)
    errors.push_back(invalid_rendered("spec.selector", go_label_selector(now), "field is immutable"));
}

void validate_template_restart_rules(const json& spec, std::string_view kind, FieldErrors& errors) {
  const json& pod = member(member(spec, "template"), "spec");
  const json& restart = member(pod, "restartPolicy");
  std::string policy = restart.is_string() ? restart.get<std::string>() : "";
  if (policy != "Always")
    errors.push_back(not_supported("spec.template.spec.restartPolicy", policy, {"Always"}));
  if (!member(pod, "activeDeadlineSeconds").is_null())
    errors.push_back(forbidden("spec.template.spec.activeDeadlineSeconds",
                               "activeDeadlineSeconds in " + std::string(kind) + " is not Supported"));
}

json& object_member(json& obj, const char* key) {
  json& v = obj[key];
  if (!v.is_object()) v = json::object();
  return v;
}

}  // namespace kapi::registry::apps
