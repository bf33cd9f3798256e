// Strategic merge patch (application/strategic-merge-patch+json), as kube-apiserver applies it:
// maps merge, null deletes, and lists follow the field's patch strategy from the schema model —
// `merge` lists of objects merge item by item on their merge key (containers by name, ports by
// containerPort, ...), `merge` lists of scalars are sets (finalizers), other lists are replaced.
//
// Directives:
//   {"$patch": "replace"} in a map    the map replaces the original instead of merging
//   {"$patch": "delete"}  in a map    the map is removed
//   {"name": "x", "$patch": "delete"} in a merge list: the item with that key is removed
//   {"$patch": "replace"} in a merge list: the list's other items replace the original list
//   "$setElementOrder/<field>": [...] the order of the merged list (kubectl's client-side apply)
//   "$retainKeys": [...]              keys of the map to keep; others are cleared
//   "$deleteFromPrimitiveList/<field>": [...] scalars to remove from a merge list of scalars
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "openapi/schema.h"
#include "registry/patch/patch_error.h"

namespace kapi::registry::patch {

// `schema` is the kind's definition (e.g. builtin_schemas().find_kind(gvk)); nullptr (or a field
// the schema does not know) behaves as a JSON merge patch there: lists are replaced.
// Errors as upstream: a body that is not a JSON object, or a malformed $retainKeys /
// $setElementOrder / $deleteFromPrimitiveList, is 400; a list of lists is 422; a merge-list item
// without its merge key or an unknown $patch value is 500.
PatchResult apply_strategic_merge_patch(const nlohmann::json& original, std::string_view body,
                                        const openapi::Schema* schema);

}  // namespace kapi::registry::patch
