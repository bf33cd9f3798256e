// Pod IPs for the simulated node: addresses from its pod CIDR (IPv4), one per pod uid, reused
// once a pod is gone. Pods found running at start keep theirs (claim()).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace kapi::controllers::node {

class PodIpAllocator {
 public:
  // "10.244.0.0/24": hands out .1 upwards (the network and broadcast addresses are never used).
  explicit PodIpAllocator(const std::string& cidr);

  // The uid's address, allocating one if it has none; nullopt when the range is full.
  std::optional<std::string> allocate(const std::string& uid);
  // Records an address already in use (from a pod's status).
  void claim(const std::string& uid, const std::string& ip);
  void release(const std::string& uid);

 private:
  std::mutex mu_;
  uint32_t first_ = 0, last_ = 0;        // usable host addresses, inclusive
  std::map<std::string, uint32_t> by_uid_;
  std::set<uint32_t> used_;
};

std::optional<uint32_t> parse_ipv4(const std::string& text);
std::string format_ipv4(uint32_t address);

}  // namespace kapi::controllers::node
