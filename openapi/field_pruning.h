// Unknown and duplicate fields of request bodies, found against the schema model: what upstream's
// strict decoder reports for fieldValidation=Strict|Warn, and what its typed decoding drops in
// every mode (unknown fields are never stored).
//
// Paths read as upstream prints them: "spec.containers[0].foo", "metadata.labels.app".
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "openapi/schema.h"

namespace kapi::openapi {

// What a body is: a whole object, or a patch that merges into one.
enum class BodyShape {
  kObject,
  kMergePatch,           // RFC 7386: a null value deletes, so an unknown null is just dropped
  kStrategicMergePatch,  // as kMergePatch, and `$patch`, `$setElementOrder/...` directives pass
};

// Removes from `value` every field `schema` does not declare: through nested objects, list
// items and map values, and embedded objects such as metadata. Returns the removed fields'
// paths, prefixed with `path`, in walk order. Free-form nodes (preserve-unknown-fields,
// RawExtension, untyped values, objects the model declares without fields) are left alone, and
// so are values of the wrong JSON type: validation reports those.
std::vector<std::string> prune_unknown_fields(nlohmann::json& value, const Schema& schema,
                                              BodyShape shape = BodyShape::kObject,
                                              const std::string& path = "");

// The same for a JSON Patch (RFC 6902) document: an add, replace or copy whose target lies in an
// unknown field is dropped, a move there becomes a remove of its source (the moved value would be
// dropped), and the values of the other operations are pruned. `operations` that are not a list
// of objects are left for the patch code to reject.
std::vector<std::string> prune_json_patch(nlohmann::json& operations, const Schema& schema);

// Calls `visit` with the path and value of each scalar of `value` whose declared schema node
// `wanted` accepts (e.g. the Quantity reference, format byte), in walk order; stops when `visit`
// returns false. Lets a decoder check typed scalars upstream's decoding rejects with 400.
void visit_typed_values(const nlohmann::json& value, const Schema& schema,
                        const std::function<bool(const Schema& declared)>& wanted,
                        const std::function<bool(const std::string& path, const nlohmann::json& v)>& visit);

// Parses JSON text as nlohmann::json::parse does (throws its parse_error), also noting the path of
// each repeated key of an object; the last value of a repeated key wins, as in Go.
nlohmann::json parse_noting_duplicates(std::string_view text, std::vector<std::string>& duplicates);

}  // namespace kapi::openapi
