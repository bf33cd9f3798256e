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

// Problems with a DNS-1123 subdomain (the optional prefix of a key); empty when valid.
std::vector<std::string> dns1123_subdomain_errors(std::string_view value);

}  // namespace kapi::registry::selector
