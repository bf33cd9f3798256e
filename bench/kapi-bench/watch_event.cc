#include "bench/kapi-bench/watch_event.h"

#include <string.h>  // memmem

#include <charconv>
#include <nlohmann/json.hpp>

#include "bench/kapi-bench/workload.h"

namespace kapi::bench {

namespace {

// The string value after `"key":"` (compact JSON), when it holds no escapes. memmem, not
// string_view::find: find stops at every '"' of the line to compare the whole key there, and a
// line of a ~700-byte object has a hundred of them (this was a sixth of the client's time).
std::optional<std::string_view> string_after(std::string_view line, std::string_view key_prefix, size_t from = 0) {
  if (from > line.size()) return std::nullopt;
  const void* hit = memmem(line.data() + from, line.size() - from, key_prefix.data(), key_prefix.size());
  if (!hit) return std::nullopt;
  auto at = static_cast<size_t>(static_cast<const char*>(hit) - line.data());
  auto start = at + key_prefix.size();
  auto end = line.find('"', start);
  if (end == std::string_view::npos) return std::nullopt;
  auto value = line.substr(start, end - start);
  if (value.find('\\') != std::string_view::npos) return std::nullopt;
  return value;
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
  auto type = string_after(line, kTypePrefix);
  if (!type) return parse_fully(line);
  WatchEventFields out;
  out.type = std::string(*type);
  if (out.type == "ERROR") return parse_fully(line);
  auto rv = string_after(line, "\"resourceVersion\":\"");
  auto revision = rv ? to_int<uint64_t>(*rv) : std::nullopt;
  if (!revision) return parse_fully(line);
  out.revision = *revision;
  if (out.type == "BOOKMARK") return out;
  static const std::string seq_key = "\"" + std::string(kSeqAnnotation) + "\":\"";
  static const std::string sent_key = "\"" + std::string(kSentAnnotation) + "\":\"";
  auto seq = string_after(line, seq_key);
  auto sent = string_after(line, sent_key);
  if (!seq || !sent) return parse_fully(line);
  out.seq = to_int<uint64_t>(*seq);
  out.sent_unix_nano = to_int<int64_t>(*sent);
  return out;
}

}  // namespace kapi::bench
