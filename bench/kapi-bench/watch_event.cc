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

// The decimal string value that starts at `start` (just after its opening quote): up to 19
// digits (a send time in ns has 19; 19 digits cannot overflow 64 unsigned bits) then the
// closing quote, read in the one pass that finds that quote. Anything else (an escape, a sign,
// more digits, a value beyond Int, no quote): nullopt, and the caller falls back to the full
// parse.
template <typename Int>
std::optional<Int> decimal_at(std::string_view line, size_t start) {
  if (start >= line.size()) return std::nullopt;
  const size_t limit = std::min(line.size(), start + 20);  // 19 digits and the quote
  uint64_t v = 0;
  for (size_t i = start; i < limit; ++i) {
    const auto digit = static_cast<unsigned char>(line[i] - '0');
    if (digit <= 9) {
      v = v * 10 + digit;
      continue;
    }
    if (line[i] != '"' || i == start || v > static_cast<uint64_t>(std::numeric_limits<Int>::max())) return std::nullopt;
    return static_cast<Int>(v);
  }
  return std::nullopt;
}

// The decimal value of `key` (a `"name":"` prefix) found at `at` by find_keys.
template <typename Int>
std::optional<Int> decimal_of(std::string_view line, std::string_view key, size_t at) {
  return at == std::string_view::npos ? std::nullopt : decimal_at<Int>(line, at + key.size());
}

EventType type_named(std::string_view name) {
  if (name == "ADDED") return EventType::kAdded;
  if (name == "MODIFIED") return EventType::kModified;
  if (name == "DELETED") return EventType::kDeleted;
  if (name == "BOOKMARK") return EventType::kBookmark;
  if (name == "ERROR") return EventType::kError;
  return EventType::kOther;
}

// The type whose name starts at `start` (after `"type":"`), ended by its quote; nullopt when
// the name has no closing quote or holds an escape.
std::optional<EventType> type_at(std::string_view line, size_t start) {
  const std::string_view rest = line.substr(std::min(start, line.size()));
  const size_t quote = rest.find('"');
  if (quote == std::string_view::npos) return std::nullopt;
  const std::string_view name = rest.substr(0, quote);
  if (name.find('\\') != std::string_view::npos) return std::nullopt;
  return type_named(name);
}

template <typename Int>
std::optional<Int> to_int(std::string_view s) {
  Int v{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<WatchEventFields> parse_fully(std::string_view line) {
  auto event = nlohmann::json::parse(line, nullptr, false);
  if (!event.is_object() || !event.contains("type") || !event["type"].is_string()) return std::nullopt;
  WatchEventFields out;
  out.type = type_named(event["type"].get<std::string>());
  const auto& object = event.contains("object") ? event["object"] : nlohmann::json();
  if (out.type == EventType::kError) {
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
  if (!line.starts_with(kTypePrefix)) return parse_fully(line);
  auto type = type_at(line, kTypePrefix.size());
  if (!type || *type == EventType::kError) return parse_fully(line);
  WatchEventFields out;
  out.type = *type;
  static constexpr std::array<std::string_view, 1> kRevisionKey{"\"resourceVersion\":\""};
  std::array<size_t, 1> rv_at;
  find_keys(line, kRevisionKey, kRevisionKey[0].find('V'), rv_at);
  auto revision = decimal_of<uint64_t>(line, kRevisionKey[0], rv_at[0]);
  if (!revision) return parse_fully(line);
  out.revision = *revision;
  if (out.type == EventType::kBookmark) return out;
  // Both annotation keys are "kapi-bench/...": the '/' is at the same index in both.
  static const std::string seq_key = "\"" + std::string(kSeqAnnotation) + "\":\"";
  static const std::string sent_key = "\"" + std::string(kSentAnnotation) + "\":\"";
  static const std::array<std::string_view, 2> annotation_keys{seq_key, sent_key};
  static const size_t anchor = seq_key.find('/');
  static_assert(kSeqAnnotation.find('/') == kSentAnnotation.find('/'));
  std::array<size_t, 2> annotations_at;
  find_keys(line, annotation_keys, anchor, annotations_at);
  out.seq = decimal_of<uint64_t>(line, seq_key, annotations_at[0]);
  out.sent_unix_nano = decimal_of<int64_t>(line, sent_key, annotations_at[1]);
  if (!out.seq || !out.sent_unix_nano) return parse_fully(line);
  return out;
}

}  // namespace kapi::bench
