#include "bench/kapi-bench/watch_event.h"

#include <array>
#include <charconv>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

#include "bench/kapi-bench/workload.h"

namespace kapi::bench {

namespace {

// Where each of `keys` first occurs in `line`, found by memchr on a character they all hold at
// their index `anchor` in common, one rare in JSON text ('V' of resourceVersion, '/' of the
// annotations): every occurrence of a key holds that character there, so checking each
// occurrence of it in turn gives each key's first occurrence, as memmem would. memmem (and
// string_view::find before it) stopped at each pair of the key's characters (or each '"') in
// a ~900-byte line, and three searches took a sixth of the client's CPU; one pass here serves
// both annotations.
template <size_t N>
void find_keys(std::string_view line, const std::array<std::string_view, N>& keys, size_t anchor,
               std::array<size_t, N>& found) {
  found.fill(std::string_view::npos);
  size_t missing = N;
  const char mark = keys[0][anchor];
  for (size_t at = anchor; at < line.size() && missing > 0;) {
    const void* hit = memchr(line.data() + at, mark, line.size() - at);
    if (!hit) return;
    at = static_cast<size_t>(static_cast<const char*>(hit) - line.data());
    const size_t start = at - anchor;
    // Keys open with '"' and have a character after the anchor: two cheap tests rule out most
    // hits ("apiVersion", "f:kapi-bench/...", other annotations) before a whole key is compared.
    if (line[start] == '"' && at + 1 < line.size()) {
      for (size_t k = 0; k < N; ++k)
        if (found[k] == std::string_view::npos && line[at + 1] == keys[k][anchor + 1] &&
            line.compare(start, keys[k].size(), keys[k]) == 0) {
          found[k] = start;
          --missing;
          break;
        }
    }
    ++at;
  }
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

// The value of `key` (a `"name":"` prefix) found at `at` by find_keys.
std::optional<std::string_view> value_at(std::string_view line, std::string_view key, size_t at) {
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
  if (*type == "ERROR") return parse_fully(line);
  out.type = std::string(*type);
  static constexpr std::array<std::string_view, 1> kRevisionKey{"\"resourceVersion\":\""};
  std::array<size_t, 1> rv_at;
  find_keys(line, kRevisionKey, kRevisionKey[0].find('V'), rv_at);
  auto rv = value_at(line, kRevisionKey[0], rv_at[0]);
  auto revision = rv ? short_decimal<uint64_t>(*rv) : std::nullopt;
  if (!revision) return parse_fully(line);
  out.revision = *revision;
  if (std::string_view(out.type) == "BOOKMARK") return out;
  // Both annotation keys are "kapi-bench/...": the '/' is at the same index in both.
  static const std::string seq_key = "\"" + std::string(kSeqAnnotation) + "\":\"";
  static const std::string sent_key = "\"" + std::string(kSentAnnotation) + "\":\"";
  static const std::array<std::string_view, 2> annotation_keys{seq_key, sent_key};
  static const size_t anchor = seq_key.find('/');
  static_assert(kSeqAnnotation.find('/') == kSentAnnotation.find('/'));
  std::array<size_t, 2> annotations_at;
  find_keys(line, annotation_keys, anchor, annotations_at);
  auto seq = value_at(line, seq_key, annotations_at[0]);
  auto sent = value_at(line, sent_key, annotations_at[1]);
  if (!seq || !sent) return parse_fully(line);
  out.seq = short_decimal<uint64_t>(*seq);
  out.sent_unix_nano = short_decimal<int64_t>(*sent);
  if (!out.seq || !out.sent_unix_nano) return parse_fully(line);
  return out;
}

}  // namespace kapi::bench
