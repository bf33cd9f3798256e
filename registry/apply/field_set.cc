#include "registry/apply/field_set.h"

#include <algorithm>
#include <optional>

namespace kapi::registry::apply {
namespace {

using openapi::Schema;

// Upstream's fieldmanager strips these before it compares or records anything.
bool stripped_meta(const std::string& field) {
  static const std::set<std::string> fields = {"name", "namespace", "creationTimestamp", "selfLink", "uid",
                                               "generation", "managedFields", "resourceVersion",
                                               "deletionTimestamp", "deletionGracePeriodSeconds"};
  return fields.count(field) > 0;
}

struct ListShape {
  enum Kind { kAtomic, kKeyed, kSet } kind = kAtomic;
  std::vector<std::string> keys;
};

// The declared node of a list field carries its merge key or list type (see openapi/schema.h).
ListShape list_shape(const Schema* field, const json& items) {
  ListShape shape;
  if (!field) return shape;
  if (!field->list_map_keys.empty()) {
    shape.kind = ListShape::kKeyed;
    shape.keys = field->list_map_keys;
  } else if (!field->patch_merge_key.empty()) {
    shape.kind = ListShape::kKeyed;
    shape.keys = {field->patch_merge_key};
  } else if (field->list_type == "set" || (field->has_strategy("merge") && !items.empty() &&
                                           !items.front().is_object() && !items.front().is_array())) {
    shape.kind = ListShape::kSet;
  } else if (field->list_type == "map") {
    shape.kind = ListShape::kKeyed;
  }
  return shape;
}

std::optional<std::string> item_key(const json& item, const ListShape& shape) {
  if (shape.kind == ListShape::kSet) return "v:" + item.dump();
  if (!item.is_object()) return std::nullopt;
  json key = json::object();
  for (const auto& k : shape.keys)
    if (item.contains(k)) key[k] = item[k];
  if (key.empty()) return std::nullopt;
  return "k:" + key.dump();
}

// Reports each member of a value to `Sink` (insert(path)): a FieldSet, or the FieldsV1 tree
// a create records (FieldsV1Tree).
template <typename Sink>
class Walker {
 public:
  Walker(Members members, Sink& out) : members_(members), out_(out) {}

  void value(const json& v, const Schema* field, FieldPath& path) {
    const Schema* type = field ? &field->resolved() : nullptr;
    if (v.is_object()) {
      bool is_map = type && type->additional_properties && type->properties.empty();
      if (v.empty() || (type && type->map_type == "atomic") || (type && type->preserve_unknown_fields && !is_map)) {
        out_.insert(path);
        return;
      }
      if (is_map && members_ == Members::kChanged) out_.insert(path);
      for (const auto& [name, child] : v.items()) {
        const Schema* child_field = !type ? nullptr : is_map ? type->value_schema() : type->field(name);
        path.push_back("f:" + name);
        value(child, child_field, path);
        path.pop_back();
      }
      return;
    }
    if (v.is_array()) {
      ListShape shape = list_shape(field, v);
      if (shape.kind == ListShape::kAtomic || v.empty()) {
        out_.insert(path);
        return;
      }
      const Schema* items = field->item_schema();
      for (const auto& item : v) {
        auto key = item_key(item, shape);
        if (!key) continue;  // an item without its key cannot be owned; validation rejects it
        path.push_back(*key);
        out_.insert(path);
        if (shape.kind == ListShape::kKeyed && item.is_object()) {
          for (const auto& [name, child] : item.items()) {
            path.push_back("f:" + name);
            value(child, items ? items->field(name) : nullptr, path);
            path.pop_back();
          }
        }
        path.pop_back();
      }
      return;
    }
    if (!v.is_null()) out_.insert(path);
  }

 private:
  Members members_;
  Sink& out_;
};

// Members as they are reported, written straight into their FieldsV1 tree (what to_fields_v1
// makes of the same set): a create records every member of the object, and the set of paths in
// between (a std::set of string vectors, built, walked twice and freed) was most of the cost of
// its managedFields. A member with members below it is marked "."; the Walker reports a member
// before those below it, and a duplicate (list items with one key) after them.
class FieldsV1Tree {
 public:
  void insert(const FieldPath& path) {
    json* node = &root_;
    for (const auto& element : path) {
      // An empty object passed on the way is a member reported earlier, now with members below.
      if (node != &root_ && node->is_object() && node->empty()) (*node)["."] = json::object();
      node = &(*node)[element];
    }
    if (node->is_null()) *node = json::object();
    else if (!node->empty() && !node->contains(".")) (*node)["."] = json::object();
  }
  json take() { return std::move(root_); }

