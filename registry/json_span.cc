#include "registry/json_span.h"

#include <cstdint>
#include <cstring>

namespace kapi::registry {

namespace {

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

size_t skip_space(std::string_view t, size_t i) {
  while (i < t.size() && is_space(t[i])) ++i;
  return i;
}

// Bytes of `word` equal to `b` get their high bit set; the lowest set bit is always a true match
// (a borrow can only mark bytes above a match), which is all skip_string looks at.
inline uint64_t bytes_equal(uint64_t word, unsigned char b) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
  uint64_t v = word ^ (kOnes * b);
  return (v - kOnes) & ~v & kHighs;
}

// `i` at an opening quote: the index past the closing one, or npos. Looks at 8 bytes at a time
// for a quote or a backslash (a backslash skips the byte after it).
size_t skip_string(std::string_view t, size_t i) {
  const char* data = t.data();
  const size_t size = t.size();
  size_t j = i + 1;
  while (j + 8 <= size) {
    uint64_t word;
    std::memcpy(&word, data + j, 8);
    uint64_t hits = bytes_equal(word, '"') | bytes_equal(word, '\\');
    if (!hits) {
      j += 8;
      continue;
    }
    j += static_cast<size_t>(__builtin_ctzll(hits)) / 8;
    if (data[j] == '"') return j + 1;
    j += 2;  // the backslash and the byte it escapes
  }
  for (; j < size; ++j) {
    if (data[j] == '"') return j + 1;
    if (data[j] == '\\') ++j;
  }
  return std::string_view::npos;
}

// What skip_value stops at inside an object or array: 1 opens, 2 closes, 3 starts a string.
struct Structural {
  unsigned char kind[256] = {};
  constexpr Structural() {
    kind[static_cast<unsigned char>('{')] = kind[static_cast<unsigned char>('[')] = 1;
    kind[static_cast<unsigned char>('}')] = kind[static_cast<unsigned char>(']')] = 2;
    kind[static_cast<unsigned char>('"')] = 3;
  }
};
constexpr Structural kStructural;

// `i` at the first character of a value: the index past its end, or npos. Nested objects and
// arrays are skipped by counting brackets outside strings; scalars end at a delimiter.
size_t skip_value(std::string_view t, size_t i) {
  if (i >= t.size()) return std::string_view::npos;
  if (t[i] == '"') return skip_string(t, i);
  if (t[i] != '{' && t[i] != '[') {
    while (i < t.size() && t[i] != ',' && t[i] != '}' && t[i] != ']' && !is_space(t[i])) ++i;
    return i;
  }
  int depth = 0;
  const size_t size = t.size();
  while (i < size) {
    switch (kStructural.kind[static_cast<unsigned char>(t[i])]) {
      case 1:
        ++depth;
        break;
      case 2:
        if (--depth == 0) return i + 1;
        break;
      case 3:
        i = skip_string(t, i);
        if (i == std::string_view::npos) return i;
        continue;
    }
    ++i;
  }
  return std::string_view::npos;
}

enum class Walk { kDone, kStopped, kBad };

// Walks the members of the object whose '{' is at `i`: `on_member(name, span)` gets the span with
// its key and value_begin set, sets span.value_end (npos: malformed) and returns false to stop.
// kDone sets `end` past the closing brace.
template <typename OnMember>
Walk walk_object(std::string_view text, size_t i, size_t& end, OnMember&& on_member) {
  constexpr size_t npos = std::string_view::npos;
  i = skip_space(text, i + 1);
  if (i < text.size() && text[i] == '}') {
    end = i + 1;
    return Walk::kDone;
  }
  while (i < text.size() && text[i] == '"') {
    MemberSpan span;
    span.key_begin = i;
    size_t key_end = skip_string(text, i);
    if (key_end == npos) return Walk::kBad;
    std::string_view name = text.substr(i + 1, key_end - i - 2);
    i = skip_space(text, key_end);
    if (i >= text.size() || text[i] != ':') return Walk::kBad;
    span.value_begin = skip_space(text, i + 1);
    bool go_on = on_member(name, span);
    if (span.value_end == npos || span.value_end <= span.value_begin) return Walk::kBad;
    if (!go_on) return Walk::kStopped;
    i = skip_space(text, span.value_end);
    if (i < text.size() && text[i] == '}') {
      end = i + 1;
      return Walk::kDone;
    }
    if (i >= text.size() || text[i] != ',') return Walk::kBad;
    i = skip_space(text, i + 1);
  }
  return Walk::kBad;
}

// Calls `on_member(name, span)` for each top-level member of the object `text` until it returns
// false; false when the text is not a well-formed object as far as it was read.
template <typename OnMember>
bool for_each_member(std::string_view text, OnMember&& on_member) {
  size_t i = skip_space(text, 0), end = 0;
  if (i >= text.size() || text[i] != '{') return false;
  return walk_object(text, i, end, [&](std::string_view name, MemberSpan& span) {
           span.value_end = skip_value(text, span.value_begin);
           return span.value_end == std::string_view::npos || on_member(name, static_cast<const MemberSpan&>(span));
         }) != Walk::kBad;
}

// find_members' walk: a member with fields to find is walked (its fields noted on the way to its
// end) instead of skipped, so nothing is scanned twice.
bool for_each_member_descending(std::string_view text, const std::vector<std::string_view>& keys,
                                const std::vector<std::vector<std::string_view>>& fields,
                                std::vector<std::optional<MemberSpan>>& spans,
                                std::vector<std::vector<std::optional<MemberSpan>>>& field_spans, size_t& left) {
  constexpr size_t npos = std::string_view::npos;
  size_t i = skip_space(text, 0), end = 0;
  if (i >= text.size() || text[i] != '{') return false;
  return walk_object(text, i, end, [&](std::string_view name, MemberSpan& span) {
           // The key wanting fields is walked; every key naming this member gets its span.
           size_t k = 0;
           while (k < keys.size() && (spans[k] || fields[k].empty() || keys[k] != name)) ++k;
           if (k < keys.size() && span.value_begin < text.size() && text[span.value_begin] == '{') {
             size_t nested_end = npos;
             Walk walked = walk_object(text, span.value_begin, nested_end, [&](std::string_view field, MemberSpan& inner) {
               inner.value_end = skip_value(text, inner.value_begin);
               for (size_t f = 0; f < fields[k].size(); ++f)
                 if (!field_spans[k][f] && fields[k][f] == field) field_spans[k][f] = inner;
               return true;
             });
             span.value_end = walked == Walk::kDone ? nested_end : npos;
           } else {
             span.value_end = skip_value(text, span.value_begin);
           }
           if (span.value_end == npos) return false;
           for (size_t j = 0; j < keys.size(); ++j)
             if (!spans[j] && keys[j] == name) {
               spans[j] = span;
               --left;
             }
           return left > 0;
         }) != Walk::kBad;
}

}  // namespace

