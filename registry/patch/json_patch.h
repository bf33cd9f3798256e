// RFC 6902 JSON Patch (application/json-patch+json): add, remove, replace, move, copy, test.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "registry/patch/patch_error.h"

namespace kapi::registry::patch {

// Upstream's limit on operations in one JSON patch; more is 413.
inline constexpr size_t kMaxJsonPatchOperations = 10000;

// Errors: a body that is not a JSON array of operation objects is 400; an operation that does not
// apply (missing path, failed test, bad index, unknown op) is 422 with the reason as its cause.
PatchResult apply_json_patch(const nlohmann::json& original, std::string_view body);

}  // namespace kapi::registry::patch
