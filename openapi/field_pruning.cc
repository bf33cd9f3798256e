#include "openapi/field_pruning.h"

#include <set>

namespace kapi::openapi {
namespace {

using json = nlohmann::json;

std::string join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

// Where a walk is, in upstream's dotted form ("spec.containers[0].image"), spelled out only when a
// path is named (an unknown field, a visited value): spelling it at every node was most of a
// create's unknown-field check.
struct Path {
  const std::string* root = nullptr;  // the walk's starting path
  const Path* parent = nullptr;
  std::string_view key;                 // a member's key, or
  size_t index = std::string::npos;     // an item's index

  Path member(std::string_view k) const { return Path{nullptr, this, k}; }
  Path item(size_t i) const { return Path{nullptr, this, {}, i}; }
  std::string str() const {
    if (!parent) return root ? *root : std::string();
    std::string up = parent->str();
    if (index != std::string::npos) return up + "[" + std::to_string(index) + "]";
    return up.empty() ? std::string(key) : up + "." + std::string(key);
  }
};

// A node whose contents the model does not describe: anything goes below it.
bool free_form(const Schema& s) {
  if (s.preserve_unknown_fields) return true;
  if (s.type == SchemaType::kUnspecified) return true;  // RawExtension, untyped values
  return s.type == SchemaType::kObject && s.properties.empty() && !s.additional_properties;
}

class Pruner {
 public:
  explicit Pruner(BodyShape shape) : shape_(shape) {}

  void walk(json& value, const Schema& declared, const Path& path) {
    const Schema& s = declared.resolved();
    if (s.preserve_unknown_fields) return;
    if (value.is_array()) {
      if (!s.items) return;
      for (size_t i = 0; i < value.size(); ++i) walk(value[i], *s.items, path.item(i));
      return;
    }
    if (!value.is_object() || free_form(s)) return;
    if (s.additional_properties) {
      for (auto it = value.begin(); it != value.end(); ++it) walk(*it, *s.additional_properties, path.member(it.key()));
      return;
    }
    if (s.type != SchemaType::kObject) return;  // a scalar type given an object: validation's call
    for (auto it = value.begin(); it != value.end();) {
      const std::string& key = it.key();
      if (shape_ == BodyShape::kStrategicMergePatch && !key.empty() && key[0] == '$') {
        ++it;  // a patch directive ($patch, $retainKeys, $setElementOrder/..., $deleteFromPrimitiveList/...)
        continue;
      }
      const Schema* field = s.field(key);
      if (field == nullptr) {
        // In a merge patch, null deletes: an unknown field that is deleted was never there.
        if (shape_ == BodyShape::kObject || !it->is_null()) unknown_.push_back(join(path.str(), key));
        it = value.erase(it);
        continue;
      }
      walk(*it, *field, path.member(key));
      ++it;
    }
  }

  std::vector<std::string> take() { return std::move(unknown_); }

 private:
  BodyShape shape_;
  std::vector<std::string> unknown_;
};

// Where a JSON Pointer leads in the schema.
struct PointerTarget {
  const Schema* schema = nullptr;  // the node at the pointer; nullptr when it cannot be followed
  std::string path;                // in upstream's dotted form
  bool unknown = false;            // the pointer names a field the model does not declare
};

std::string unescape_token(std::string token) {
  for (size_t i = 0; (i = token.find('~', i)) != std::string::npos; ++i) {
    if (i + 1 < token.size() && token[i + 1] == '1') token.replace(i, 2, "/");
    else if (i + 1 < token.size() && token[i + 1] == '0') token.replace(i, 2, "~");
  }
  return token;
}

PointerTarget follow(const Schema& root, const std::string& pointer) {
  PointerTarget t;
  t.schema = &root;
  size_t start = 1;
  if (pointer.empty()) return t;
  if (pointer[0] != '/') return PointerTarget{};
  while (start <= pointer.size()) {
    size_t slash = pointer.find('/', start);
    std::string token = unescape_token(pointer.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    start = slash == std::string::npos ? pointer.size() + 1 : slash + 1;
    const Schema& s = t.schema->resolved();
    if (s.preserve_unknown_fields) return PointerTarget{nullptr, t.path, false};
    if (s.items) {
      t.path += "[" + token + "]";
      t.schema = s.items.get();
    } else if (s.additional_properties) {
      t.path = join(t.path, token);
      t.schema = s.additional_properties.get();
    } else if (s.type == SchemaType::kObject && !free_form(s)) {
      t.path = join(t.path, token);
      t.schema = s.field(token);
      if (t.schema == nullptr) {
        t.unknown = true;
        return t;
      }
    } else {
      return PointerTarget{nullptr, t.path, false};  // into a scalar or free-form value
    }
  }
  return t;
}

// Depth first over the declared schema; false once `visit` asked to stop.
bool visit_node(const json& value, const Schema& declared, const Path& path,
                const std::function<bool(const Schema&)>& wanted,
                const std::function<bool(const std::string&, const json&)>& visit) {
  if (!value.is_object() && !value.is_array() && wanted(declared)) return visit(path.str(), value);
  const Schema& s = declared.resolved();
  if (s.preserve_unknown_fields) return true;
  if (value.is_array() && s.items) {
    for (size_t i = 0; i < value.size(); ++i)
      if (!visit_node(value[i], *s.items, path.item(i), wanted, visit)) return false;
  } else if (value.is_object() && s.additional_properties) {
    for (auto it = value.begin(); it != value.end(); ++it)
      if (!visit_node(*it, *s.additional_properties, path.member(it.key()), wanted, visit)) return false;
  } else if (value.is_object() && s.type == SchemaType::kObject) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      const Schema* field = s.field(it.key());
      if (field != nullptr && !visit_node(*it, *field, path.member(it.key()), wanted, visit)) return false;
    }
  }
  return true;
}

}  // namespace

