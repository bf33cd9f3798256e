// Small readers of Deployment and ReplicaSet fields shared by this folder's files.
#pragma once

#include <algorithm>
#include <optional>
#include <string>

#include "client/object_cache.h"
#include "registry/object_meta.h"
#include "registry/selector/label_selector.h"

namespace kapi::controllers::rollout {

inline int64_t spec_int(const client::json& obj, const char* field, int64_t fallback = 0) {
  if (!obj.is_object() || !obj.contains("spec") || !obj["spec"].is_object()) return fallback;
  const client::json& v = obj["spec"].value(field, client::json());
  return v.is_number() ? v.get<int64_t>() : fallback;
}
inline int64_t status_int(const client::json& obj, const char* field) {
  if (!obj.is_object() || !obj.contains("status") || !obj["status"].is_object()) return 0;
  const client::json& v = obj["status"].value(field, client::json());
  return v.is_number() ? v.get<int64_t>() : 0;
}
inline int64_t replicas_of(const client::json& obj) { return spec_int(obj, "replicas", 1); }
// A set's available pods for the rollout bounds, never more than its spec: right after a scale
// down the ReplicaSet reports the pods it counted before deleting the surplus (as upstream's
// does), and trusting that figure would let the next sync scale down past maxUnavailable.
inline int64_t available_of(const client::json& rs) {
  return std::min(status_int(rs, "availableReplicas"), replicas_of(rs));
}

inline const client::json& labels_of(const client::json& obj) {
  static const client::json kNone;
  const client::json* labels = registry::meta_field(obj, "labels");
  return labels ? *labels : kNone;
}

inline std::optional<registry::selector::LabelSelector> selector_of(const client::json& obj) {
  client::json selector = obj.contains("spec") && obj["spec"].is_object() ? obj["spec"].value("selector", client::json())
                                                                          : client::json();
  auto parsed = registry::selector::LabelSelector::from_json(selector);
  if (std::holds_alternative<std::string>(parsed)) return std::nullopt;
  return std::get<registry::selector::LabelSelector>(parsed);
}

// Informer caches may hold objects without kind/apiVersion; events and owner refs need them.
inline client::json with_kind(const client::json& obj, const char* kind) {
  client::json copy = obj;
  copy["apiVersion"] = "apps/v1";
  copy["kind"] = kind;
  return copy;
}

}  // namespace kapi::controllers::rollout
