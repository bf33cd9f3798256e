#include "controllers/namespace/namespace_conditions.h"

#include <algorithm>
#include <optional>

namespace kapi::controllers::namespace_deletion {

namespace {

struct Condition {
  std::string type;
  std::string ok_reason;
  std::string ok_message;
};

const std::vector<Condition>& condition_types() {
  static const std::vector<Condition> all = {
      {"NamespaceDeletionDiscoveryFailure", "ResourcesDiscovered", "All resources successfully discovered"},
      {"NamespaceDeletionGroupVersionParsingFailure", "ParsedGroupVersions",
       "All legacy kube types successfully parsed"},
      {"NamespaceDeletionContentFailure", "ContentDeleted",
       "All content successfully deleted, may be waiting on finalization"},
      {"NamespaceContentRemaining", "ContentRemoved", "All content successfully removed"},
      {"NamespaceFinalizersRemaining", "ContentHasNoFinalizers", "All content-preserving finalizers finished"},
  };
  return all;
}

std::string joined(std::vector<std::string> parts) {
  std::sort(parts.begin(), parts.end());  // stable messages: no rewrite when nothing changed
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

// The problem variant of a condition type, if the report shows one: {reason, message}.
std::optional<std::pair<std::string, std::string>> problem(const std::string& type, const ContentReport& r) {
  if (type == "NamespaceDeletionContentFailure" && !r.delete_errors.empty())
    return std::make_pair(std::string("ContentDeletionFailed"),
                          "Failed to delete all resource types, " + std::to_string(r.delete_errors.size()) +
                              " remaining: " + joined(r.delete_errors));
  if (type == "NamespaceContentRemaining" && !r.remaining_by_resource.empty()) {
    std::vector<std::string> parts;
    for (const auto& [resource, count] : r.remaining_by_resource)
      parts.push_back(resource + " has " + std::to_string(count) + " resource instances");
    return std::make_pair(std::string("SomeResourcesRemain"), "Some resources are remaining: " + joined(parts));
  }
  if (type == "NamespaceFinalizersRemaining" && !r.remaining_by_finalizer.empty()) {
    std::vector<std::string> parts;
    for (const auto& [finalizer, count] : r.remaining_by_finalizer)
      parts.push_back(finalizer + " in " + std::to_string(count) + " resource instances");
    return std::make_pair(std::string("SomeFinalizersRemain"),
                          "Some content in the namespace has finalizers remaining: " + joined(parts));
  }
  return std::nullopt;
}

}  // namespace

bool update_conditions(json& status, const ContentReport& report, const std::string& now) {
  if (!status.is_object()) status = json::object();
  json& conditions = status["conditions"];
  if (!conditions.is_array()) conditions = json::array();
  bool changed = false;
  for (const auto& type : condition_types()) {
    auto bad = problem(type.type, report);
    json wanted = {{"type", type.type},
                   {"status", bad ? "True" : "False"},
                   {"reason", bad ? bad->first : type.ok_reason},
                   {"message", bad ? bad->second : type.ok_message},
                   {"lastTransitionTime", now}};
    auto it = std::find_if(conditions.begin(), conditions.end(),
                           [&](const json& c) { return c.is_object() && c.value("type", "") == type.type; });
    if (it == conditions.end()) {
      conditions.push_back(wanted);
      changed = true;
      continue;
    }
    json& old = *it;
    if (old.value("status", "") == wanted["status"] && old.value("reason", "") == wanted["reason"] &&
        old.value("message", "") == wanted["message"])
      continue;
    if (old.value("status", "") != wanted["status"]) old["lastTransitionTime"] = now;
    old["status"] = wanted["status"];
    old["reason"] = wanted["reason"];
    old["message"] = wanted["message"];
    changed = true;
  }
  return changed;
}

}  // namespace kapi::controllers::namespace_deletion
