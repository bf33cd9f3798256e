#include "controllers/common/template_hash.h"

namespace kapi::controllers {

uint32_t fnv32a(std::string_view bytes, uint32_t seed) {
  uint32_t h = seed;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

std::string safe_encode(uint32_t value) {
  static constexpr char kAlphabet[] = "bcdfghjklmnpqrstvwxz2456789";
  std::string digits = std::to_string(value);
  for (char& c : digits) c = kAlphabet[static_cast<unsigned char>(c) % 27];
  return digits;
}

std::string template_hash(const client::json& value, int64_t collision_count) {
  // nlohmann's dump() orders object keys, so equal values hash equally.
  uint32_t h = fnv32a(value.dump());
  if (collision_count != 0) h = fnv32a(std::to_string(collision_count), h);
  return safe_encode(h);
}

}  // namespace kapi::controllers
