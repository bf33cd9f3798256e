#include "registry/stored_json.h"

#include <simdjson.h>

#include <charconv>
#include <cstring>
#include <optional>
#include <type_traits>

namespace kapi::registry {

namespace {

using json = nlohmann::json;
namespace dom = simdjson::dom;

// A parser keeps its buffers between documents; one per thread. Documents larger than this are
// parsed by a parser of their own, so a thread that once read a large object does not hold
// megabytes of tape for good.
constexpr size_t kKeptParserCapacity = 64 * 1024;

// Builds the tree; `unique` turns false when an object repeats a key (the last value is kept, as
// nlohmann keeps it).
json to_json(dom::element e, bool& unique) {
  switch (e.type()) {
    case dom::element_type::OBJECT: {
      json out = json::object();
      auto& members = out.get_ref<json::object_t&>();
      for (dom::key_value_pair member : dom::object(e))
        if (!members.insert_or_assign(std::string(member.key), to_json(member.value, unique)).second) unique = false;
      return out;
    }
    case dom::element_type::ARRAY: {
      json out = json::array();
      auto& items = out.get_ref<json::array_t&>();
      dom::array array(e);
      items.reserve(array.size());
      for (dom::element item : array) items.push_back(to_json(item, unique));
      return out;
    }
    case dom::element_type::STRING: return json(std::string(std::string_view(e)));
    case dom::element_type::INT64: {
      const int64_t v = int64_t(e);
      // nlohmann reads a number without a minus sign as unsigned.
      if (v >= 0) return json(static_cast<uint64_t>(v));
      return json(v);
    }
    case dom::element_type::UINT64: return json(uint64_t(e));
    case dom::element_type::DOUBLE: return json(double(e));
    case dom::element_type::BOOL: return json(bool(e));
    case dom::element_type::NULL_VALUE: return json(nullptr);
  }
  return json(nullptr);
}

// Whether `text` may hold the number -0, which nlohmann reads as a signed integer and simdjson
// as 0 like any other (so it would come out unsigned). A number follows `[`, `:`, `,` or starts
// the text; "-0" elsewhere (in a date inside a string) is not one. A "-0" inside a string right
// after one of those characters is taken for one too: it only costs the slower parse.
bool may_hold_minus_zero(std::string_view text) {
  for (size_t i = text.find("-0"); i != std::string_view::npos; i = text.find("-0", i + 2)) {
    if (i + 2 < text.size() && (text[i + 2] == '.' || text[i + 2] == 'e' || text[i + 2] == 'E')) continue;  // a double
    size_t j = i;
    while (j > 0 && (text[j - 1] == ' ' || text[j - 1] == '\n' || text[j - 1] == '\r' || text[j - 1] == '\t')) --j;
    if (j == 0 || text[j - 1] == '[' || text[j - 1] == ':' || text[j - 1] == ',') return true;
  }
  return false;
}

// build(root) of simdjson's parse of `text` (with a parser kept per thread for documents up to
// kKeptParserCapacity), or nullopt when simdjson refuses the text or it may hold -0.
template <typename Build>
auto from_simdjson(std::string_view text, Build build) -> std::optional<std::invoke_result_t<Build, dom::element>> {
  if (may_hold_minus_zero(text)) return std::nullopt;
  dom::element root;
  if (text.size() <= kKeptParserCapacity) {
    thread_local dom::parser parser;
    if (!parser.parse(text.data(), text.size()).get(root)) return build(root);
  } else {
    dom::parser parser;
    if (!parser.parse(text.data(), text.size()).get(root)) return build(root);
  }
  return std::nullopt;
}

// simdjson's tree as nlohmann's, or nullopt when simdjson refuses the text or it may hold -0.
std::optional<json> parse_with_simdjson(std::string_view text, bool& unique) {
  return from_simdjson(text, [&](dom::element root) { return to_json(root, unique); });
}

// apiVersion, kind and metadata (less managedFields) of a parsed object; a repeated key keeps
// its last value, as nlohmann does.
json metadata_of(dom::object root) {
  json out = json::object();
  bool unique = true;
  for (dom::key_value_pair member : root) {
    if (member.key == "metadata" && member.value.type() == dom::element_type::OBJECT) {
      json meta = json::object();
      auto& fields = meta.get_ref<json::object_t&>();
      for (dom::key_value_pair field : dom::object(member.value))
        if (field.key != "managedFields") fields.insert_or_assign(std::string(field.key), to_json(field.value, unique));
      out["metadata"] = std::move(meta);
    } else if (member.key == "apiVersion" || member.key == "kind" || member.key == "metadata") {
      out[std::string(member.key)] = to_json(member.value, unique);
    }
  }
  return out;
}

bool is_plain_ascii(std::string_view s) {
  // Eight bytes at a time (a create's stored object is mostly such strings): a word holds none of
  // the bytes that need escaping when no byte is below 0x20 or above 0x7f and none equals '"' or
  // '\\'. The "has a zero byte" test, ((x - 0x01..) & ~x & 0x80..), is exact as a yes/no.
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto has_zero = [](uint64_t x) { return ((x - kOnes) & ~x & kHigh) != 0; };
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if ((w & kHigh) != 0 || ((w - kOnes * 0x20) & ~w & kHigh) != 0 || has_zero(w ^ (kOnes * '"')) ||
        has_zero(w ^ (kOnes * '\\')))
      return false;
  }
  for (char c : s.substr(i)) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x80 || c == '"' || c == '\\') return false;
  }
  return true;
}

