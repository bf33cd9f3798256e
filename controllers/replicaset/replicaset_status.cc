#include "controllers/replicaset/replicaset_status.h"

#include "controllers/common/owner_refs.h"
#include "controllers/common/pod_state.h"
#include "registry/object_meta.h"

namespace kapi::controllers {

namespace {

const json& at_path(const json& obj, std::initializer_list<const char*> path) {
  static const json kNull;
  const json* cur = &obj;
  for (const char* p : path) {
    if (!cur->is_object() || !cur->contains(p)) return kNull;
    cur = &(*cur)[p];
  }
  return *cur;
}

int64_t int_at(const json& obj, std::initializer_list<const char*> path) {
  const json& v = at_path(obj, path);
  return v.is_number() ? v.get<int64_t>() : 0;
}

// Every template label is on the pod with the same value.
bool fully_labeled(const json& pod, const json& template_labels) {
  if (!template_labels.is_object()) return true;
  const json& labels = at_path(pod, {"metadata", "labels"});
  for (auto it = template_labels.begin(); it != template_labels.end(); ++it)
    if (!labels.is_object() || !labels.contains(it.key()) || labels[it.key()] != it.value()) return false;
  return true;
}

void set_if_nonzero(json& status, const char* field, int64_t value) {
  if (value != 0) status[field] = value;
}

}  // namespace

json replicaset_status(const json& rs, const std::vector<client::ObjectPtr>& active,
                       const std::optional<std::string>& manage_error, bool creating,
                       std::chrono::system_clock::time_point now) {
  const int64_t min_ready = int_at(rs, {"spec", "minReadySeconds"});
  const json& template_labels = at_path(rs, {"spec", "template", "metadata", "labels"});
  int64_t labeled = 0, ready = 0, available = 0;
  for (const auto& pod : active) {
    if (fully_labeled(*pod, template_labels)) ++labeled;
    if (is_pod_ready(*pod)) ++ready;
    if (is_pod_available(*pod, min_ready, now)) ++available;
  }
  json status = {{"replicas", static_cast<int64_t>(active.size())}};
  set_if_nonzero(status, "fullyLabeledReplicas", labeled);
  set_if_nonzero(status, "readyReplicas", ready);
  set_if_nonzero(status, "availableReplicas", available);
  set_if_nonzero(status, "observedGeneration", int_at(rs, {"metadata", "generation"}));

  // ReplicaFailure is added on the first failure and removed by the next clean sync.
  json conditions = json::array();
  const json* failure = find_condition(rs, "ReplicaFailure");
  if (const json& old = at_path(rs, {"status", "conditions"}); old.is_array())
    for (const auto& c : old)
      if (c.value("type", "") != "ReplicaFailure") conditions.push_back(c);
  if (manage_error) {
    if (failure) conditions.push_back(*failure);
    else
      conditions.push_back({{"type", "ReplicaFailure"},
                            {"status", "True"},
                            {"lastTransitionTime", registry::rfc3339(now)},
                            {"reason", creating ? "FailedCreate" : "FailedDelete"},
                            {"message", *manage_error}});
  }
  if (!conditions.empty()) status["conditions"] = conditions;
  return status;
}

bool replicaset_status_differs(const json& current, const json& next) {
  for (const char* field : {"replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas",
                            "observedGeneration"})
    if (int_at(current, {field}) != int_at(next, {field})) return true;
  json old_conditions = at_path(current, {"conditions"});
  json new_conditions = at_path(next, {"conditions"});
  if (old_conditions.is_array() && old_conditions.empty()) old_conditions = nullptr;
  return old_conditions != new_conditions;
}

json pod_from_template(const json& rs) {
  const json& tmpl = at_path(rs, {"spec", "template"});
  json meta = {{"generateName", registry::meta_string(rs, "name") + "-"},
               {"namespace", registry::meta_string(rs, "namespace")},
               {"ownerReferences", json::array({controller_ref(rs)})}};
  for (const char* field : {"labels", "annotations", "finalizers"})
    if (const json& v = at_path(tmpl, {"metadata", field}); !v.is_null()) meta[field] = v;
  json spec = at_path(tmpl, {"spec"});
  return {{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", meta}, {"spec", spec.is_null() ? json::object() : spec}};
}

}  // namespace kapi::controllers
