// Field sets as server-side apply counts ownership (structured-merge-diff's fieldpath.Set), and
// their wire form FieldsV1: a tree whose keys are path elements — "f:<field>", "k:<key JSON>" for
// an item of a keyed list, "v:<value JSON>" for an item of a set — with "." marking a node that is
// itself a member and `{}` for a leaf.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "openapi/schema.h"
#include "registry/api_error.h"

namespace kapi::registry::apply {

using FieldPath = std::vector<std::string>;  // {"f:spec", "f:containers", "k:{\"name\":\"app\"}", "f:image"}
using FieldSet = std::set<FieldPath>;

enum class Members {
  kApplied,  // what an applier sets: leaves and list items
  kChanged,  // what an update changes: also maps that appear (FieldsV1 shows them with ".")
};

// Every member of `obj` (a whole object: apiVersion, kind and server-owned metadata are left out,
// as upstream strips them). `kind_schema` (may be null) tells keyed lists, sets and maps apart.
FieldSet fields_of(const json& obj, const openapi::Schema* kind_schema, Members members);

// The members of `now` whose value differs from (or is missing in) `before`, and the members of
// `before` missing from `now`.
struct FieldChanges {
  FieldSet changed;
  FieldSet removed;
};
FieldChanges changed_fields(const json& before, const json& now, const openapi::Schema* kind_schema);

// The value at `path` in `obj`, or nullptr.
const json* value_at(const json& obj, const FieldPath& path);
// Removes the value at `path` (a field, or a list item) from `obj`; false when it is not there.
bool erase_at(json& obj, const FieldPath& path);
// A leaf of `set`: no other member of `set` extends it.
bool is_leaf(const FieldSet& set, const FieldPath& path);

json to_fields_v1(const FieldSet& set);
// to_fields_v1(fields_of(obj, kind_schema, Members::kChanged)) in one walk, without the set: what
// a create records.
json fields_v1_of(const json& obj, const openapi::Schema* kind_schema);
// nullopt when `fields` is not a well-formed FieldsV1 tree.
std::optional<FieldSet> from_fields_v1(const json& fields);

// As upstream prints a path in conflict messages: .spec.containers[name="app"].image
std::string path_string(const FieldPath& path);

FieldSet set_union(const FieldSet& a, const FieldSet& b);
FieldSet set_difference(const FieldSet& a, const FieldSet& b);
FieldSet set_intersection(const FieldSet& a, const FieldSet& b);

}  // namespace kapi::registry::apply