void visit_typed_values(const json& value, const Schema& schema, const std::function<bool(const Schema&)>& wanted,
                        const std::function<bool(const std::string&, const json&)>& visit) {
  visit_node(value, schema, Path{}, wanted, visit);
}

std::vector<std::string> prune_unknown_fields(json& value, const Schema& schema, BodyShape shape,
                                              const std::string& path) {
  Pruner pruner(shape);
  Path start;
  start.root = &path;
  pruner.walk(value, schema, start);
  return pruner.take();
}

std::vector<std::string> prune_json_patch(json& operations, const Schema& schema) {
  std::vector<std::string> unknown;
  if (!operations.is_array()) return unknown;
  json kept = json::array();
  for (json& op : operations) {
    if (!op.is_object() || !op.contains("op") || !op["op"].is_string() || !op.contains("path") ||
        !op["path"].is_string()) {
      kept.push_back(std::move(op));
      continue;
    }
    const std::string kind = op["op"];
    if (kind != "add" && kind != "replace" && kind != "copy" && kind != "move") {
      kept.push_back(std::move(op));  // remove and test of an unknown field fail as upstream's do
      continue;
    }
    PointerTarget target = follow(schema, op["path"].get<std::string>());
    if (target.unknown) {
      unknown.push_back(target.path);
      if (kind == "move" && op.contains("from")) kept.push_back({{"op", "remove"}, {"path", op["from"]}});
      continue;
    }
    if (target.schema != nullptr && op.contains("value")) {
      for (std::string& p : prune_unknown_fields(op["value"], *target.schema, BodyShape::kObject, target.path))
        unknown.push_back(std::move(p));
    }
    kept.push_back(std::move(op));
  }
  operations = std::move(kept);
  return unknown;
}

json parse_noting_duplicates(std::string_view text, std::vector<std::string>& duplicates) {
  struct Container {
    bool object = false;
    std::string path;
    std::set<std::string> keys;
    std::string key;  // the key whose value is being read (objects)
    size_t next_index = 0;  // the index of the next element (arrays)
  };
  std::vector<Container> open;
  std::set<std::string> reported;
  auto child_path = [&open]() -> std::string {
    if (open.empty()) return {};
    Container& parent = open.back();
    if (parent.object) return join(parent.path, parent.key);
    return parent.path + "[" + std::to_string(parent.next_index++) + "]";
  };
  json::parser_callback_t callback = [&](int /*depth*/, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start: {
        std::string path = child_path();
        open.push_back(Container{event == json::parse_event_t::object_start, std::move(path), {}, {}, 0});
        break;
      }
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        if (!open.empty()) open.pop_back();
        break;
      case json::parse_event_t::key: {
        Container& object = open.back();
        object.key = parsed.get<std::string>();
        if (!object.keys.insert(object.key).second) {
          std::string path = join(object.path, object.key);
          if (reported.insert(path).second) duplicates.push_back(std::move(path));
        }
        break;
      }
      case json::parse_event_t::value:
        if (!open.empty() && !open.back().object) ++open.back().next_index;
        break;
    }
    return true;
  };
  return json::parse(text.begin(), text.end(), callback);
}

}  // namespace kapi::openapi
