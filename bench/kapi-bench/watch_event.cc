#include "bench/kapi-bench/watch_event.h"

#include <charconv>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

#include "bench/kapi-bench/workload.h"

namespace kapi::bench {

namespace {

// Where `key` first occurs in `line` at or after `from`, found by memchr on its character at
// `anchor`, one rare in JSON text ('V' of resourceVersion, '/' of the annotations): every
// occurrence of the key holds that character there, so checking each occurrence of it in turn
// gives the first occurrence of the key, as memmem would. memmem (and string_view::find
// before it) stopped at every '"' or at each pair of the key's characters in a ~900-byte line,
// and three of them took a sixth of the client's CPU.
size_t find_key(std::string_view line, std::string_view key, size_t anchor, size_t from = 0) {
  const char mark = key[anchor];
  for (size_t at = from + anchor; at < line.size();) {
    const void* hit = memchr(line.data() + at, mark, line.size() - at);
    if (!hit) return std::string_view::npos;
    at = static_cast<size_t>(static_cast<const char*>(hit) - line.data());
    // Keys open with '"': a cheap test that rules out most hits ("apiVersion", "f:kapi-bench/...")
    // before the whole key is compared.
    if (line[at - anchor] == key[0] && line.compare(at - anchor, key.size(), key) == 0) return at - anchor;
    ++at;
  }
  return std::string_view::npos;
}

// The string value that starts at `start` (just after its opening quote), when it holds no
// escapes.
std::optional<std::string_view> string_at(std::string_view line, size_t start) {
  if (start == std::string_view::npos || start > line.size()) return std::nullopt;
  const void* quote = memchr(line.data() + start, '"', line.size() - start);
  if (!quote) return std::nullopt;
  auto value = line.substr(start, static_cast<size_t>(static_cast<const char*>(quote) - line.data()) - start);
  if (value.find('\\') != std::string_view::npos) return std::nullopt;
  return value;
}

std::optional<std::string_view> string_after(std::string_view line, std::string_view key, size_t anchor) {
  size_t at = find_key(line, key, anchor);
  return string_at(line, at == std::string_view::npos ? at : at + key.size());
}

template <typename Int>
std::optional<Int> to_int(std::string_view s) {
  Int v{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// Decimal digits only, up to 19 of them (a send time in ns has 19; 19 digits cannot overflow
// 64 unsigned bits): cheaper than from_chars on these short numbers. Anything else, or a value
// beyond Int: nullopt, and the caller falls back to the full parse.
template <typename Int>
std::optional<Int> short_decimal(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v > static_cast<uint64_t>(std::numeric_limits<Int>::max())) return std::nullopt;
  return static_cast<Int>(v);
}

std::optional<WatchEventFields> parse_fully(std::string_view line) {
  auto event = nlohmann::json::parse(line, nullptr, false);
  if (!event.is_object() || !event.contains("type") || !event["type"].is_string()) return std::nullopt;
  WatchEventFields out;
  out.type = event["type"].get<std::string>();
  const auto& object = event.contains("object") ? event["object"] : nlohmann::json();
  if (out.type == "ERROR") {
    out.error_message = object.is_object() ? object.value("message", std::string("(no message)")) : "(no object)";
    return out;
  }
  if (!object.is_object() || !object.contains("metadata")) return std::nullopt;
  const auto& meta = object["metadata"];
  if (auto rv = to_int<uint64_t>(meta.value("resourceVersion", std::string()))) out.revision = *rv;
  else return std::nullopt;
  if (meta.contains("annotations") && meta["annotations"].is_object()) {
    const auto& a = meta["annotations"];
    out.seq = to_int<uint64_t>(a.value(std::string(kSeqAnnotation), std::string()));
    out.sent_unix_nano = to_int<int64_t>(a.value(std::string(kSentAnnotation), std::string()));
  }
  return out;
}

}  // namespace

std::optional<WatchEventFields> read_watch_event(std::string_view line) {
  // Upstream (and kapi) write {"type":"X","object":{...}}, compact.
  constexpr std::string_view kTypePrefix = "{\"type\":\"";
  if (line.rfind(kTypePrefix, 0) != 0) return parse_fully(line);
  auto type = string_at(line, kTypePrefix.size());
  if (!type) return parse_fully(line);
  WatchEventFields out;
  out.type = std::string(*type);
  if (out.type == "ERROR") return parse_fully(line);
  static constexpr std::string_view kRevisionKey = "\"resourceVersion\":\"";
  auto rv = string_after(line, kRevisionKey, kRevisionKey.find('V'));
  auto revision = rv ? short_decimal<uint64_t>(*rv) : std::nullopt;
  if (!revision) return parse_fully(line);
  out.revision = *revision;
  if (out.type == "BOOKMARK") return out;
  // Both annotation keys hold a '/' (kapi-bench/...); memchr finds it where the key has it.
  static const std::string seq_key = "\"" + std::string(kSeqAnnotation) + "\":\"";
  static const std::string sent_key = "\"" + std::string(kSentAnnotation) + "\":\"";
  static const size_t seq_anchor = seq_key.find('/'), sent_anchor = sent_key.find('/');
  auto seq = string_after(line, seq_key, seq_anchor);
  auto sent = string_after(line, sent_key, sent_anchor);
  if (!seq || !sent) return parse_fully(line);
  out.seq = short_decimal<uint64_t>(*seq);
  out.sent_unix_nano = short_decimal<int64_t>(*sent);
  if (!out.seq || !out.sent_unix_nano) return parse_fully(line);
  return out;
}

}  // namespace kapi::bench
