#include "storage/write_value.h"

#include "storage/errors.h"

namespace kapi::storage {

Status check_key(std::string_view key) {
  if (key.empty()) return invalid("empty key");
  return Ok{};
}

Status check_write_value(const WriteValue& value) {
  if (value.revision_at && *value.revision_at > value.bytes.size()) {
    return invalid("revision slot " + std::to_string(*value.revision_at) +
                   " is past the end of a value of " + std::to_string(value.bytes.size()) +
                   " bytes");
  }
  return Ok{};
}

std::string splice_revision(const WriteValue& value, Revision revision) {
  if (!value.revision_at) return value.bytes;
  const std::string digits = std::to_string(revision);
  const size_t at = *value.revision_at;
  std::string out;
  out.reserve(value.bytes.size() + digits.size());
  out.append(value.bytes, 0, at);
  out.append(digits);
  out.append(value.bytes, at, std::string::npos);
  return out;
}

}  // namespace kapi::storage
