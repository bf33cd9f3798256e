// The few fields the watch benchmark needs from one watch event line, read without building a
// JSON tree (a thousand watchers each read every event, so the client must stay cheap): the
// event type, the object's resourceVersion, and the writer's annotations. Lines in another
// layout (spaces, other key order) fall back to a full parse.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kapi::bench {

// The watch event types; kOther is any other name (counted as an object change, as ADDED).
enum class EventType : uint8_t { kAdded, kModified, kDeleted, kBookmark, kError, kOther };

struct WatchEventFields {
  EventType type = EventType::kOther;
  uint64_t revision = 0;  // metadata.resourceVersion (0 when absent, as in ERROR)
  std::optional<uint64_t> seq;
  std::optional<int64_t> sent_unix_nano;
  std::string error_message;  // ERROR: the Status message
};

std::optional<WatchEventFields> read_watch_event(std::string_view line);

}  // namespace kapi::bench
