// Strategic merge patch: the map side (directives, $retainKeys, $setElementOrder, field loop) and
// the entry point. Lists are in smp_lists.cc.
#include "registry/patch/strategic_merge_patch.h"

#include <vector>

#include "registry/patch/smp_internal.h"

namespace kapi::registry::patch {
namespace smp {
namespace {

enum class Shape { kObject, kArray, kScalar };

Shape shape(const json& v) {
  if (v.is_object()) return Shape::kObject;
  if (v.is_array()) return Shape::kArray;
  return Shape::kScalar;
}

// The declared node of a field: a property of an object, or the value type of a map.
const Schema* declared_field(const Schema* parent, const std::string& key) {
  if (parent == nullptr) return nullptr;
  if (const Schema* f = parent->field(key)) return f;
  return parent->resolved().additional_properties.get();
}

// Splits a declared strategy into the merge strategy proper; retainKeys is carried by the patch
// itself as a $retainKeys directive.
std::string merge_strategy(const Schema* field) {
  if (field == nullptr) return {};
  if (field->has_strategy("replace")) return "replace";
  if (field->has_strategy("merge")) return "merge";
  return {};
}

// "{"$patch": ...}" as a whole map: replace it, delete it, or fail.
json map_directive(json patch) {
  const json& directive = patch[std::string(kDirective)];
  if (directive == "replace") {
    patch.erase(std::string(kDirective));
    clean_new_value(patch);
    return patch;
  }
  if (directive == "delete") return json::object();
  throw Failure{internal("unknown patch type: " + show(directive) + " in map: " + show(patch))};
}

// Text after "<prefix>/", or a 400 with upstream's message for that directive.
std::string directive_key(const std::string& key, std::string_view prefix) {
  size_t slash = key.find('/');
  if (slash == std::string::npos || std::string_view(key).substr(0, slash) != prefix) {
    throw Failure{bad_request(prefix == kDeleteFromPrimitiveList
                                  ? "invalid patch format of primitive list"
                                  : "invalid patch format of setElementOrder list")};
  }
  return key.substr(slash + 1);
}

// $retainKeys: every key the patch sets must be listed, and keys not listed leave the original.
void apply_retain_keys(json& original, json& patch) {
  auto it = patch.find(std::string(kRetainKeys));
  if (it == patch.end()) return;
  json keys = std::move(*it);
  patch.erase(it);
  const PatchError bad = bad_request("invalid patch format of retainKeys");
  if (!keys.is_array()) throw Failure{bad};
  auto listed = [&](const std::string& k) {
    for (const json& x : keys) {
      if (x.is_string() && x.get_ref<const std::string&>() == k) return true;
    }
    return false;
  };
  for (auto p = patch.begin(); p != patch.end(); ++p) {
    if (p.value().is_null() || starts_with(p.key(), kDeleteFromPrimitiveList) ||
        starts_with(p.key(), kSetElementOrder)) {
      continue;
    }
    if (!listed(p.key())) throw Failure{bad};
  }
  std::vector<std::string> drop;
  for (auto o = original.begin(); o != original.end(); ++o) {
    if (!listed(o.key())) drop.push_back(o.key());
  }
  for (const std::string& k : drop) original.erase(k);
}

std::string go_type(const json& v) {
  if (v.is_object()) return "map[string]interface {}";
  if (v.is_array()) return "[]interface {}";
  if (v.is_string()) return "string";
  if (v.is_boolean()) return "bool";
  if (v.is_number()) return "float64";
  return "<nil>";
}

json& expect_list(json& v) {
  if (!v.is_array()) throw Failure{internal("expected a []interface {}, but received a " + go_type(v))};
  return v;
}

// Every "$setElementOrder/<field>": merges that field's list now, orders it, and removes the list
// from the patch so the field loop does not merge it twice.
void apply_set_element_orders(json& original, json& patch, const Schema* schema) {
  std::vector<std::string> directives;
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    if (starts_with(it.key(), kSetElementOrder)) directives.push_back(it.key());
  }
  for (const std::string& directive : directives) {
    json order = std::move(patch[directive]);
    patch.erase(directive);
    expect_list(order);
    std::string key = directive_key(directive, kSetElementOrder);

    auto o = original.find(key);
    auto p = patch.find(key);
    const bool in_original = o != original.end();
    const bool in_patch = p != patch.end();
    if (in_original) expect_list(*o);
    if (in_patch) expect_list(*p);
    FieldMeta meta = list_field(schema, key);
    validate_set_element_order(in_patch ? *p : json::array(), order, meta.merge_key);

    json merged;
    if (in_original && !in_patch) {
      merged = *o;
    } else if (!in_original && in_patch) {
      merged = *p;
      clean_new_value(merged);
    } else if (in_original && in_patch) {
      if (meta.strategy == "merge") {
        merged = merge_list(*o, *p, meta, false);
      } else {
        merged = *p;
        clean_new_value(merged);
      }
    } else {
      continue;
    }
    original[key] = order_by_set_element_order(merged, order, in_original ? *o : json::array(),
                                               in_patch ? *p : json::array(), meta.merge_key);
    patch.erase(key);
  }
}

}  // namespace

FieldMeta map_field(const Schema* parent, const std::string& key) {
  const Schema* field = declared_field(parent, key);
  return {merge_strategy(field), field ? field->patch_merge_key : "", field ? &field->resolved() : nullptr};
}

FieldMeta list_field(const Schema* parent, const std::string& key) {
  const Schema* field = declared_field(parent, key);
  return {merge_strategy(field), field ? field->patch_merge_key : "", field ? field->item_schema() : nullptr};
}

json merge_map(json original, json patch, const Schema* schema) {
  if (patch.contains(std::string(kDirective))) return map_directive(std::move(patch));
  if (!original.is_object()) original = json::object();
  apply_retain_keys(original, patch);
  apply_set_element_orders(original, patch, schema);

  for (auto it = patch.begin(); it != patch.end(); ++it) {
    std::string key = it.key();
    json& value = it.value();
    bool delete_list = false;
    if (starts_with(key, kDeleteFromPrimitiveList)) {
      key = directive_key(key, kDeleteFromPrimitiveList);
      delete_list = true;
    }
    if (value.is_null()) {  // null deletes; a null for a missing key is simply dropped
      original.erase(key);
      continue;
    }
    auto current = original.find(key);
    if (current == original.end() || shape(*current) != shape(value)) {
      if (delete_list) continue;  // nothing to delete from
      json fresh = std::move(value);
      if (clean_new_value(fresh)) {
        original[key] = std::move(fresh);
      } else {
        original.erase(key);
      }
      continue;
    }
    switch (shape(value)) {
      case Shape::kObject: {
        FieldMeta meta = map_field(schema, key);
        if (meta.strategy == "replace") {
          clean_new_value(value);
          *current = std::move(value);
        } else {
          *current = merge_map(std::move(*current), std::move(value), meta.type);
        }
        break;
      }
      case Shape::kArray: {
        FieldMeta meta = list_field(schema, key);
        if (meta.strategy == "merge" || delete_list) {
          *current = merge_list(std::move(*current), std::move(value), meta, delete_list);
        } else {
          clean_new_value(value);
          *current = std::move(value);
        }
        break;
      }
      case Shape::kScalar:
        *current = std::move(value);
        break;
    }
  }
  return original;
}

bool clean_new_value(json& value) {
  if (value.is_object()) {
    if (auto d = value.find(std::string(kDirective)); d != value.end()) {
      if (*d != "replace") return false;
      value.erase(d);
    }
    std::vector<std::string> drop;
    for (auto it = value.begin(); it != value.end(); ++it) {
      const std::string& k = it.key();
      if (it.value().is_null() || k == kRetainKeys || starts_with(k, kSetElementOrder) ||
          starts_with(k, kDeleteFromPrimitiveList) || !clean_new_value(it.value())) {
        drop.push_back(k);
      }
    }
    for (const std::string& k : drop) value.erase(k);
  } else if (value.is_array()) {
    json kept = json::array();
    for (json& item : value) {
      // In a list, any directive item ({"$patch": ...}) is an instruction, never an element.
      if (item.is_object() && item.contains(std::string(kDirective))) continue;
      if (clean_new_value(item)) kept.push_back(std::move(item));
    }
    value = std::move(kept);
  }
  return true;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::string show(const json& value) { return value.dump(); }

}  // namespace smp

PatchResult apply_strategic_merge_patch(const nlohmann::json& original, std::string_view body,
                                        const openapi::Schema* schema) {
  nlohmann::json patch = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (patch.is_discarded()) return bad_request("invalid JSON in strategic merge patch body");
  if (!patch.is_object()) {
    return bad_request(std::string("json: cannot unmarshal ") + patch.type_name() +
                       " into Go value of type map[string]interface {}");
  }
  try {
    return smp::merge_map(original, std::move(patch), schema ? &schema->resolved() : nullptr);
  } catch (const smp::Failure& failure) {
    return failure.error;
  }
}

}  // namespace kapi::registry::patch
