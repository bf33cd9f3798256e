#include "controllers/deployment/replicaset_revisions.h"

#include <algorithm>

#include "controllers/common/template_hash.h"
#include "registry/object_meta.h"

namespace kapi::controllers::rollout {

namespace {

json& annotations_of(json& obj) {
  json& meta = obj["metadata"];
  if (!meta.contains("annotations") || !meta["annotations"].is_object()) meta["annotations"] = json::object();
  return meta["annotations"];
}

std::string annotation(const json& obj, const char* key) {
  const json* annotations = registry::meta_field(obj, "annotations");
  if (!annotations || !annotations->is_object()) return "";
  const json& v = annotations->value(key, json());
  return v.is_string() ? v.get<std::string>() : "";
}

std::optional<int64_t> parse_int(const std::string& text) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 18) return std::nullopt;
  return std::stoll(text);
}

bool skip_copy(const std::string& key) {
  return key == "kubectl.kubernetes.io/last-applied-configuration" || key.rfind("deployment.kubernetes.io/", 0) == 0;
}

bool set_annotation(json& obj, const char* key, const std::string& value) {
  json& annotations = annotations_of(obj);
  if (annotations.value(key, json()) == json(value)) return false;
  annotations[key] = value;
  return true;
}

}  // namespace

json template_without_hash(const json& pod_template) {
  json copy = pod_template.is_object() ? pod_template : json::object();
  if (copy.contains("metadata") && copy["metadata"].is_object()) {
    json& meta = copy["metadata"];
    if (meta.contains("labels") && meta["labels"].is_object()) {
      meta["labels"].erase(kPodTemplateHashLabel);
      if (meta["labels"].empty()) meta.erase("labels");
    }
    if (meta.contains("creationTimestamp") && meta["creationTimestamp"].is_null()) meta.erase("creationTimestamp");
    if (meta.empty()) copy.erase("metadata");
  }
  return copy;
}

std::string pod_template_hash(const json& pod_template, int64_t collision_count) {
  return template_hash(template_without_hash(pod_template), collision_count);
}

bool templates_equal_ignoring_hash(const json& a, const json& b) {
  return template_without_hash(a) == template_without_hash(b);
}

std::optional<int64_t> int_annotation(const json& obj, const char* key) { return parse_int(annotation(obj, key)); }

int64_t revision_of(const json& rs) { return int_annotation(rs, kRevisionAnnotation).value_or(0); }

int64_t max_revision(const std::vector<client::ObjectPtr>& sets) {
  int64_t most = 0;
  for (const auto& rs : sets) most = std::max(most, revision_of(*rs));
  return most;
}

void sort_oldest_first(std::vector<client::ObjectPtr>& sets) {
  std::stable_sort(sets.begin(), sets.end(), [](const client::ObjectPtr& a, const client::ObjectPtr& b) {
    auto ta = registry::meta_string(*a, "creationTimestamp"), tb = registry::meta_string(*b, "creationTimestamp");
    if (ta != tb) return ta < tb;  // RFC 3339 in UTC sorts as text
    return registry::meta_string(*a, "name") < registry::meta_string(*b, "name");
  });
}

client::ObjectPtr find_new_replica_set(const json& deployment, std::vector<client::ObjectPtr> sets) {
  sort_oldest_first(sets);
  const json& tmpl = deployment["spec"]["template"];
  for (const auto& rs : sets)
    if (rs->contains("spec") && templates_equal_ignoring_hash((*rs)["spec"].value("template", json()), tmpl)) return rs;
  return nullptr;
}

bool set_new_rs_annotations(const json& deployment, json& rs, int64_t new_revision, bool exists, int64_t max_surge) {
  bool changed = false;
  if (const json* own = registry::meta_field(deployment, "annotations"); own && own->is_object())
    for (auto it = own->begin(); it != own->end(); ++it)
      if (!skip_copy(it.key()) && it.value().is_string()) changed |= set_annotation(rs, it.key().c_str(), it.value());

  const std::string old_revision = annotation(rs, kRevisionAnnotation);
  auto old_number = parse_int(old_revision);
  if (!old_revision.empty() && !old_number) return changed;  // not ours to fix
  if (old_number.value_or(0) < new_revision) {
    changed |= set_annotation(rs, kRevisionAnnotation, std::to_string(new_revision));
    // A set that had a revision and gets a newer one is being rolled back to: keep the history.
    if (!old_revision.empty()) {
      std::string history = annotation(rs, kRevisionHistoryAnnotation);
      std::vector<std::string> parts;
      for (size_t start = 0; !history.empty() && start <= history.size();) {
        size_t comma = history.find(',', start);
        if (comma == std::string::npos) comma = history.size();
        parts.push_back(history.substr(start, comma - start));
        start = comma + 1;
      }
      size_t total = history.size() + old_revision.size() + 1;
      size_t drop = 0;
      while (total > kMaxRevisionHistoryChars && drop < parts.size()) total -= parts[drop++].size() + 1;
      if (total <= kMaxRevisionHistoryChars) {
        std::string next;
        for (size_t i = drop; i < parts.size(); ++i) next += parts[i] + ",";
        set_annotation(rs, kRevisionHistoryAnnotation, next + old_revision);
      }
    }
  }
  if (!exists) {
    int64_t desired = deployment["spec"].value("replicas", int64_t{1});
    changed |= set_replicas_annotations(rs, desired, desired + max_surge);
  }
  return changed;
}

bool set_replicas_annotations(json& rs, int64_t desired, int64_t max_replicas) {
  bool changed = set_annotation(rs, kDesiredReplicasAnnotation, std::to_string(desired));
  changed |= set_annotation(rs, kMaxReplicasAnnotation, std::to_string(max_replicas));
  return changed;
}

}  // namespace kapi::controllers::rollout
