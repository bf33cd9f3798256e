// The OpenAPI path items of one resource: collection, item, all-namespaces list, and the
// status/scale subresources, with the operations its verbs allow.
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "openapi/resource_descriptor.h"
#include "openapi/schema_json.h"

namespace kapi::openapi {

// Adds the path items of `resource` to `paths` (keyed by URL path) and the names of the
// definitions its operations refer to, to `refs`. `kind_definition` is the kind's definition name;
// its list is `kind_definition + "List"`.
void add_resource_paths(const ResourceDescriptor& resource, const std::string& kind_definition,
                        OpenApiVersion version, nlohmann::json& paths, std::set<std::string>& refs);

// The media types a patch operation accepts.
inline constexpr const char* kPatchMediaTypes[] = {
    "application/json-patch+json", "application/merge-patch+json",
    "application/strategic-merge-patch+json", "application/apply-patch+yaml"};

}  // namespace kapi::openapi
