// Reading and stamping ObjectMeta on JSON objects: the server-owned fields and name rules.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "registry/api_error.h"

namespace kapi::registry {

// A string field of metadata, or "" when absent or not a string.
std::string meta_string(const json& obj, const char* field);
const json* meta_field(const json& obj, const char* field);

std::string new_uid();                      // RFC 4122 version 4
std::string generate_name_suffix();         // 5 chars from upstream's alphabet (no vowels)
std::string rfc3339(std::chrono::system_clock::time_point t);  // "2006-01-02T15:04:05Z"
std::string now_rfc3339();
std::string rfc3339_micro(std::chrono::system_clock::time_point t);  // MicroTime: "...:05.000123Z"
std::optional<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view text);

// DNS-1123 rules as upstream's validation package states them; each returns the messages.
std::vector<std::string> check_dns1123_subdomain(std::string_view value);
std::vector<std::string> check_dns1123_label(std::string_view value);
// Path-segment names (any resource): not "." or "..", no '/' or '%'.
std::vector<std::string> check_path_segment_name(std::string_view value);

}  // namespace kapi::registry
