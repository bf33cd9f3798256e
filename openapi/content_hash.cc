#include "openapi/content_hash.h"

#include <cstdint>
#include <cstdio>

namespace kapi::openapi {
namespace {

uint64_t fnv1a(std::string_view bytes, uint64_t seed) {
  uint64_t h = seed;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace

std::string content_hash(std::string_view bytes) {
  char out[33];
  std::snprintf(out, sizeof out, "%016llX%016llX",
                static_cast<unsigned long long>(fnv1a(bytes, 0xcbf29ce484222325ULL)),
                static_cast<unsigned long long>(fnv1a(bytes, 0x84222325cbf29ce4ULL)));
  return out;
}

}  // namespace kapi::openapi
