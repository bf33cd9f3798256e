#include "storage/live_map.h"

#include "storage/write_value.h"

namespace kapi::storage {

void scan_live_map(const LiveMap& live, std::string_view prefix, std::string_view after,
                   const std::function<bool(KeyValue&&)>& fn) {
  auto it = after < prefix ? live.lower_bound(prefix) : live.upper_bound(after);
  for (; it != live.end() && has_prefix(it->first, prefix); ++it) {
    if (!fn(KeyValue(it->second))) break;
  }
}

}  // namespace kapi::storage
