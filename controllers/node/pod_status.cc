#include "controllers/node/pod_status.h"

#include <cstdio>

#include "controllers/common/template_hash.h"

namespace kapi::controllers::node {

namespace {

// 64 hex digits derived from `seed`: stands in for a content digest or container id.
std::string hex64(const std::string& seed) {
  std::string out;
  uint32_t h = fnv32a(seed);
  char buf[9];
  while (out.size() < 64) {
    h = fnv32a(std::to_string(h), h);
    std::snprintf(buf, sizeof buf, "%08x", h);
    out += buf;
  }
  return out;
}

const json& containers_of(const json& pod, const char* field) {
  static const json empty = json::array();
  if (!pod.contains("spec") || !pod["spec"].is_object()) return empty;
  const json& spec = pod["spec"];
  return spec.contains(field) && spec[field].is_array() ? spec[field] : empty;
}

json container_base(const json& pod, const json& container) {
  std::string image = normalized_image(container.value("image", ""));
  std::string uid = pod.contains("metadata") ? pod["metadata"].value("uid", "") : "";
  std::string name = container.value("name", "");
  // The repository without tag or digest, then the (made-up) digest, as runtimes report imageID.
  std::string repository = image.substr(0, image.find('@'));
  size_t slash = repository.rfind('/');
  if (size_t colon = repository.rfind(':'); colon != std::string::npos && (slash == std::string::npos || colon > slash))
    repository.resize(colon);
  return {{"name", name},
          {"image", image},
          {"imageID", repository + "@sha256:" + hex64(image)},
          {"containerID", "containerd://" + hex64(uid + "/" + name)},
          {"restartCount", 0},
          {"lastState", json::object()}};
}

json pod_condition(const char* type, const std::string& now) {
  return {{"type", type}, {"status", "True"}, {"lastProbeTime", nullptr}, {"lastTransitionTime", now}};
}

}  // namespace

std::string normalized_image(const std::string& image) {
  std::string name = image;
  // A tag is after the last '/' (a registry host may carry a port); digests are kept as given.
  size_t slash = name.rfind('/');
  bool tagged = name.find('@') != std::string::npos ||
                name.find(':', slash == std::string::npos ? 0 : slash) != std::string::npos;
  if (!tagged) name += ":latest";
  size_t first_slash = name.find('/');
  std::string first = first_slash == std::string::npos ? "" : name.substr(0, first_slash);
  bool has_registry = first.find('.') != std::string::npos || first.find(':') != std::string::npos || first == "localhost";
  if (first_slash == std::string::npos) return "docker.io/library/" + name;
  if (!has_registry) return "docker.io/" + name;
  return name;
}

json running_status(const json& pod, const std::string& host_ip, const std::string& pod_ip, const std::string& now) {
  json status = pod.contains("status") && pod["status"].is_object() ? pod["status"] : json::object();
  status["phase"] = "Running";
  status["hostIP"] = host_ip;
  status["hostIPs"] = json::array({{{"ip", host_ip}}});
  status["podIP"] = pod_ip;
  status["podIPs"] = json::array({{{"ip", pod_ip}}});
  if (!status.contains("startTime")) status["startTime"] = now;
  status["conditions"] = json::array({pod_condition("PodReadyToStartContainers", now), pod_condition("Initialized", now),
                                      pod_condition("Ready", now), pod_condition("ContainersReady", now),
                                      pod_condition("PodScheduled", now)});
  json init = json::array();
  for (const auto& c : containers_of(pod, "initContainers")) {
    json s = container_base(pod, c);
    s["ready"] = true;
    s["started"] = false;
    s["state"] = {{"terminated", {{"exitCode", 0}, {"reason", "Completed"}, {"startedAt", now}, {"finishedAt", now},
                                  {"containerID", s["containerID"]}}}};
    init.push_back(std::move(s));
  }
  if (!init.empty()) status["initContainerStatuses"] = std::move(init);
  json running = json::array();
  for (const auto& c : containers_of(pod, "containers")) {
    json s = container_base(pod, c);
    s["ready"] = true;
    s["started"] = true;
    s["state"] = {{"running", {{"startedAt", now}}}};
    running.push_back(std::move(s));
  }
  status["containerStatuses"] = std::move(running);
  return status;
}

json terminated_status(const json& pod, const std::string& now) {
  json status = pod.contains("status") && pod["status"].is_object() ? pod["status"] : json::object();
  if (!status.contains("containerStatuses") || !status["containerStatuses"].is_array()) return status;
  for (auto& s : status["containerStatuses"]) {
    std::string started = now;
    if (s.contains("state") && s["state"].contains("running"))
      started = s["state"]["running"].value("startedAt", now);
    s["ready"] = false;
    s["started"] = false;
    s["state"] = {{"terminated", {{"exitCode", 0}, {"reason", "Completed"}, {"startedAt", started}, {"finishedAt", now},
                                  {"containerID", s.value("containerID", "")}}}};
  }
  if (status.contains("conditions") && status["conditions"].is_array())
    for (auto& c : status["conditions"])
      if (c.value("type", "") == "Ready" || c.value("type", "") == "ContainersReady") {
        c["status"] = "False";
        c["lastTransitionTime"] = now;
      }
  return status;
}

}  // namespace kapi::controllers::node
