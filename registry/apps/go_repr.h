// Go's `%#v` renderings of the values upstream's field errors print after `Invalid value:`.
// Upstream passes Go structs to field.Invalid, so a bad selector reads
// `v1.LabelSelector{MatchLabels:map[string]string{"app":"pg"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`;
// kubectl users and scripts match on these texts, so we print them the same way.
#pragma once

#include <string>
#include <string_view>

#include "registry/api_error.h"

namespace kapi::registry::apps {

// map[string]string{"a":"b", "c":"d"} (keys sorted, as fmt does), or map[string]string(nil).
std::string go_string_map(const json& map);
// v1.LabelSelector{MatchLabels:..., MatchExpressions:...} for a metav1.LabelSelector object.
std::string go_label_selector(const json& selector);
// intstr.IntOrString{Type:0, IntVal:1, StrVal:""} for an int-or-string value.
std::string go_int_or_string(const json& value);

// field.Invalid with a value already rendered the Go way.
FieldError invalid_rendered(std::string_view field, std::string_view rendered, std::string_view detail);

}  // namespace kapi::registry::apps
