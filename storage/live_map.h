// The current state held in memory by both backends: live keys in key order, values shared.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "storage/store.h"

namespace kapi::storage {

using LiveMap = std::map<std::string, KeyValue, std::less<>>;

// Visits keys starting with `prefix` and strictly greater than `after`, ascending, until `fn`
// returns false. The ReadView::scan_live of an in-memory state.
void scan_live_map(const LiveMap& live, std::string_view prefix, std::string_view after,
                   const std::function<bool(KeyValue&&)>& fn);

}  // namespace kapi::storage
