// Field selectors (k8s.io/apimachinery/pkg/fields): `a=b,c==d,e!=f`, AND-ed, checked against the
// flat map of selectable fields a resource provides.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kapi::registry::selector {

class FieldSelector {
 public:
  struct Term {
    std::string field;
    std::string value;  // unescaped
    bool negated;       // `!=`
  };

  // Everything: no terms.
  FieldSelector() = default;

  // Terms split on unescaped commas; values may escape `\\`, `\,` and `\=`. Errors are
  // upstream's: `invalid selector: '<s>'; can't understand '<term>'`, `invalid field selector:
  // invalid escape sequence: \x`, `invalid field selector: unescaped character in value: 61`.
  static std::variant<FieldSelector, std::string> parse(std::string_view text);

  // `fields` holds every field the resource supports with its value. A term naming any other
  // field gives `field label not supported: <field>`; otherwise the answer is whether all match.
  std::variant<bool, std::string> matches(const std::map<std::string, std::string>& fields) const;

  // The value `field` must equal, if a `=`/`==` term pins it (single-object watch, name lookups).
  std::optional<std::string> exact_value(std::string_view field) const;

  bool empty() const { return terms_.empty(); }
  // Canonical form with values escaped again: terms in the order parsed (sorted).
  std::string to_string() const;
  const std::vector<Term>& terms() const { return terms_; }

 private:
  std::vector<Term> terms_;
};

// Escapes `\`, `,` and `=` so that any string can be a field selector value.
std::string escape_field_value(std::string_view value);

}  // namespace kapi::registry::selector
