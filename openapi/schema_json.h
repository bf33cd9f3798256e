// Renders schema nodes as OpenAPI JSON. v2 (swagger) and v3 differ in where definitions live
// (#/definitions/ vs #/components/schemas/) and in how a reference carries a description:
// v2 puts it beside $ref, v3 wraps the reference in allOf as upstream does.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "openapi/schema.h"

namespace kapi::openapi {

enum class OpenApiVersion { kV2, kV3 };

// "#/definitions/<name>" or "#/components/schemas/<name>".
std::string ref_path(OpenApiVersion version, const std::string& definition);

nlohmann::json schema_to_json(const Schema& schema, OpenApiVersion version);

// The x-kubernetes-group-version-kind value: [{"group":..,"kind":..,"version":..}, ...].
nlohmann::json gvk_list_json(const std::vector<GroupVersionKind>& gvks);

}  // namespace kapi::openapi
