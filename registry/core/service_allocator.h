// ClusterIPs from 10.96.0.0/12 and NodePorts from 30000-32767 for Services. Allocation takes the
// lowest free value, so it is deterministic; a value is free when no stored Service holds it and
// this process has not handed it out to a create still in flight, so no two Services share one.
// The stored Services are read through a lister the registry connects after construction.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "registry/api_error.h"

namespace kapi::registry::core {

class ServiceAllocator {
 public:
  using Lister = std::function<std::vector<json>()>;

  static constexpr const char* kServiceCidr = "10.96.0.0/12";
  static constexpr int kNodePortMin = 30000;
  static constexpr int kNodePortMax = 32767;

  void set_lister(Lister lister);

  // The lowest free address for the Service `owner` ("namespace/name"); nullopt when full.
  std::optional<std::string> allocate_ip(const std::string& owner);
  std::optional<int> allocate_node_port(const std::string& owner);
  // Why `ip` cannot go to `owner` ("provided IP is already allocated", "... not in the valid
  // range ..."), or "" when it can; on "" the address is reserved for `owner`.
  std::string claim_ip(const std::string& ip, const std::string& owner);
  std::string claim_node_port(int port, const std::string& owner);

  // 10.96.0.0/12 membership, and dotted-quad parsing (nullopt when not an IPv4 address).
  static bool in_range(uint32_t ip);
  static std::optional<uint32_t> parse_ipv4(const std::string& text);
  static std::string format_ipv4(uint32_t ip);

 private:
  struct Used {
    std::map<uint32_t, std::string> ips;  // address → owner
    std::map<int, std::string> ports;     // node port → owner
  };
  Used used_locked();  // stored values plus in-flight reservations; mu_ held

  std::mutex mu_;
  Lister lister_;
  Used reserved_;  // handed out by this process; dropped once the store shows them
};

// "namespace/name" of a Service object.
std::string service_owner(const json& service);

}  // namespace kapi::registry::core
