// Argument checks and the resourceVersion splice shared by every backend.
#pragma once

#include <string>
#include <string_view>

#include "storage/store.h"

namespace kapi::storage {

// kInvalid for an empty key. Checked before a revision is taken, so a bad call costs none.
Status check_key(std::string_view key);

// kInvalid if the revision slot lies past the end of the bytes.
Status check_write_value(const WriteValue& value);

// The bytes to store for a write committed at `revision`: `value.bytes` with the decimal
// revision inserted at `value.revision_at` when set. Example: bytes `{"rv":""}`, revision_at 7,
// revision 42 gives `{"rv":"42"}`. The value must have passed check_write_value.
std::string splice_revision(const WriteValue& value, Revision revision);

// True if `key` starts with `prefix` (byte comparison; an empty prefix matches every key).
inline bool has_prefix(std::string_view key, std::string_view prefix) {
  return key.substr(0, prefix.size()) == prefix;
}

}  // namespace kapi::storage
