#include "openapi/schema_builder.h"

namespace kapi::openapi::dsl {
namespace {

SchemaPtr node(SchemaType type, std::string description, std::string format = {}) {
  auto s = std::make_shared<Schema>();
  s->type = type;
  s->description = std::move(description);
  s->format = std::move(format);
  return s;
}

SchemaPtr list(SchemaPtr items, std::string description, std::string list_type) {
  SchemaPtr s = node(SchemaType::kArray, std::move(description));
  s->items = std::move(items);
  s->list_type = std::move(list_type);
  return s;
}

}  // namespace

std::string meta(const std::string& type) { return "io.k8s.apimachinery.pkg.apis.meta.v1." + type; }
std::string core(const std::string& type) { return "io.k8s.api.core.v1." + type; }
std::string apps(const std::string& type) { return "io.k8s.api.apps.v1." + type; }
std::string storage(const std::string& type) { return "io.k8s.api.storage.v1." + type; }

SchemaPtr str(std::string d) { return node(SchemaType::kString, std::move(d)); }
SchemaPtr str_enum(std::vector<std::string> values, std::string d) {
  SchemaPtr s = str(std::move(d));
  s->enum_values = std::move(values);
  return s;
}
SchemaPtr bytes(std::string d) { return node(SchemaType::kString, std::move(d), "byte"); }
SchemaPtr int32(std::string d) { return node(SchemaType::kInteger, std::move(d), "int32"); }
SchemaPtr int64(std::string d) { return node(SchemaType::kInteger, std::move(d), "int64"); }
SchemaPtr number(std::string d) { return node(SchemaType::kNumber, std::move(d), "double"); }
SchemaPtr boolean(std::string d) { return node(SchemaType::kBoolean, std::move(d)); }
SchemaPtr any(std::string d) { return node(SchemaType::kUnspecified, std::move(d)); }

SchemaPtr ref_to(const std::string& definition, std::string d) {
  SchemaPtr s = node(SchemaType::kUnspecified, std::move(d));
  s->ref = definition;
  return s;
}

SchemaPtr object(std::string d, std::vector<Field> fields) {
  SchemaPtr s = node(SchemaType::kObject, std::move(d));
  for (const Field& f : fields) {
    s->properties.push_back({f.name, f.schema});
    if (f.required) s->required.push_back(f.name);
  }
  return s;
}

SchemaPtr map_of(SchemaPtr values, std::string d) {
  SchemaPtr s = node(SchemaType::kObject, std::move(d));
  s->additional_properties = std::move(values);
  return s;
}
SchemaPtr string_map(std::string d) { return map_of(str(), std::move(d)); }

SchemaPtr timestamp(std::string d) { return ref_to(meta("Time"), std::move(d)); }
SchemaPtr quantity(std::string d) { return ref_to(kQuantity, std::move(d)); }
SchemaPtr int_or_string(std::string d) { return ref_to(kIntOrString, std::move(d)); }
SchemaPtr object_meta() {
  return with_default(ref_to(meta("ObjectMeta"), "Standard object metadata: name, namespace, labels, ..."),
                      nlohmann::json::object());
}
SchemaPtr list_meta() {
  return with_default(ref_to(meta("ListMeta"), "Standard list metadata: resourceVersion, continue."),
                      nlohmann::json::object());
}

SchemaPtr array(SchemaPtr items, std::string d) { return list(std::move(items), std::move(d), ""); }
SchemaPtr atomic_list(SchemaPtr items, std::string d) {
  return list(std::move(items), std::move(d), "atomic");
}
SchemaPtr strings(std::string d) { return atomic_list(str(), std::move(d)); }
SchemaPtr set_list(SchemaPtr items, std::string d) {
  SchemaPtr s = list(std::move(items), std::move(d), "set");
  s->patch_strategy = "merge";
  return s;
}
SchemaPtr merge_list(SchemaPtr items, const std::string& merge_key,
                     std::vector<std::string> map_keys, std::string d) {
  SchemaPtr s = list(std::move(items), std::move(d), "map");
  s->patch_strategy = "merge";
  s->patch_merge_key = merge_key;
  s->list_map_keys = map_keys.empty() ? std::vector<std::string>{merge_key} : std::move(map_keys);
  return s;
}

SchemaPtr with_strategy(SchemaPtr s, std::string strategy) {
  s->patch_strategy = std::move(strategy);
  return s;
}
SchemaPtr with_default(SchemaPtr s, nlohmann::json value) {
  s->default_value = std::move(value);
  return s;
}

SchemaPtr kind(const GroupVersionKind& gvk, std::string d, std::vector<Field> fields) {
  SchemaPtr s = node(SchemaType::kObject, std::move(d));
  s->properties.push_back({"apiVersion", str("The versioned schema of this object, e.g. v1 or apps/v1.")});
  s->properties.push_back({"kind", str("The REST resource this object represents, in CamelCase.")});
  s->properties.push_back({"metadata", object_meta()});
  for (const Field& f : fields) {
    s->properties.push_back({f.name, f.schema});
    if (f.required) s->required.push_back(f.name);
  }
  s->gvks.push_back(gvk);
  return s;
}

void define_list(SchemaModel& model, const std::string& item_definition,
                 const GroupVersionKind& item_gvk) {
  GroupVersionKind list_gvk{item_gvk.group, item_gvk.version, item_gvk.kind + "List"};
  SchemaPtr s = object("A list of " + item_gvk.kind + " objects.", {
      {"apiVersion", str("The versioned schema of this list.")},
      {"items", array(ref_to(item_definition), "The objects of the list."), kRequired},
      {"kind", str("The kind of this list.")},
      {"metadata", list_meta()},
  });
  s->gvks.push_back(list_gvk);
  model.define(item_definition + "List", std::move(s));
}

void define_kind_and_list(SchemaModel& model, const std::string& definition, const GroupVersionKind& gvk,
                          std::string description, std::vector<Field> fields) {
  model.define(definition, kind(gvk, std::move(description), std::move(fields)));
  define_list(model, definition, gvk);
}

SchemaPtr condition(const std::string& what, const std::vector<std::string>& extra_times) {
  SchemaPtr s = object("One aspect of the state of a " + what + ".", {
      {"lastTransitionTime", timestamp("When the status last changed.")},
      {"message", str("Human readable details.")},
      {"reason", str("CamelCase reason for the last transition.")},
      {"status", str("True, False or Unknown."), kRequired},
      {"type", str("Type of condition."), kRequired},
  });
  for (const std::string& name : extra_times) s->properties.push_back({name, timestamp("When last checked or updated.")});
  return s;
}

}  // namespace kapi::openapi::dsl
