// Content negotiation: which representation a response takes (from Accept) and how a request
// body is read (from Content-Type).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "registry/api_error.h"

namespace kapi::apiserver {

enum class OutputFormat {
  kJson,
  kYaml,
  kTable,            // meta.k8s.io Table (v1 or v1beta1)
  kDiscoveryV2,      // aggregated discovery, apidiscovery.k8s.io/v2 (or v2beta1)
};

struct Negotiated {
  OutputFormat format = OutputFormat::kJson;
  std::string version;   // Table: "v1"/"v1beta1"; discovery: "v2"/"v2beta1"
};

// Picks the first acceptable entry of an Accept header. `allow_table` for resource reads,
// `allow_discovery` for /api and /apis. nullopt when nothing offered can be served (406).
std::optional<Negotiated> negotiate(std::string_view accept, bool allow_table, bool allow_discovery);

// The media type of a Content-Type header without parameters, lower-cased ("" if absent).
std::string media_type(std::string_view content_type);

// Reads a request body as JSON: application/json (or no type), application/yaml. Errors are
// 400 (malformed) or 415 (unknown type). With `duplicates`, the paths of keys a JSON body repeats
// are added there (for fieldValidation; see field_validation.h).
registry::ApiResult<registry::json> decode_body(std::string_view content_type, std::string_view body,
                                                std::vector<std::string>* duplicates = nullptr);

}  // namespace kapi::apiserver