 private:
  json root_ = json::object();
};

// The members of `obj` into `out`: metadata itself is never one, only what is under it (less
// the fields the server owns); apiVersion and kind are none.
template <typename Sink>
void walk_object(const json& obj, const openapi::Schema* kind_schema, Members members, Sink& out) {
  if (!obj.is_object()) return;
  Walker<Sink> walker(members, out);
  FieldPath path;
  for (const auto& [name, child] : obj.items()) {
    if (name == "apiVersion" || name == "kind") continue;
    const Schema* field = kind_schema ? kind_schema->field(name) : nullptr;
    path.push_back("f:" + name);
    if (name == "metadata" && child.is_object()) {
      for (const auto& [meta_name, meta_child] : child.items()) {
        if (stripped_meta(meta_name)) continue;
        path.push_back("f:" + meta_name);
        walker.value(meta_child, field ? field->field(meta_name) : nullptr, path);
        path.pop_back();
      }
    } else {
      walker.value(child, field, path);
    }
    path.pop_back();
  }
}

const json* find_item(const json& list, const std::string& element) {
  if (!list.is_array()) return nullptr;
  if (element.rfind("v:", 0) == 0) {
    json wanted = json::parse(element.substr(2), nullptr, false);
    for (const auto& item : list)
      if (item == wanted) return &item;
    return nullptr;
  }
  json key = json::parse(element.substr(2), nullptr, false);
  if (!key.is_object()) return nullptr;
  for (const auto& item : list) {
    if (!item.is_object()) continue;
    bool match = true;
    for (const auto& [k, v] : key.items())
      if (!item.contains(k) || item[k] != v) match = false;
    if (match) return &item;
  }
  return nullptr;
}

}  // namespace

FieldSet fields_of(const json& obj, const openapi::Schema* kind_schema, Members members) {
  FieldSet out;
  walk_object(obj, kind_schema, members, out);
  return out;
}

json fields_v1_of(const json& obj, const openapi::Schema* kind_schema) {
  FieldsV1Tree tree;
  walk_object(obj, kind_schema, Members::kChanged, tree);
  return tree.take();
}

const json* value_at(const json& obj, const FieldPath& path) {
  const json* at = &obj;
  for (const auto& element : path) {
    if (element.rfind("f:", 0) == 0) {
      if (!at->is_object()) return nullptr;
      auto it = at->find(element.substr(2));
      if (it == at->end()) return nullptr;
      at = &*it;
    } else {
      at = find_item(*at, element);
      if (!at) return nullptr;
    }
  }
  return at;
}

bool erase_at(json& obj, const FieldPath& path) {
  if (path.empty()) return false;
  FieldPath parent_path(path.begin(), path.end() - 1);
  json* parent = const_cast<json*>(value_at(obj, parent_path));
  if (!parent) return false;
  const std::string& last = path.back();
  if (last.rfind("f:", 0) == 0) return parent->is_object() && parent->erase(last.substr(2)) > 0;
  const json* item = find_item(*parent, last);
  if (!item) return false;
  parent->erase(static_cast<size_t>(item - &(*parent)[0]));
  return true;
}

FieldChanges changed_fields(const json& before, const json& now, const openapi::Schema* kind_schema) {
  // A create: every member is new (a path starts with a field, which `before` lacks). Skips a
  // lookup and a copy per member: managedFields were the largest user-space cost of a create.
  if (before.is_object() && before.empty()) return {fields_of(now, kind_schema, Members::kChanged), {}};
  FieldChanges changes;
  FieldSet old_fields = fields_of(before, kind_schema, Members::kChanged);
  FieldSet new_fields = fields_of(now, kind_schema, Members::kChanged);
  for (const auto& path : new_fields) {
    const json* was = value_at(before, path);
    if (!was) {
      changes.changed.insert(path);
      continue;
    }
    // Containers (list items, maps) are changed through their members; a leaf by its value.
    if (is_leaf(new_fields, path) && *was != *value_at(now, path)) changes.changed.insert(path);
  }
  for (const auto& path : old_fields)
    if (!value_at(now, path)) changes.removed.insert(path);
  return changes;
}

bool is_leaf(const FieldSet& set, const FieldPath& path) {
  auto next = set.upper_bound(path);
  return next == set.end() || next->size() <= path.size() || !std::equal(path.begin(), path.end(), next->begin());
}

json to_fields_v1(const FieldSet& set) {
  json root = json::object();
  for (const auto& path : set) {
    json* node = &root;
    for (const auto& element : path) node = &(*node)[element];
    if (!node->is_object()) *node = json::object();
  }
  // A member that has children is marked with "."; a member without is the empty leaf.
  for (const auto& path : set) {
    if (is_leaf(set, path)) continue;
    json* node = &root;
    for (const auto& element : path) node = &(*node)[element];
    (*node)["."] = json::object();
  }
  return root;
}

namespace {
bool collect(const json& node, FieldPath& path, FieldSet& out) {
  if (!node.is_object()) return false;
  if (node.empty() && !path.empty()) out.insert(path);
  for (const auto& [element, child] : node.items()) {
    if (element == ".") {
      if (path.empty()) return false;
      out.insert(path);
      continue;
    }
    if (element.size() < 2 || element[1] != ':' || std::string("fkvi").find(element[0]) == std::string::npos) return false;
    path.push_back(element);
    bool ok = collect(child, path, out);
    path.pop_back();
    if (!ok) return false;
  }
  return true;
}
}  // namespace

std::optional<FieldSet> from_fields_v1(const json& fields) {
  FieldSet out;
  FieldPath path;
  if (!collect(fields, path, out)) return std::nullopt;
  return out;
}

std::string path_string(const FieldPath& path) {
  std::string out;
  for (const auto& element : path) {
    const std::string body = element.substr(2);
    if (element[0] == 'f') {
      out += "." + body;
    } else if (element[0] == 'v') {
      out += "[=" + body + "]";
    } else if (element[0] == 'k') {
      json key = json::parse(body, nullptr, false);
      std::string parts;
      if (key.is_object())
        for (const auto& [k, v] : key.items()) parts += (parts.empty() ? "" : ",") + k + "=" + v.dump();
      out += "[" + parts + "]";
    } else {
      out += "[" + body + "]";
    }
  }
  return out;
}

FieldSet set_union(const FieldSet& a, const FieldSet& b) {
  FieldSet out = a;
  out.insert(b.begin(), b.end());
  return out;
}

FieldSet set_difference(const FieldSet& a, const FieldSet& b) {
  FieldSet out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
  return out;
}

FieldSet set_intersection(const FieldSet& a, const FieldSet& b) {
  FieldSet out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
  return out;
}

}  // namespace kapi::registry::apply
