// Stored objects back into a JSON tree, faster than nlohmann's own parser: simdjson's DOM parser
// reads the text (its SIMD first pass, strings unescaped in bulk) and the tree is built from its
// tape. nlohmann's lexer appends a string to its token buffer one character at a time, which made
// parsing the object back the largest cost of a create (the garbage collector's informer, the
// namespace lookup of admission).
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace kapi::registry {

// The same tree as `nlohmann::json::parse(text, nullptr, false)`: numbers keep nlohmann's types
// (a non-negative integer is unsigned, a negative one signed), a repeated key keeps its last
// value, and whatever simdjson refuses (malformed text, integers past 64 bits, deep nesting) is
// left to nlohmann, so the result — a discarded value for malformed text — is nlohmann's.
// One difference: "-0" becomes an unsigned 0 here, a signed 0 to nlohmann (equal, and written
// "0" by both); nlohmann never writes "-0", so no stored object has one.
// Meant for bytes kapi wrote itself (objects as stored), where simdjson's path always applies.
nlohmann::json parse_stored_json(std::string_view text);

}  // namespace kapi::registry
