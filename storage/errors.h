// Builders for the typed errors of store.h, so every backend words them the same way.
#pragma once

#include <string>
#include <string_view>

#include "storage/store.h"

namespace kapi::storage {

inline Error not_found(std::string_view key) {
  return Error{ErrorCode::kNotFound, "key not found: " + std::string(key), 0};
}
inline Error already_exists(std::string_view key) {
  return Error{ErrorCode::kAlreadyExists, "key already exists: " + std::string(key), 0};
}
inline Error conflict(std::string_view key, Revision current_mod, Revision expected) {
  return Error{ErrorCode::kConflict,
               "conflict on " + std::string(key) + ": expected mod revision " +
                   std::to_string(expected) + ", current is " + std::to_string(current_mod),
               current_mod};
}
inline Error compacted(Revision asked, Revision compacted_revision) {
  return Error{ErrorCode::kCompacted,
               "revision " + std::to_string(asked) + " is compacted (compacted revision " +
                   std::to_string(compacted_revision) + ")",
               compacted_revision};
}
inline Error future_revision(Revision asked, Revision current) {
  return Error{ErrorCode::kFutureRevision,
               "revision " + std::to_string(asked) + " is ahead of the current revision " +
                   std::to_string(current),
               current};
}
inline Error unavailable(std::string message) {
  return Error{ErrorCode::kUnavailable, std::move(message), 0};
}
inline Error invalid(std::string message) {
  return Error{ErrorCode::kInvalid, std::move(message), 0};
}

}  // namespace kapi::storage
