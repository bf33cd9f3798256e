// A consistent read of one backend at one revision: what the shared list algorithm needs.
//
// A backend keeps two things: the current state (live keys) and the event log (one event per
// revision, with the previous value). Any past state is the current state with the log undone
// back to it, so both backends answer lists at a revision with the same code (list_reader.h).
#pragma once

#include <functional>
#include <string_view>

#include "storage/store.h"

namespace kapi::storage {

class ReadView {
 public:
  virtual ~ReadView() = default;

  // The revision of the current state seen by this view.
  virtual Revision revision() const = 0;
  // Events below this revision are gone.
  virtual Revision compacted() const = 0;

  // Live keys starting with `prefix` and strictly greater than `after`, ascending by key.
  // Stops early when `fn` returns false.
  virtual Status scan_live(std::string_view prefix, std::string_view after,
                           const std::function<bool(KeyValue&&)>& fn) = 0;

  // Events with revision in (after, upto] whose key starts with `prefix`, ascending.
  virtual Status scan_events(std::string_view prefix, Revision after, Revision upto,
                             const std::function<void(const Event&)>& fn) = 0;
};

}  // namespace kapi::storage
