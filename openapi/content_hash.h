// A content hash for the ?hash= of /openapi/v3 URLs and their ETags. Clients treat it as opaque:
// it only has to change when the document changes.
#pragma once

#include <string>
#include <string_view>

namespace kapi::openapi {

// 32 upper-case hex digits: two 64-bit FNV-1a hashes with different seeds.
std::string content_hash(std::string_view bytes);

}  // namespace kapi::openapi
