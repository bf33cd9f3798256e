#include "registry/core/pod_binding.h"

#include "registry/object_meta.h"

namespace kapi::registry {

namespace {

// As upstream's assignPod: a bound pod is scheduled. Written through /status, which the main
// resource's writes may not touch.
ApiResult<Written> mark_scheduled(const GenericStore& pods, const std::string& ns, const std::string& name,
                                  bool dry_run) {
  auto mutate = [](const json& current) -> ApiResult<json> {
    json pod = current;
    json& conditions = pod["status"]["conditions"];
    if (!conditions.is_array()) conditions = json::array();
    json scheduled = {{"type", "PodScheduled"}, {"status", "True"}, {"lastProbeTime", nullptr},
                      {"lastTransitionTime", now_rfc3339()}};
    bool replaced = false;
    for (auto& c : conditions) {
      if (c.is_object() && c.value("type", "") == "PodScheduled") {
        c = scheduled;
        replaced = true;
      }
    }
    if (!replaced) conditions.push_back(scheduled);
    pod["metadata"].erase("resourceVersion");
    return pod;
  };
  return pods.update_with(ns, name, mutate, {dry_run, "status"});
}

}  // namespace

ApiResult<Written> bind_pod(const GenericStore& pods, const std::string& ns, const std::string& pod_name,
                            const json& binding, bool dry_run) {
  std::string name = pod_name.empty() ? meta_string(binding, "name") : pod_name;
  std::string node;
  if (binding.is_object() && binding.contains("target") && binding["target"].is_object())
    node = binding["target"].value("name", "");
  if (node.empty()) return invalid("", "Binding", name, {required("target.name", "")});
  auto mutate = [&](const json& current) -> ApiResult<json> {
    json pod = current;
    if (meta_field(pod, "deletionTimestamp"))
      return conflict(pods.info().qualified(), name, "pod is being deleted, cannot be assigned to a host");
    std::string assigned = pod.value("spec", json::object()).value("nodeName", "");
    if (!assigned.empty())
      return conflict(pods.info().qualified(), name,
                      "pod " + name + " is already assigned to node \"" + assigned + "\"");
    pod["spec"]["nodeName"] = node;
    // The binding's annotations are copied onto the pod, as upstream does.
    if (const json* ann = meta_field(binding, "annotations"); ann && ann->is_object())
      for (auto& [k, v] : ann->items()) pod["metadata"]["annotations"][k] = v;
    pod["metadata"].erase("resourceVersion");
    return pod;
  };
  auto bound = pods.update_with(ns, name, mutate, {dry_run, ""});
  if (!bound.ok()) return bound;
  auto scheduled = mark_scheduled(pods, ns, name, dry_run);
  return scheduled.ok() ? scheduled : bound;
}

}  // namespace kapi::registry
