// Decodes a protobuf message into the JSON object Go's encoding/json would write for the same
// Kubernetes object, by walking its definition in the schema model (openapi/), whose
// properties carry protobuf field numbers (openapi::ProtoTag).
//
// Shapes that differ between the two encodings:
//   - meta/v1 Time {seconds=1, nanos=2} -> "2024-01-02T15:04:05Z"; MicroTime adds ".ffffff";
//     an empty message is Go's zero time and leaves the field out
//   - Quantity {string=1} -> "500m";  IntOrString {type=1, intVal=2, strVal=3} -> 80 or "http"
//   - RawExtension / FieldsV1 {raw=1} -> the JSON held in raw
//   - map<K,V> fields: repeated entries {key=1, value=2} -> an object
//   - bytes -> base64; Go embedded structs (ProtoTag::embedded_in) -> flattened into the object
//   - Go always writes non-pointer scalars, so their zero value (0, false, "") means "not set"
//     and is left out, as `omitempty` does; pointer fields (ProtoTag::nullable) keep it
// Fields with numbers the schema does not know are skipped, as protobuf parsers do.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "openapi/schema.h"

namespace kapi::apiserver::protobuf {

// `definition` is an object definition (e.g. the ConfigMap kind). Throws DecodeError on
// malformed input: truncated fields, wrong wire types, invalid UTF-8, nesting deeper than 100.
nlohmann::json decode_object(const openapi::Schema& definition, std::string_view message);

}  // namespace kapi::apiserver::protobuf
