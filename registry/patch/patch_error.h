// The outcome of applying a patch: the patched object, or the error to answer with, shaped as
// upstream's patch handler answers (HTTP code, Status reason, message, optional details).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

namespace kapi::registry::patch {

struct PatchError {
  int code = 500;
  std::string reason;      // Status reason: "BadRequest", "Invalid", "RequestEntityTooLarge", or ""
  std::string message;
  nlohmann::json details;  // Status details (causes), null when none
};

using PatchResult = std::variant<nlohmann::json, PatchError>;

// 400 BadRequest: the body is not a patch of this type (malformed JSON, bad directive format).
PatchError bad_request(std::string message);
// 422 Invalid, as upstream's NewGenericServerResponse(422, ...): a generic message, and the
// patch library's own error as the single cause. What kubectl prints for a failed JSON patch.
PatchError unprocessable(std::string cause);
// 413: too many JSON patch operations.
PatchError too_large(std::string message);
// 500 with no reason: what upstream answers for a patch error it has no status for (a strategic
// merge patch whose list items lack their merge key, an unknown $patch directive, ...).
PatchError internal(std::string message);

}  // namespace kapi::registry::patch
