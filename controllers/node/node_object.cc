#include "controllers/node/node_object.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>
#include <thread>

namespace kapi::controllers::node {

namespace {

// The machine's memory in Ki, as the kubelet reports it (from /proc/meminfo's MemTotal).
std::string memory_capacity() {
  std::ifstream in("/proc/meminfo");
  std::string key, unit;
  long long kib = 0;
  while (in >> key >> kib >> unit)
    if (key == "MemTotal:") return std::to_string(kib) + "Ki";
  return "8Gi";
}

std::string os_image() {
  std::ifstream in("/etc/os-release");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("PRETTY_NAME=", 0) != 0) continue;
    std::string value = line.substr(12);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    return value;
  }
  return "Linux";
}

std::string kernel_version() {
  utsname u{};
  return uname(&u) == 0 ? u.release : "";
}

// Go's GOARCH names, as kubernetes.io/arch and nodeInfo.architecture use them.
std::string architecture() {
  utsname u{};
  std::string machine = uname(&u) == 0 ? u.machine : "x86_64";
  if (machine == "x86_64") return "amd64";
  if (machine == "aarch64") return "arm64";
  return machine;
}

json condition(const char* type, const char* status, const char* reason, const char* message,
               const json& previous, const std::string& now) {
  std::string transition = now;
  if (previous.is_object() && previous.contains("conditions") && previous["conditions"].is_array())
    for (const auto& c : previous["conditions"])
      if (c.is_object() && c.value("type", "") == type && c.value("status", "") == status)
        transition = c.value("lastTransitionTime", now);
  return {{"type", type}, {"status", status}, {"reason", reason}, {"message", message},
          {"lastHeartbeatTime", now}, {"lastTransitionTime", transition}};
}

}  // namespace

json node_object(const NodeIdentity& identity) {
  std::string arch = architecture();
  return {{"apiVersion", "v1"},
          {"kind", "Node"},
          {"metadata",
           {{"name", identity.name},
            {"labels",
             {{"kubernetes.io/hostname", identity.name},
              {"kubernetes.io/os", "linux"},
              {"kubernetes.io/arch", arch},
              {"beta.kubernetes.io/os", "linux"},
              {"beta.kubernetes.io/arch", arch},
              {"node-role.kubernetes.io/control-plane", ""}}},
            {"annotations", {{"node.alpha.kubernetes.io/ttl", "0"}}}}},
          {"spec", json::object()}};
}

json node_status(const NodeIdentity& identity, const json& previous, const std::string& now) {
  unsigned cpus = std::max(1u, std::thread::hardware_concurrency());
  json capacity = {{"cpu", std::to_string(cpus)},
                   {"memory", memory_capacity()},
                   {"pods", "110"},
                   {"ephemeral-storage", "100Gi"},
                   {"hugepages-2Mi", "0"}};
  return {
      {"conditions",
       json::array({condition("MemoryPressure", "False", "KubeletHasSufficientMemory",
                              "kubelet has sufficient memory available", previous, now),
                    condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure",
                              previous, now),
                    condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available",
                              previous, now),
                    condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", previous, now)})},
      {"capacity", capacity},
      {"allocatable", capacity},
      {"addresses", json::array({{{"type", "InternalIP"}, {"address", identity.internal_ip}},
                                 {{"type", "Hostname"}, {"address", identity.name}}})},
      {"daemonEndpoints", {{"kubeletEndpoint", {{"Port", 10250}}}}},
      {"nodeInfo",
       {{"machineID", ""},
        {"systemUUID", ""},
        {"bootID", ""},
        {"kernelVersion", kernel_version()},
        {"osImage", os_image()},
        {"containerRuntimeVersion", "kapi://0.1.0"},
        {"kubeletVersion", "v1.32.0-kapi.1"},
        {"kubeProxyVersion", ""},
        {"operatingSystem", "linux"},
        {"architecture", architecture()}}}};
}

json node_lease(const NodeIdentity& identity, const std::string& node_uid, const std::string& renew_time) {
  json owner = {{"apiVersion", "v1"}, {"kind", "Node"}, {"name", identity.name}, {"uid", node_uid}};
  return {{"apiVersion", "coordination.k8s.io/v1"},
          {"kind", "Lease"},
          {"metadata", {{"name", identity.name}, {"namespace", kNodeLeaseNamespace}, {"ownerReferences", json::array({owner})}}},
          {"spec", {{"holderIdentity", identity.name}, {"leaseDurationSeconds", kNodeLeaseDurationSeconds}, {"renewTime", renew_time}}}};
}

}  // namespace kapi::controllers::node
