// Opaque `continue` tokens of paginated lists: the revision the first page was read at and the
// last key returned, so later pages read the same snapshot (base64 JSON, as upstream's shape).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "storage/store.h"

namespace kapi::registry {

struct ContinuePoint {
  storage::Revision revision = 0;
  std::string start_after;   // the last key returned, relative to the list's key prefix
};

std::string encode_continue(const ContinuePoint& point);
std::optional<ContinuePoint> decode_continue(std::string_view token);

std::string base64_encode(std::string_view data);
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace kapi::registry
