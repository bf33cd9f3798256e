#include "client/event_recorder.h"

#include <cstdio>

#include "registry/object_meta.h"

namespace kapi::client {

namespace {

// The ObjectReference an Event points at.
json reference_to(const json& object) {
  json ref = {{"kind", object.value("kind", "")},
              {"apiVersion", object.value("apiVersion", "")},
              {"name", registry::meta_string(object, "name")},
              {"uid", registry::meta_string(object, "uid")},
              {"resourceVersion", registry::meta_string(object, "resourceVersion")}};
  std::string ns = registry::meta_string(object, "namespace");
  if (!ns.empty()) ref["namespace"] = ns;
  return ref;
}

// Upstream names Events "<object name>.<unix nanoseconds in hex>".
std::string event_name(const std::string& object_name, std::chrono::system_clock::time_point at, int bump) {
  auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count() + bump;
  char hex[32];
  std::snprintf(hex, sizeof hex, "%llx", static_cast<unsigned long long>(nanos));
  return object_name + "." + hex;
}

}  // namespace

EventRecorder::EventRecorder(ClientPtr client, EventSource source, WallClock now)
    : client_(std::move(client)), source_(std::move(source)), now_(std::move(now)) {}

std::optional<ApiError> EventRecorder::event(const json& object, const std::string& type,
                                             const std::string& reason, const std::string& message) {
  json involved = reference_to(object);
  // Events about cluster-scoped objects (nodes, PVs) live in "default", as upstream's.
  std::string ns = involved.value("namespace", "default");
  // The aggregation key leaves out resourceVersion: repeats about later states of the same
  // object are still the same event.
  std::string key = involved["kind"].get<std::string>() + "\x1f" + ns + "\x1f" +
                    involved["name"].get<std::string>() + "\x1f" + involved["uid"].get<std::string>() +
                    "\x1f" + type + "\x1f" + reason + "\x1f" + message;

  std::lock_guard lock(mu_);
  auto it = recorded_.find(key);
  if (it == recorded_.end()) return create(key, involved, ns, type, reason, message);

  Recorded& seen = it->second;
  json patch = {{"count", seen.count + 1}, {"lastTimestamp", registry::rfc3339(now_())}};
  auto patched = client_->patch(resources::kEvents, seen.ns, seen.name, PatchType::kMerge, patch.dump());
  if (!patched.ok()) {
    if (patched.error().code != 404) return patched.error();
    by_age_.erase(seen.age);
    recorded_.erase(it);
    return create(key, involved, ns, type, reason, message);
  }
  seen.count += 1;
  by_age_.splice(by_age_.begin(), by_age_, seen.age);
  return std::nullopt;
}

std::optional<ApiError> EventRecorder::create(const std::string& key, const json& involved,
                                              const std::string& ns, const std::string& type,
                                              const std::string& reason, const std::string& message) {
  auto at = now_();
  std::string stamp = registry::rfc3339(at);
  json event = {{"apiVersion", "v1"},
                {"kind", "Event"},
                {"metadata", {{"namespace", ns}}},
                {"involvedObject", involved},
                {"reason", reason},
                {"message", message},
                {"type", type},
                {"source", {{"component", source_.component}}},
                {"firstTimestamp", stamp},
                {"lastTimestamp", stamp},
                {"count", 1},
                {"reportingComponent", source_.component},
                {"reportingInstance", source_.host}};
  if (!source_.host.empty()) event["source"]["host"] = source_.host;
  // Two events in the same nanosecond (a coarse or fake clock) would share a name: try the
  // next few names instead.
  for (int bump = 0;; ++bump) {
    std::string name = event_name(involved["name"].get<std::string>(), at, bump);
    event["metadata"]["name"] = name;
    auto created = client_->create(resources::kEvents, ns, event);
    if (created.ok()) {
      remember(key, Recorded{ns, name, 1, {}});
      return std::nullopt;
    }
    if (created.error().code != 409 || bump >= 8) return created.error();
  }
}

void EventRecorder::remember(const std::string& key, Recorded recorded) {
  by_age_.push_front(key);
  recorded.age = by_age_.begin();
  recorded_[key] = std::move(recorded);
  while (recorded_.size() > kMaxRemembered) {
    recorded_.erase(by_age_.back());
    by_age_.pop_back();
  }
}

}  // namespace kapi::client
