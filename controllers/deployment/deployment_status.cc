#include "controllers/deployment/deployment_status.h"

#include "controllers/deployment/rolling_update_math.h"
#include "registry/object_meta.h"

namespace kapi::controllers::rollout {

namespace {

int64_t int_in(const json& obj, const char* a, const char* b) {
  if (!obj.is_object() || !obj.contains(a) || !obj[a].is_object()) return 0;
  const json& v = obj[a].value(b, json());
  return v.is_number() ? v.get<int64_t>() : 0;
}
int64_t int_of(const json& status, const char* field) {
  const json& v = status.is_object() ? status.value(field, json()) : json();
  return v.is_number() ? v.get<int64_t>() : 0;
}
void set_if_nonzero(json& status, const char* field, int64_t value) {
  if (value != 0) status[field] = value;
}
std::string quoted(const std::string& s) { return "\"" + s + "\""; }

}  // namespace

json new_condition(const std::string& type, const std::string& status, const std::string& reason,
                   const std::string& message, TimePoint now) {
  std::string t = registry::rfc3339(now);
  return {{"type", type}, {"status", status}, {"lastUpdateTime", t}, {"lastTransitionTime", t},
          {"reason", reason}, {"message", message}};
}

const json* get_condition(const json& status, const std::string& type) {
  if (!status.is_object() || !status.contains("conditions") || !status["conditions"].is_array()) return nullptr;
  for (const auto& c : status["conditions"])
    if (c.value("type", "") == type) return &c;
  return nullptr;
}

void set_condition(json& status, json condition) {
  const std::string type = condition.value("type", "");
  if (const json* current = get_condition(status, type)) {
    if (current->value("status", "") == condition.value("status", "") &&
        current->value("reason", "") == condition.value("reason", ""))
      return;
    if (current->value("status", "") == condition.value("status", ""))
      condition["lastTransitionTime"] = current->value("lastTransitionTime", json());
  }
  remove_condition(status, type);
  status["conditions"].push_back(std::move(condition));
}

void remove_condition(json& status, const std::string& type) {
  json kept = json::array();
  if (status.contains("conditions") && status["conditions"].is_array())
    for (const auto& c : status["conditions"])
      if (c.value("type", "") != type) kept.push_back(c);
  status["conditions"] = std::move(kept);
}

const json& status_of(const json& obj) {
  static const json kEmpty = json::object();
  return obj.is_object() && obj.contains("status") && obj["status"].is_object() ? obj["status"] : kEmpty;
}

bool has_progress_deadline(const json& d) {
  const json& v = d["spec"].value("progressDeadlineSeconds", json());
  return v.is_number() && v.get<int64_t>() != 2147483647;
}

json calculate_status(const json& d, const std::vector<client::ObjectPtr>& all, const client::ObjectPtr& new_rs,
                      TimePoint now) {
  int64_t replicas = 0, ready = 0, available = 0, specs = 0;
  for (const auto& rs : all) {
    replicas += int_in(*rs, "status", "replicas");
    ready += int_in(*rs, "status", "readyReplicas");
    available += int_in(*rs, "status", "availableReplicas");
    specs += int_in(*rs, "spec", "replicas");
  }
  const json& old = status_of(d);
  json status = json::object();
  set_if_nonzero(status, "observedGeneration", d["metadata"].value("generation", int64_t{0}));
  set_if_nonzero(status, "replicas", replicas);
  set_if_nonzero(status, "updatedReplicas", new_rs ? int_in(*new_rs, "status", "replicas") : 0);
  set_if_nonzero(status, "readyReplicas", ready);
  set_if_nonzero(status, "availableReplicas", available);
  set_if_nonzero(status, "unavailableReplicas", std::max<int64_t>(0, specs - available));
  if (old.is_object() && old.contains("collisionCount")) status["collisionCount"] = old["collisionCount"];
  status["conditions"] = old.is_object() && old.contains("conditions") && old["conditions"].is_array()
                             ? old["conditions"] : json::array();

  int64_t desired = d["spec"].value("replicas", int64_t{1});
  if (available >= desired - max_unavailable(d))
    set_condition(status, new_condition("Available", "True", kMinimumReplicasAvailable,
                                        "Deployment has minimum availability.", now));
  else
    set_condition(status, new_condition("Available", "False", kMinimumReplicasUnavailable,
                                        "Deployment does not have minimum availability.", now));
  return status;
}

bool deployment_complete(const json& d, const json& status) {
  int64_t desired = d["spec"].value("replicas", int64_t{1});
  return int_of(status, "updatedReplicas") == desired && int_of(status, "replicas") == desired &&
         int_of(status, "availableReplicas") == desired &&
         int_of(status, "observedGeneration") >= d["metadata"].value("generation", int64_t{0});
}

bool deployment_progressing(const json& d, const json& status) {
  const json& old = status_of(d);
  int64_t old_old = int_of(old, "replicas") - int_of(old, "updatedReplicas");
  int64_t new_old = int_of(status, "replicas") - int_of(status, "updatedReplicas");
  return int_of(status, "updatedReplicas") > int_of(old, "updatedReplicas") || new_old < old_old ||
         int_of(status, "readyReplicas") > int_of(old, "readyReplicas") ||
         int_of(status, "availableReplicas") > int_of(old, "availableReplicas");
}

bool deployment_timed_out(const json& d, const json& status, TimePoint now) {
  if (!has_progress_deadline(d)) return false;
  const json* c = get_condition(status, "Progressing");
  if (!c) return false;
  std::string reason = c->value("reason", "");
  if (reason == kNewRSAvailableReason) return false;
  if (reason == kTimedOutReason) return true;
  auto from = registry::parse_rfc3339(c->value("lastUpdateTime", ""));
  if (!from) return false;
  return *from + std::chrono::seconds(d["spec"].value("progressDeadlineSeconds", int64_t{600})) < now;
}

void update_progressing(const json& d, json& status, const client::ObjectPtr& new_rs, TimePoint now) {
  if (!has_progress_deadline(d)) {
    remove_condition(status, "Progressing");
    return;
  }
  const json* current = get_condition(status_of(d), "Progressing");
  bool complete_already = int_of(status, "replicas") == int_of(status, "updatedReplicas") && current &&
                          current->value("reason", "") == kNewRSAvailableReason;
  if (complete_already) return;
  const std::string subject = new_rs ? "ReplicaSet " + quoted(registry::meta_string(*new_rs, "name"))
                                     : "Deployment " + quoted(registry::meta_string(d, "name"));
  if (deployment_complete(d, status)) {
    set_condition(status, new_condition("Progressing", "True", kNewRSAvailableReason,
                                        subject + " has successfully progressed.", now));
  } else if (deployment_progressing(d, status)) {
    // Progress refreshes lastUpdateTime even with the same reason: it is what the deadline counts from.
    json condition = new_condition("Progressing", "True", kReplicaSetUpdatedReason, subject + " is progressing.", now);
    if (current && current->value("status", "") == "True")
      condition["lastTransitionTime"] = current->value("lastTransitionTime", json());
    remove_condition(status, "Progressing");
    set_condition(status, std::move(condition));
  } else if (deployment_timed_out(d, status, now)) {
    set_condition(status, new_condition("Progressing", "False", kTimedOutReason,
                                        subject + " has timed out progressing.", now));
  }
}

}  // namespace kapi::controllers::rollout
