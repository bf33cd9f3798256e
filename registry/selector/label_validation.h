// Label key and value syntax checks, with upstream's messages word for word
// (k8s.io/apimachinery/pkg/util/validation: IsQualifiedName, IsValidLabelValue).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kapi::registry::selector {

// Problems with a label key (`[prefix/]name`); empty when valid.
std::vector<std::string> qualified_name_errors(std::string_view key);

// Problems with a label value (empty, or up to 63 name characters); empty when valid.
std::vector<std::string> label_value_errors(std::string_view value);

// Whether `value` matches [a-z0-9]([-a-z0-9]*[a-z0-9])? (a DNS-1123 label; no length check).
bool is_dns1123_label(std::string_view value);
// Whether `value` is DNS-1123 labels joined by dots (no length check).
bool is_dns1123_subdomain(std::string_view value);

// Problems with a DNS-1123 subdomain (the optional prefix of a key); empty when valid.
std::vector<std::string> dns1123_subdomain_errors(std::string_view value);

}  // namespace kapi::registry::selector
