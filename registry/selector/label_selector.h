// Label selectors (k8s.io/apimachinery/pkg/labels): the `?labelSelector=` string syntax and
// metav1.LabelSelector objects, parsed into AND-ed requirements that match a labels map.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "registry/selector/label_requirement.h"

namespace kapi::registry::selector {

class LabelSelector {
 public:
  // Everything: no requirements, matches all.
  LabelSelector() = default;

  // `a=b,c!=d,e in (f,g),h notin (i),j,!k,l>3,m<5`; the error text is upstream's, e.g.
  // `unable to parse requirement: found '', expected: ',' or ')'`.
  static std::variant<LabelSelector, std::string> parse(std::string_view text);

  // A metav1.LabelSelector ({matchLabels, matchExpressions}). Null selects nothing and an empty
  // object selects everything, as upstream's LabelSelectorAsSelector.
  static std::variant<LabelSelector, std::string> from_json(const nlohmann::json& selector);

  // labels: object of string -> string, or null.
  bool matches(const nlohmann::json& labels) const;
  // True when the selector does not restrict anything (a "nothing" selector is not empty).
  bool empty() const { return !selects_nothing_ && requirements_.empty(); }
  // Canonical form: requirements sorted by key, values sorted ("a in (x,y),b=c").
  std::string to_string() const;
  // The value a selector pins `key` to with =, == or a one-value in, as RequiresExactMatch.
  std::optional<std::string> exact_value(std::string_view key) const;

  const std::vector<LabelRequirement>& requirements() const { return requirements_; }

 private:
  explicit LabelSelector(std::vector<LabelRequirement> requirements);

  std::vector<LabelRequirement> requirements_;  // sorted by key
  bool selects_nothing_ = false;
};

}  // namespace kapi::registry::selector
