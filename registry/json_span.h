// Where a member lies in JSON text, found by skimming the text instead of a parse into a tree:
// lets a Table row splice an object's stored `metadata` bytes as they are, and lets a parse skip
// what its reader never looks at (managedFields). Meant for text kapi wrote (objects as stored):
// the structure is checked where members are looked for, and values that are skipped only so
// far as their brackets and strings close.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kapi::registry {

// Offsets into the object's text of one of its members: `"key"` starts at key_begin, its value
// spans [value_begin, value_end).
struct MemberSpan {
  size_t key_begin = 0;
  size_t value_begin = 0;
  size_t value_end = 0;
};

// The top-level member `key` of the JSON object `text` (keys compared as written, unescaped
// keys only). nullopt when absent, or when `text` is found not well-formed up to where it was.
std::optional<MemberSpan> find_member(std::string_view text, std::string_view key);

// find_member for several keys in one pass over `text`: spans[i] is where keys[i] lies, if
// present. Returns false when `text` is not a well-formed object as far as it was read.
bool find_members(std::string_view text, const std::vector<std::string_view>& keys,
                  std::vector<std::optional<MemberSpan>>& spans);

// find_members, and in the same pass, inside each member keys[i] that is an object, its own
// members fields[i]: field_spans[i][j] is where fields[i][j] lies (offsets into `text`).
bool find_members(std::string_view text, const std::vector<std::string_view>& keys,
                  const std::vector<std::vector<std::string_view>>& fields,
                  std::vector<std::optional<MemberSpan>>& spans,
                  std::vector<std::vector<std::optional<MemberSpan>>>& field_spans);

// The number of elements of the JSON array `text`, without reading them; nullopt when `text`
// is not an array.
std::optional<size_t> array_length(std::string_view text);

// `text` without the member at `span` and the comma that separated it from its neighbour.
std::string without_member(std::string_view text, const MemberSpan& span);

}  // namespace kapi::registry
