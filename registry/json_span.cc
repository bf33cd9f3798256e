#include "registry/json_span.h"

#include <simdjson.h>

namespace kapi::registry {

namespace {

namespace od = simdjson::ondemand;

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

size_t skip_space(std::string_view t, size_t i) {
  while (i < t.size() && is_space(t[i])) ++i;
  return i;
}

// simdjson reads past the end of its input (SIMD loads), so the text is copied into a padded
// buffer, kept per thread with its parser: spans are offsets, valid for the caller's text.
class Scanner {
 public:
  // Starts a document over `text`; false when it is not JSON as far as simdjson's first pass
  // sees. Then document() is read once, as an object or an array.
  bool open(std::string_view text) {
    buffer_.resize(text.size() + simdjson::SIMDJSON_PADDING);
    text.copy(buffer_.data(), text.size());
    return !parser_.iterate(buffer_.data(), text.size(), buffer_.size()).get(document_);
  }
  od::document& document() { return document_; }
  size_t offset(const char* p) const { return static_cast<size_t>(p - buffer_.data()); }

  // Where `value` lies: objects and arrays to their closing bracket.
  bool span_of(od::value value, MemberSpan& span) {
    od::json_type type;
    if (value.type().get(type)) return false;
    std::string_view raw;
    if (type == od::json_type::object) {
      od::object object;
      if (value.get_object().get(object) || object.raw_json().get(raw)) return false;
    } else if (type == od::json_type::array) {
      od::array array;
      if (value.get_array().get(array) || array.raw_json().get(raw)) return false;
    } else {
      raw = value.raw_json_token();
    }
    set_value(span, raw);
    return true;
  }
  // The next member of an object being walked, with span.key_begin at its key's opening quote
  // (simdjson's raw key points just past it).
  bool take(simdjson::simdjson_result<od::field> member, od::field& field, MemberSpan& span) const {
    if (std::move(member).get(field)) return false;
    span.key_begin = offset(field.key().raw()) - 1;
    return true;
  }
  // simdjson's raw text of a value runs on over the whitespace after it.
  void set_value(MemberSpan& span, std::string_view raw) const {
    while (!raw.empty() && is_space(raw.back())) raw.remove_suffix(1);
    span.value_begin = offset(raw.data());
    span.value_end = span.value_begin + raw.size();
  }

 private:
  od::parser parser_;
  od::document document_;
  std::string buffer_;
};

thread_local Scanner scanner;

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
  Scanner& s = scanner;
  od::object top;
  if (!s.open(text) || s.document().get_object().get(top)) return false;
  size_t left = keys.size();
  for (auto member : top) {
    od::field field;
    MemberSpan span;
    if (!s.take(std::move(member), field, span)) return false;
    const od::raw_json_string name = field.key();
    // The first key naming this member that wants some of its fields has them found on the way.
    size_t k = 0;
    while (k < keys.size() && (spans[k] || fields[k].empty() || !name.unsafe_is_equal(keys[k]))) ++k;
    od::value value = field.value();
    od::json_type type;
    if (value.type().get(type)) return false;
    if (k < keys.size() && type == od::json_type::object) {
      od::object object;
      if (value.get_object().get(object)) return false;
      for (auto inner_member : object) {
        od::field inner;
        MemberSpan inner_span;
        if (!s.take(std::move(inner_member), inner, inner_span) || !s.span_of(inner.value(), inner_span)) return false;
        for (size_t f = 0; f < fields[k].size(); ++f)
          if (!field_spans[k][f] && inner.key().unsafe_is_equal(fields[k][f])) field_spans[k][f] = inner_span;
      }
      std::string_view raw;
      bool rewound = false;
      if (object.reset().get(rewound) || object.raw_json().get(raw)) return false;
      s.set_value(span, raw);
    } else if (!s.span_of(value, span)) {
      return false;
    }
    for (size_t j = 0; j < keys.size(); ++j)
      if (!spans[j] && name.unsafe_is_equal(keys[j])) {
        spans[j] = span;
        --left;
      }
    if (left == 0) return true;
  }
  return true;
}

std::optional<size_t> array_length(std::string_view text) {
  Scanner& s = scanner;
  od::array array;
  size_t length = 0;
  if (!s.open(text) || s.document().get_array().get(array) || array.count_elements().get(length)) return std::nullopt;
  return length;
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
