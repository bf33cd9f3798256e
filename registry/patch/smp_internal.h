// Internals shared by the strategic merge patch files. Not part of the library's API.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "openapi/schema.h"
#include "registry/patch/patch_error.h"

namespace kapi::registry::patch::smp {

using json = nlohmann::json;
using openapi::Schema;

inline constexpr std::string_view kDirective = "$patch";
inline constexpr std::string_view kRetainKeys = "$retainKeys";
inline constexpr std::string_view kSetElementOrder = "$setElementOrder";
inline constexpr std::string_view kDeleteFromPrimitiveList = "$deleteFromPrimitiveList";

// A failure deep inside the recursive merge; apply_strategic_merge_patch turns it into the answer.
struct Failure {
  PatchError error;
};

// Patch metadata of one field of an object: how its value merges and the type inside it.
struct FieldMeta {
  std::string strategy;   // "merge", "replace" or "" (retainKeys is a map directive, not a strategy)
  std::string merge_key;  // for lists of objects
  const Schema* type = nullptr;  // the map's type, or the list's item type; nullptr when unknown
};
FieldMeta map_field(const Schema* parent, const std::string& key);
FieldMeta list_field(const Schema* parent, const std::string& key);

// Merges patch into original (both objects); `schema` is original's type or nullptr.
json merge_map(json original, json patch, const Schema* schema);

// Merges a merge-strategy list. `delete_list` means `patch` holds scalars to remove.
json merge_list(json original, json patch, const FieldMeta& meta, bool delete_list);

// Orders `merged` by `$setElementOrder` (see smp_lists.cc).
json order_by_set_element_order(const json& merged, const json& order, const json& original,
                                const json& patch, const std::string& merge_key);

// Checks the patch list's items appear in the $setElementOrder list in the same relative order.
void validate_set_element_order(const json& patch_list, const json& order, const std::string& merge_key);

// A patch value written where the original had nothing to merge with: nulls and directives go.
// Returns false when the value itself is a directive map that must not be stored.
bool clean_new_value(json& value);

bool starts_with(std::string_view s, std::string_view prefix);
// Go's %v of a value, close enough for error messages: the compact JSON.
std::string show(const json& value);

}  // namespace kapi::registry::patch::smp
