// The hashes workload controllers name things by: a 32-bit FNV-1a of a JSON value (plus a
// collision count), spelt in upstream's "safe" alphabet (rand.SafeEncodeString: no vowels, so
// no words), e.g. "6d4cf56db6". Used for ControllerRevision names and pod-template-hash.
#pragma once

#include <cstdint>
#include <string>

#include "client/client.h"

namespace kapi::controllers {

uint32_t fnv32a(std::string_view bytes, uint32_t seed = 2166136261u);
// The decimal digits of `value`, each mapped into "bcdfghjklmnpqrstvwxz2456789".
std::string safe_encode(uint32_t value);
// safe_encode(fnv32a(canonical JSON of `value`, then the collision count when non-zero)).
std::string template_hash(const client::json& value, int64_t collision_count = 0);

}  // namespace kapi::controllers
