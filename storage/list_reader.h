// The one list algorithm of both backends: latest state, or a past revision by undoing the log.
#pragma once

#include <string_view>

#include "storage/read_view.h"

namespace kapi::storage {

// Lists keys under `prefix` as of options.revision (0: the view's revision).
//
// A past revision R is the current state overlaid with, for each key written after R, the
// value its first later event recorded as `prev` (absent: the key did not exist at R).
// Example: current {a@5, c@7}; events 6 = delete b (prev b@3), 7 = put c (prev c@4).
// At R = 5 the overlay is {b: b@3, c: c@4}, so the list is {a@5, b@3, c@4}.
Result<ListResult> list_from_view(ReadView& view, std::string_view prefix,
                                  const ListOptions& options);

}  // namespace kapi::storage
