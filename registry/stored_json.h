// Stored objects back into a JSON tree, faster than nlohmann's own parser: simdjson's DOM parser
// reads the text (its SIMD first pass, strings unescaped in bulk) and the tree is built from its
// tape. nlohmann's lexer appends a string to its token buffer one character at a time, which made
// parsing the object back the largest cost of a create (the garbage collector's informer, the
// namespace lookup of admission).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace kapi::registry {

// The same tree as `nlohmann::json::parse(text, nullptr, false)`: numbers keep nlohmann's types
// (a non-negative integer is unsigned, a negative one signed), a repeated key keeps its last
// value, and whatever simdjson refuses (malformed text, integers past 64 bits, deep nesting) or
// reads otherwise (the integer -0, signed to nlohmann) is left to nlohmann, so the result — a discarded value for malformed text — is nlohmann's.
// Meant for bytes kapi wrote itself (objects as stored), where simdjson's path always applies.
nlohmann::json parse_stored_json(std::string_view text);

// Only what a metadata client reads of a stored object (upstream's PartialObjectMetadata):
// apiVersion, kind and metadata, less metadata.managedFields, the same values parse_stored_json
// would give for them. The rest (spec, data, status) is skipped: simdjson still reads it, but no
// tree is built for it. Text that is not an object gives an empty object.
nlohmann::json parse_stored_metadata(std::string_view text);

// `value.dump()`, byte for byte, written faster: nlohmann's serializer looks at every character
// of every string through its UTF-8 decoder; here a string of plain ASCII (no quote, backslash
// or control character) is appended whole, and only the others (and floating-point numbers) go
// through nlohmann, so escapes, number formats and the error on invalid UTF-8 are its own.
std::string dump_json(const nlohmann::json& value);

// For a request body: the tree nlohmann's parser would build, or nullopt when simdjson refuses
// the text (malformed, or beyond what it reads) or an object repeats a key. The caller then parses
// with nlohmann, whose errors and duplicate-key warnings clients see, worded as they are.
// simdjson accepts no text nlohmann refuses (it is the stricter of the two: unescaped control
// characters, a byte order mark, numbers out of range), so a body that parses here parses there
// to the same tree.
std::optional<nlohmann::json> parse_json_if_plain(std::string_view text);

}  // namespace kapi::registry
