#include "openapi/schema_json.h"

namespace kapi::openapi {
namespace {

using json = nlohmann::json;

const char* type_name(SchemaType t) {
  switch (t) {
    case SchemaType::kObject: return "object";
    case SchemaType::kArray: return "array";
    case SchemaType::kString: return "string";
    case SchemaType::kInteger: return "integer";
    case SchemaType::kNumber: return "number";
    case SchemaType::kBoolean: return "boolean";
    case SchemaType::kUnspecified: return nullptr;
  }
  return nullptr;
}

// Vendor extensions and description: the same in both versions.
void add_annotations(const Schema& s, json& out) {
  if (!s.description.empty()) out["description"] = s.description;
  if (!s.default_value.is_null()) out["default"] = s.default_value;
  if (!s.gvks.empty()) out["x-kubernetes-group-version-kind"] = gvk_list_json(s.gvks);
  if (!s.patch_strategy.empty()) out["x-kubernetes-patch-strategy"] = s.patch_strategy;
  if (!s.patch_merge_key.empty()) out["x-kubernetes-patch-merge-key"] = s.patch_merge_key;
  if (!s.list_type.empty()) out["x-kubernetes-list-type"] = s.list_type;
  if (!s.list_map_keys.empty()) out["x-kubernetes-list-map-keys"] = s.list_map_keys;
  if (!s.map_type.empty()) out["x-kubernetes-map-type"] = s.map_type;
  if (s.int_or_string) out["x-kubernetes-int-or-string"] = true;
  if (s.preserve_unknown_fields) out["x-kubernetes-preserve-unknown-fields"] = true;
  if (s.embedded_resource) out["x-kubernetes-embedded-resource"] = true;
}

json reference(const Schema& s, OpenApiVersion version) {
  json target = {{"$ref", ref_path(version, s.ref)}};
  json out = json::object();
  add_annotations(s, out);
  if (out.empty()) return target;
  if (version == OpenApiVersion::kV2) {
    out["$ref"] = target["$ref"];
  } else {
    out["allOf"] = json::array({target});
  }
  return out;
}

}  // namespace

std::string ref_path(OpenApiVersion version, const std::string& definition) {
  return (version == OpenApiVersion::kV2 ? "#/definitions/" : "#/components/schemas/") + definition;
}

json gvk_list_json(const std::vector<GroupVersionKind>& gvks) {
  json list = json::array();
  for (const GroupVersionKind& g : gvks) {
    list.push_back({{"group", g.group}, {"kind", g.kind}, {"version", g.version}});
  }
  return list;
}

json schema_to_json(const Schema& s, OpenApiVersion version) {
  if (!s.ref.empty()) return reference(s, version);
  json out = json::object();
  if (version == OpenApiVersion::kV3 && !s.v3_one_of.empty()) {
    json alternatives = json::array();
    for (SchemaType t : s.v3_one_of) alternatives.push_back({{"type", type_name(t)}});
    out["oneOf"] = std::move(alternatives);
  } else if (const char* t = type_name(s.type)) {
    out["type"] = t;
  }
  if (!s.format.empty()) out["format"] = s.format;
  if (!s.enum_values.empty()) out["enum"] = s.enum_values;
  if (!s.properties.empty()) {
    json props = json::object();
    for (const Property& p : s.properties) props[p.name] = schema_to_json(*p.schema, version);
    out["properties"] = std::move(props);
  }
  if (!s.required.empty()) out["required"] = s.required;
  if (s.items) out["items"] = schema_to_json(*s.items, version);
  if (s.additional_properties) {
    out["additionalProperties"] = schema_to_json(*s.additional_properties, version);
  }
  add_annotations(s, out);
  return out;
}

}  // namespace kapi::openapi
