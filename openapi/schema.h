// One node of the schema model: the type of a field, a list, a map or a whole definition.
//
// A tree of these describes every served type once. OpenAPI v2/v3, `kubectl explain`, unknown-field
// checks and strategic merge patch all read the same nodes. A node is either a value type
// (object, array, string, ...) or a reference to a named definition; SchemaModel::link() points
// each reference at its definition, so readers can follow `resolved()` without a lookup.
//
// Patch metadata lives on the node of the field that owns it, as in upstream's OpenAPI: the array
// node of `spec.containers` carries merge key `name` and strategy `merge`, while its items are a
// reference to the Container definition.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace kapi::openapi {

class Schema;
using SchemaPtr = std::shared_ptr<Schema>;

enum class SchemaType {
  kUnspecified,  // any value (e.g. RawExtension); also the type of a pure reference
  kObject,
  kArray,
  kString,
  kInteger,
  kNumber,
  kBoolean,
};

struct GroupVersionKind {
  std::string group;  // "" for core
  std::string version;
  std::string kind;
  bool operator==(const GroupVersionKind&) const = default;
};

// Where a field sits in the protobuf encoding of its object (application/vnd.kubernetes.protobuf,
// the body kubectl's typed clients send). Numbers are upstream's generated.proto field numbers.
struct ProtoTag {
  int number = 0;  // 0: no protobuf form (apiVersion and kind travel in the envelope)
  // Non-zero for the fields of a Go embedded struct, which JSON flattens into this object but
  // protobuf nests: they are fields of the message held in field `embedded_in` (e.g. Volume's
  // sources sit in VolumeSource = 2, ConfigMapKeySelector's name in LocalObjectReference = 1).
  int embedded_in = 0;
  // A Go pointer field: written only when set, so a zero value (0, false, "") is meaningful and
  // kept. Other scalar fields are always written and their zero value means "not set".
  bool nullable = false;
};

struct Property {
  std::string name;
  SchemaPtr schema;
  ProtoTag proto = {};
};

class Schema {
 public:
  // --- what the node is ---
  SchemaType type = SchemaType::kUnspecified;
  std::string format;       // "int32", "int64", "double", "byte", "date-time", "int-or-string"
  std::string description;  // short text in this project's own words; may be empty
  std::string ref;          // definition name when this node refers to one, else empty
  std::vector<Property> properties;  // object fields, in declaration order
  std::vector<std::string> required;
  SchemaPtr items;                  // array element type
  SchemaPtr additional_properties;  // map value type (object used as a map)
  std::vector<std::string> enum_values;
  nlohmann::json default_value;  // null when none
  // Scalars upstream renders in OpenAPI v3 as `oneOf` these types instead of `type` (its
  // OpenAPIV3OneOfTypes: Quantity is string or number, IntOrString integer or string). kubectl
  // explain then names the definition (<map[string]Quantity>, <IntOrString>) rather than <string>.
  // v2 and every reader of the model keep using `type`.
  std::vector<SchemaType> v3_one_of;

  // --- Kubernetes extensions ---
  std::vector<GroupVersionKind> gvks;  // x-kubernetes-group-version-kind, on kind definitions
  std::string patch_strategy;          // "merge", "retainKeys", "merge,retainKeys", "replace"
  std::string patch_merge_key;         // x-kubernetes-patch-merge-key
  std::string list_type;               // "atomic", "set", "map"
  std::vector<std::string> list_map_keys;
  std::string map_type;                // "atomic", "granular"
  bool int_or_string = false;          // x-kubernetes-int-or-string
  bool preserve_unknown_fields = false;
  bool embedded_resource = false;

  // --- navigation, for SMP, explain and validation ---

  // The definition a reference points to (after SchemaModel::link), or this node itself.
  const Schema& resolved() const { return target_ ? *target_ : *this; }
  // The declared node of a field (carrying that field's patch metadata), or nullptr. Looks
  // through a reference first, so it works on `spec` as well as on the PodSpec definition.
  const Schema* field(std::string_view name) const;
  // The element type of an array, resolved; nullptr when this is not an array.
  const Schema* item_schema() const;
  // The value type of a map (additionalProperties), resolved; nullptr when not a map.
  const Schema* value_schema() const;
  bool is_map() const { return resolved().additional_properties != nullptr; }
  // Patch strategy split into its parts: "merge,retainKeys" -> merge, retain_keys.
  bool has_strategy(std::string_view strategy) const;

 private:
  friend class SchemaModel;
  const Schema* target_ = nullptr;  // set by SchemaModel::link for references
};

}  // namespace kapi::openapi
