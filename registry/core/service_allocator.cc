#include "registry/core/service_allocator.h"

#include <cstdio>

#include "registry/object_meta.h"
#include "registry/validation/field_checks.h"

namespace kapi::registry::core {
namespace {
constexpr uint32_t kRangeBase = (10u << 24) | (96u << 16);  // 10.96.0.0
constexpr uint32_t kRangeSize = 1u << 20;                   // /12
}  // namespace

std::string service_owner(const json& service) {
  return meta_string(service, "namespace") + "/" + meta_string(service, "name");
}

void ServiceAllocator::set_lister(Lister lister) {
  std::lock_guard lock(mu_);
  lister_ = std::move(lister);
}

bool ServiceAllocator::in_range(uint32_t ip) {
  // The network and broadcast addresses are never handed out.
  return ip > kRangeBase && ip < kRangeBase + kRangeSize - 1;
}

std::optional<uint32_t> ServiceAllocator::parse_ipv4(const std::string& text) {
  unsigned a, b, c, d;
  char tail;
  if (std::sscanf(text.c_str(), "%3u.%3u.%3u.%3u%c", &a, &b, &c, &d, &tail) != 4) return std::nullopt;
  if (a > 255 || b > 255 || c > 255 || d > 255) return std::nullopt;
  if (format_ipv4((a << 24) | (b << 16) | (c << 8) | d) != text) return std::nullopt;  // no leading zeros
  return (a << 24) | (b << 16) | (c << 8) | d;
}

std::string ServiceAllocator::format_ipv4(uint32_t ip) {
  return std::to_string(ip >> 24) + "." + std::to_string((ip >> 16) & 255) + "." +
         std::to_string((ip >> 8) & 255) + "." + std::to_string(ip & 255);
}

ServiceAllocator::Used ServiceAllocator::used_locked() {
  Used used;
  if (lister_) {
    for (const json& svc : lister_()) {
      std::string owner = service_owner(svc);
      const json& spec = validation::object_at(svc, "spec");
      for (const auto& ip : validation::array_at(spec, "clusterIPs"))
        if (ip.is_string())
          if (auto parsed = parse_ipv4(ip.get<std::string>())) used.ips[*parsed] = owner;
      for (const auto& port : validation::array_at(spec, "ports"))
        if (port.is_object() && port.value("nodePort", json(0)).is_number_integer() &&
            port.value("nodePort", 0) != 0)
          used.ports[port.value("nodePort", 0)] = owner;
    }
  }
  // A reservation the store now shows for the same owner is persisted: forget it, so the value
  // frees up when that Service is deleted.
  std::erase_if(reserved_.ips, [&](const auto& r) {
    auto it = used.ips.find(r.first);
    return it != used.ips.end() && it->second == r.second;
  });
  std::erase_if(reserved_.ports, [&](const auto& r) {
    auto it = used.ports.find(r.first);
    return it != used.ports.end() && it->second == r.second;
  });
  for (const auto& [ip, owner] : reserved_.ips) used.ips.emplace(ip, owner);
  for (const auto& [port, owner] : reserved_.ports) used.ports.emplace(port, owner);
  return used;
}

std::optional<std::string> ServiceAllocator::allocate_ip(const std::string& owner) {
  std::lock_guard lock(mu_);
  Used used = used_locked();
  for (uint32_t ip = kRangeBase + 1; in_range(ip); ++ip) {
    if (used.ips.count(ip)) continue;
    reserved_.ips[ip] = owner;
    return format_ipv4(ip);
  }
  return std::nullopt;
}

std::optional<int> ServiceAllocator::allocate_node_port(const std::string& owner) {
  std::lock_guard lock(mu_);
  Used used = used_locked();
  for (int port = kNodePortMin; port <= kNodePortMax; ++port) {
    if (used.ports.count(port)) continue;
    reserved_.ports[port] = owner;
    return port;
  }
  return std::nullopt;
}

std::string ServiceAllocator::claim_ip(const std::string& text, const std::string& owner) {
  auto ip = parse_ipv4(text);
  if (!ip || !in_range(*ip))
    return "the provided IP (" + text + ") is not in the valid range. The range of valid IPs is " +
           kServiceCidr;
  std::lock_guard lock(mu_);
  Used used = used_locked();
  if (auto it = used.ips.find(*ip); it != used.ips.end() && it->second != owner)
    return "provided IP is already allocated";
  reserved_.ips[*ip] = owner;
  return "";
}

std::string ServiceAllocator::claim_node_port(int port, const std::string& owner) {
  if (port < kNodePortMin || port > kNodePortMax)
    return "provided port is not in the valid range. The range of valid ports is " +
           std::to_string(kNodePortMin) + "-" + std::to_string(kNodePortMax);
  std::lock_guard lock(mu_);
  Used used = used_locked();
  if (auto it = used.ports.find(port); it != used.ports.end() && it->second != owner)
    return "provided port is already allocated";
  reserved_.ports[port] = owner;
  return "";
}

}  // namespace kapi::registry::core