std::optional<MemberSpan> find_member(std::string_view text, std::string_view key) {
  std::optional<MemberSpan> found;
  for_each_member(text, [&](std::string_view name, const MemberSpan& span) {
    if (name != key) return true;
    found = span;
    return false;
  });
  return found;
}

bool find_members(std::string_view text, const std::vector<std::string_view>& keys,
                  std::vector<std::optional<MemberSpan>>& spans) {
  spans.assign(keys.size(), std::nullopt);
  size_t left = keys.size();
  return for_each_member(text, [&](std::string_view name, const MemberSpan& span) {
    for (size_t k = 0; k < keys.size(); ++k)
      if (!spans[k] && keys[k] == name) {
        spans[k] = span;
        --left;
      }
    return left > 0;
  });
}

bool find_members(std::string_view text, const std::vector<std::string_view>& keys,
                  const std::vector<std::vector<std::string_view>>& fields,
                  std::vector<std::optional<MemberSpan>>& spans,
                  std::vector<std::vector<std::optional<MemberSpan>>>& field_spans) {
  spans.assign(keys.size(), std::nullopt);
  field_spans.resize(keys.size());
  for (size_t k = 0; k < keys.size(); ++k) field_spans[k].assign(fields[k].size(), std::nullopt);
  size_t left = keys.size();
  return for_each_member_descending(text, keys, fields, spans, field_spans, left);
}

std::string without_member(std::string_view text, const MemberSpan& span) {
  size_t begin = span.key_begin, end = span.value_end;
  size_t after = skip_space(text, end);
  if (after < text.size() && text[after] == ',') {
    end = after + 1;  // "a":1,"b":2 -> "b":2
  } else {
    // The last member: take the comma before it ("a":1,"b":2 -> "a":1).
    size_t before = begin;
    while (before > 0 && is_space(text[before - 1])) --before;
    if (before > 0 && text[before - 1] == ',') begin = before - 1;
  }
  std::string out;
  out.reserve(text.size() - (end - begin));
  out.append(text.substr(0, begin));
  out.append(text.substr(end));
  return out;
}

}  // namespace kapi::registry
