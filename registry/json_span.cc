#include "registry/json_span.h"

#include <cstring>

namespace kapi::registry {

namespace {

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// A reader that walks JSON text and keeps only offsets: no tree, no copy, no unescaping. The
// members it is asked about are read by the grammar (quotes, colons, commas, brackets); any
// other value is skipped by counting brackets outside strings, and strings by memchr for their
// closing quote, which is most of a stored object's bytes. What a number or a literal spells,
// the characters inside strings and the punctuation inside skipped values are not checked: the
// text it reads is what the store wrote with json::dump, and callers parse the values they use.
class Skimmer {
 public:
  explicit Skimmer(std::string_view text) : t_(text) {}

  size_t at() const { return i_; }
  void seek(size_t i) { i_ = i; }

  void skip_space() {
    while (i_ < t_.size() && is_space(t_[i_])) ++i_;
  }
  // Takes `c` (after any whitespace) if it comes next.
  bool take(char c) {
    skip_space();
    if (i_ < t_.size() && t_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool next_is(char c) {
    skip_space();
    return i_ < t_.size() && t_[i_] == c;
  }

  // A string starting at the current quote; `raw` is what lies between its quotes, as written.
  bool string(std::string_view& raw) {
    if (i_ >= t_.size() || t_[i_] != '"') return false;
    size_t begin = ++i_;
    for (;;) {
      const void* quote = std::memchr(t_.data() + i_, '"', t_.size() - i_);
      if (!quote) return false;
      size_t q = static_cast<size_t>(static_cast<const char*>(quote) - t_.data());
      size_t backslashes = 0;
      while (q - backslashes > begin && t_[q - backslashes - 1] == '\\') ++backslashes;
      i_ = q + 1;
      if (backslashes % 2 == 0) {
        raw = t_.substr(begin, q - begin);
        return true;
      }
    }
  }

  // Skips one value (after any whitespace); [begin, end) is where it lies.
  bool value(size_t& begin, size_t& end) {
    skip_space();
    begin = i_;
    if (i_ >= t_.size()) return false;
    std::string_view raw;
    const char c = t_[i_];
    bool ok = c == '"' ? string(raw) : c == '{' || c == '[' ? nested() : scalar();
    end = i_;
    return ok;
  }

  // Walks the object at the current '{': `member(key, key_begin)` is called at each member
  // with the reader at its value, and must leave it past that value.
  template <typename Member>
  bool members(Member&& member) {
    if (!take('{')) return false;
    if (take('}')) return true;
    do {
      skip_space();
      size_t key_begin = i_;
      std::string_view key;
      if (!string(key) || !take(':')) return false;
      if (!member(key, key_begin)) return false;
    } while (take(','));
    return take('}');
  }

 private:
  // An object or array, to the bracket that closes it. A closing bracket of the other kind
  // (`{]`) is not noticed.
  bool nested() {
    size_t depth = 0;
    std::string_view raw;
    while (i_ < t_.size()) {
      switch (t_[i_]) {
        case '"':
          if (!string(raw)) return false;
          continue;
        case '{':
        case '[':
          ++depth;
          break;
        case '}':
        case ']':
          if (--depth == 0) {
            ++i_;
            return true;
          }
          break;
        default:
          break;
      }
      ++i_;
    }
    return false;
  }
  // A number, true, false or null: the run of characters up to what ends a value.
  bool scalar() {
    size_t begin = i_;
    while (i_ < t_.size()) {
      char c = t_[i_];
      if (c == ',' || c == '}' || c == ']' || is_space(c)) break;
      if (c == '"' || c == '{' || c == '[' || c == ':') return false;
      ++i_;
    }
    return i_ > begin;
  }

  std::string_view t_;
  size_t i_ = 0;
};

}  // namespace

std::optional<MemberSpan> find_member(std::string_view text, std::string_view key) {
  std::vector<std::optional<MemberSpan>> spans;
  if (!find_members(text, {key}, spans)) return std::nullopt;
  return spans[0];
}

bool find_members(std::string_view text, const std::vector<std::string_view>& keys,
                  std::vector<std::optional<MemberSpan>>& spans) {
  std::vector<std::vector<std::optional<MemberSpan>>> unused;
  return find_members(text, keys, std::vector<std::vector<std::string_view>>(keys.size()), spans, unused);
}

bool find_members(std::string_view text, const std::vector<std::string_view>& keys,
                  const std::vector<std::vector<std::string_view>>& fields,
                  std::vector<std::optional<MemberSpan>>& spans,
                  std::vector<std::vector<std::optional<MemberSpan>>>& field_spans) {
  spans.assign(keys.size(), std::nullopt);
  field_spans.resize(keys.size());
  for (size_t k = 0; k < keys.size(); ++k) field_spans[k].assign(fields[k].size(), std::nullopt);
  Skimmer s(text);
  size_t left = keys.size();
  bool all_found = false;
  bool ok = s.members([&](std::string_view name, size_t key_begin) {
    MemberSpan span;
    span.key_begin = key_begin;
    // The first key naming this member that wants some of its fields has them found on the way.
    size_t k = 0;
    while (k < keys.size() && (spans[k] || fields[k].empty() || name != keys[k])) ++k;
    if (k < keys.size() && s.next_is('{')) {
      span.value_begin = s.at();
      bool inner_ok = s.members([&](std::string_view inner_name, size_t inner_key_begin) {
        MemberSpan inner{inner_key_begin, 0, 0};
        if (!s.value(inner.value_begin, inner.value_end)) return false;
        for (size_t f = 0; f < fields[k].size(); ++f)
          if (!field_spans[k][f] && inner_name == fields[k][f]) field_spans[k][f] = inner;
        return true;
      });
      if (!inner_ok) return false;
      span.value_end = s.at();
    } else if (!s.value(span.value_begin, span.value_end)) {
      return false;
    }
    for (size_t j = 0; j < keys.size(); ++j)
      if (!spans[j] && name == keys[j]) {
        spans[j] = span;
        --left;
      }
    if (left == 0) {
      all_found = true;
      return false;  // stop here: the rest of the text need not be read
    }
    return true;
  });
  return ok || all_found;
}

std::optional<size_t> array_length(std::string_view text) {
  Skimmer s(text);
  if (!s.take('[')) return std::nullopt;
  if (s.take(']')) return 0;
  size_t length = 0;
  do {
    size_t b, e;
    if (!s.value(b, e)) return std::nullopt;
    ++length;
  } while (s.take(','));
  if (!s.take(']')) return std::nullopt;
  return length;
}

std::string without_member(std::string_view text, const MemberSpan& span) {
  Skimmer s(text);
  s.seek(span.value_end);
  s.skip_space();
  size_t begin = span.key_begin, end = span.value_end;
  size_t after = s.at();
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
