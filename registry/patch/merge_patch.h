// RFC 7386 JSON Merge Patch (application/merge-patch+json): objects merge, null deletes, and
// everything else (lists included) replaces.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "registry/patch/patch_error.h"

namespace kapi::registry::patch {

// A body that is not a JSON object is 400 "Invalid JSON Patch".
PatchResult apply_merge_patch(const nlohmann::json& original, std::string_view body);

// The merge itself, for callers that already hold the parsed patch.
nlohmann::json merge_patch(nlohmann::json target, const nlohmann::json& patch);

}  // namespace kapi::registry::patch
