// How protobuf values become JSON text, as Go's encoding/json writes them for Kubernetes types.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "registry/continue_token.h"

namespace kapi::apiserver::protobuf {

// Standard base64 with padding, the JSON form of []byte (Secret data, ConfigMap binaryData):
// the registry's one encoder.
using registry::base64_encode;

// Whether `text` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
// JSON strings must be; a protobuf string field that is not is malformed input.
bool is_valid_utf8(std::string_view text);

// RFC 3339 in UTC: "2024-01-02T15:04:05Z" (meta/v1 Time, to the second) or, with `micros`,
// "2024-01-02T15:04:05.123456Z" (MicroTime). Throws DecodeError outside years 0001-9999 or for
// nanos outside [0, 1e9).
std::string format_rfc3339(int64_t seconds, int32_t nanos, bool micros);

}  // namespace kapi::apiserver::protobuf
