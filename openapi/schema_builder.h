// A small DSL to write type definitions in C++, one file per API group (openapi/types/).
//
//   m.define(core("ContainerPort"), object("A network port of a container.", {
//       {"containerPort", int32("Port number on the pod's IP."), kRequired},
//       {"protocol", str("TCP, UDP or SCTP.")},
//   }));
//   {"ports", merge_list(ref_to(core("ContainerPort")), "containerPort", {"containerPort", "protocol"})}
//
// Each function returns a fresh node, so nodes are never shared between two places.
#pragma once

#include <string>
#include <vector>

#include "openapi/schema.h"
#include "openapi/schema_model.h"

namespace kapi::openapi::dsl {

inline constexpr bool kRequired = true;

struct Field {
  std::string name;
  SchemaPtr schema;
  bool required = false;
};

// Definition names, as upstream spells them.
std::string meta(const std::string& type);     // io.k8s.apimachinery.pkg.apis.meta.v1.<type>
std::string core(const std::string& type);     // io.k8s.api.core.v1.<type>
std::string apps(const std::string& type);     // io.k8s.api.apps.v1.<type>
std::string storage(const std::string& type);  // io.k8s.api.storage.v1.<type>
inline const std::string kQuantity = "io.k8s.apimachinery.pkg.api.resource.Quantity";
inline const std::string kIntOrString = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
inline const std::string kRawExtension = "io.k8s.apimachinery.pkg.runtime.RawExtension";

// Scalars.
SchemaPtr str(std::string description = {});
SchemaPtr str_enum(std::vector<std::string> values, std::string description = {});
SchemaPtr bytes(std::string description = {});  // base64 string, format byte
SchemaPtr int32(std::string description = {});
SchemaPtr int64(std::string description = {});
SchemaPtr number(std::string description = {});
SchemaPtr boolean(std::string description = {});
SchemaPtr any(std::string description = {});  // any JSON value

// References and structure.
SchemaPtr ref_to(const std::string& definition, std::string description = {});
SchemaPtr object(std::string description, std::vector<Field> fields);
SchemaPtr map_of(SchemaPtr values, std::string description = {});
SchemaPtr string_map(std::string description = {});  // map[string]string (labels, data)
// Shorthands for common references.
SchemaPtr timestamp(std::string description = {});        // meta Time, RFC 3339 string
SchemaPtr quantity(std::string description = {});
SchemaPtr int_or_string(std::string description = {});
SchemaPtr object_meta();  // the `metadata` field of a kind
SchemaPtr list_meta();    // the `metadata` field of a list kind

// Lists, by their merge semantics.
SchemaPtr array(SchemaPtr items, std::string description = {});        // no extension
SchemaPtr atomic_list(SchemaPtr items, std::string description = {});  // replaced whole
SchemaPtr strings(std::string description = {});                       // atomic list of strings
// A set of scalars merged by value (finalizers): strategy merge, list-type set.
SchemaPtr set_list(SchemaPtr items, std::string description = {});
// A list of objects merged by key: strategy merge, merge key, list-type map with its keys.
SchemaPtr merge_list(SchemaPtr items, const std::string& merge_key,
                     std::vector<std::string> map_keys = {}, std::string description = {});

// Modifiers (return the same node).
SchemaPtr with_strategy(SchemaPtr node, std::string strategy);  // e.g. "retainKeys"
SchemaPtr with_default(SchemaPtr node, nlohmann::json value);

// A kind: apiVersion, kind and metadata first, then `fields`; tagged with its GVK.
SchemaPtr kind(const GroupVersionKind& gvk, std::string description,
               std::vector<Field> fields);
// Defines `<name>List` for the kind `name` (items of that kind, ListMeta metadata).
void define_list(SchemaModel& model, const std::string& item_definition,
                 const GroupVersionKind& item_gvk);
// Defines a kind (see kind()) under `definition` and its List.
void define_kind_and_list(SchemaModel& model, const std::string& definition, const GroupVersionKind& gvk,
                          std::string description, std::vector<Field> fields);
// The common condition shape (type, status, reason, message, lastTransitionTime) of a `what`;
// `extra_times` adds timestamps some kinds carry (lastProbeTime, lastHeartbeatTime, lastUpdateTime).
SchemaPtr condition(const std::string& what, const std::vector<std::string>& extra_times = {});

}  // namespace kapi::openapi::dsl
