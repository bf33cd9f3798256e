// The status conditions the namespace controller keeps on a terminating namespace (upstream's
// namespaceConditionUpdater): one of each type, False with an "ok" reason unless a problem was
// seen, lastTransitionTime moving only when the status flips.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "client/client.h"

namespace kapi::controllers::namespace_deletion {

using client::json;

// What one pass over the namespace's content found.
struct ContentReport {
  std::map<std::string, int> remaining_by_resource;   // "configmaps." / "deployments.apps" -> count
  std::map<std::string, int> remaining_by_finalizer;  // finalizer -> objects it holds
  std::vector<std::string> delete_errors;             // one per resource that failed
};

// Merges the conditions the report calls for into status.conditions; true when anything changed.
bool update_conditions(json& status, const ContentReport& report, const std::string& now);

}  // namespace kapi::controllers::namespace_deletion