void append_string(const std::string& s, std::string& out) {
  if (is_plain_ascii(s)) {
    out += '"';
    out += s;
    out += '"';
  } else {
    out += json(s).dump();
  }
}

void append_json(const json& value, std::string& out) {
  switch (value.type()) {
    case json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, member] : value.get_ref<const json::object_t&>()) {
        if (!first) out += ',';
        first = false;
        append_string(key, out);
        out += ':';
        append_json(member, out);
      }
      out += '}';
      return;
    }
    case json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& item : value.get_ref<const json::array_t&>()) {
        if (!first) out += ',';
        first = false;
        append_json(item, out);
      }
      out += ']';
      return;
    }
    case json::value_t::string: return append_string(value.get_ref<const std::string&>(), out);
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: {
      char digits[24];
      auto end = value.is_number_unsigned() ? std::to_chars(digits, digits + sizeof digits, value.get<uint64_t>()).ptr
                                            : std::to_chars(digits, digits + sizeof digits, value.get<int64_t>()).ptr;
      out.append(digits, end);
      return;
    }
    case json::value_t::boolean: out += value.get<bool>() ? "true" : "false"; return;
    case json::value_t::null: out += "null"; return;
    default: out += value.dump(); return;  // floating point, binary, discarded: nlohmann's own format
  }
}

}  // namespace

std::string dump_json(const json& value) {
  std::string out;
  append_json(value, out);
  return out;
}

json parse_stored_json(std::string_view text) {
  bool unique = true;
  if (auto parsed = parse_with_simdjson(text, unique)) return std::move(*parsed);
  return json::parse(text, nullptr, false);
}

json parse_stored_metadata(std::string_view text) {
  // The same fallback as parse_stored_json: what simdjson refuses or reads otherwise goes to
  // nlohmann, and the metadata is taken from its whole tree.
  auto fast = from_simdjson(text, [](dom::element root) -> std::optional<json> {
    dom::object object;
    if (root.get(object)) return std::nullopt;
    return metadata_of(object);
  });
  if (fast && *fast) return std::move(**fast);
  json out = json::object();
  json whole = json::parse(text, nullptr, false);
  if (!whole.is_object()) return out;
  for (const char* key : {"apiVersion", "kind", "metadata"})
    if (auto it = whole.find(key); it != whole.end()) out[key] = std::move(*it);
  if (out.contains("metadata") && out["metadata"].is_object()) out["metadata"].erase("managedFields");
  return out;
}

std::optional<json> parse_json_if_plain(std::string_view text) {
  bool unique = true;
  auto parsed = parse_with_simdjson(text, unique);
  if (!unique) return std::nullopt;
  return parsed;
}

}  // namespace kapi::registry
