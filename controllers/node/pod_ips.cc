#include "controllers/node/pod_ips.h"

#include <arpa/inet.h>

namespace kapi::controllers::node {

std::optional<uint32_t> parse_ipv4(const std::string& text) {
  in_addr addr{};
  if (inet_pton(AF_INET, text.c_str(), &addr) != 1) return std::nullopt;
  return ntohl(addr.s_addr);
}

std::string format_ipv4(uint32_t address) {
  in_addr addr{htonl(address)};
  char buf[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &addr, buf, sizeof buf);
  return buf;
}

PodIpAllocator::PodIpAllocator(const std::string& cidr) {
  size_t slash = cidr.find('/');
  auto base = parse_ipv4(cidr.substr(0, slash));
  int bits = slash == std::string::npos ? 24 : std::stoi(cidr.substr(slash + 1));
  if (!base || bits < 1 || bits > 30) {
    base = parse_ipv4("10.244.0.0");
    bits = 24;
  }
  uint32_t mask = bits == 32 ? 0xffffffffu : ~((1u << (32 - bits)) - 1);
  uint32_t network = *base & mask;
  first_ = network + 1;
  last_ = (network | ~mask) - 1;
}

std::optional<std::string> PodIpAllocator::allocate(const std::string& uid) {
  std::lock_guard lock(mu_);
  if (auto it = by_uid_.find(uid); it != by_uid_.end()) return format_ipv4(it->second);
  for (uint32_t a = first_; a <= last_; ++a) {
    if (used_.count(a)) continue;
    used_.insert(a);
    by_uid_[uid] = a;
    return format_ipv4(a);
  }
  return std::nullopt;
}

void PodIpAllocator::claim(const std::string& uid, const std::string& ip) {
  auto a = parse_ipv4(ip);
  if (!a || *a < first_ || *a > last_) return;
  std::lock_guard lock(mu_);
  if (by_uid_.count(uid) || used_.count(*a)) return;
  by_uid_[uid] = *a;
  used_.insert(*a);
}

void PodIpAllocator::release(const std::string& uid) {
  std::lock_guard lock(mu_);
  auto it = by_uid_.find(uid);
  if (it == by_uid_.end()) return;
  used_.erase(it->second);
  by_uid_.erase(it);
}

}  // namespace kapi::controllers::node
