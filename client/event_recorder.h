// Records core/v1 Events about objects, as client-go's record.EventRecorder with its
// correlator's aggregation: the first occurrence of an (object, type, reason, message) creates
// an Event with count 1; each repeat bumps count and lastTimestamp on that same Event instead of
// creating another. If that Event is gone (deleted, expired) a new one is created.
//
// Writes are synchronous through the Client, one at a time; a failed write is returned and
// otherwise forgotten (events are best-effort, never worth failing a reconcile over).
#pragma once

#include <chrono>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "client/client.h"

namespace kapi::client {

struct EventSource {
  std::string component;  // "statefulset-controller"
  std::string host;       // optional: the node the component runs on
};

inline constexpr const char* kEventTypeNormal = "Normal";
inline constexpr const char* kEventTypeWarning = "Warning";

class EventRecorder {
 public:
  using WallClock = std::function<std::chrono::system_clock::time_point()>;
  // How many distinct events are remembered for aggregation (oldest forgotten first).
  static constexpr size_t kMaxRemembered = 4096;

  EventRecorder(ClientPtr client, EventSource source, WallClock now = std::chrono::system_clock::now);

  // `object` is the involved object as read from the API (kind, apiVersion, metadata).
  std::optional<ApiError> event(const json& object, const std::string& type, const std::string& reason,
                                const std::string& message);

 private:
  struct Recorded {
    std::string ns, name;             // the Event object
    int64_t count = 0;
    std::list<std::string>::iterator age;
  };
  std::optional<ApiError> create(const std::string& key, const json& involved, const std::string& ns,
                                 const std::string& type, const std::string& reason,
                                 const std::string& message);
  void remember(const std::string& key, Recorded recorded);

  ClientPtr client_;
  EventSource source_;
  WallClock now_;
  std::mutex mu_;                      // held across a write: repeats aggregate in order
  std::unordered_map<std::string, Recorded> recorded_;
  std::list<std::string> by_age_;      // front: most recently used
};

}  // namespace kapi::client
