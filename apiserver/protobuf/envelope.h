// The envelope of application/vnd.kubernetes.protobuf bodies: the 4 bytes "k8s\0", then a
// runtime.Unknown message
//   typeMeta = 1 {apiVersion = 1, kind = 2}, raw = 2 (the object's own message),
//   contentEncoding = 3, contentType = 4.
#pragma once

#include <string>
#include <string_view>

namespace kapi::apiserver::protobuf {

inline constexpr std::string_view kEnvelopeMagic{"k8s\0", 4};

struct Envelope {
  std::string api_version;  // "v1", "apps/v1"
  std::string kind;
  std::string_view raw;  // a view into the body
  std::string content_encoding;
  std::string content_type;
};

// Throws DecodeError when the magic is missing or the Unknown message is malformed.
Envelope parse_envelope(std::string_view body);

}  // namespace kapi::apiserver::protobuf
