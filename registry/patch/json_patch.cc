#include "registry/patch/json_patch.h"

#include <optional>
#include <string>
#include <vector>

namespace kapi::registry::patch {
namespace {

using json = nlohmann::json;

// An operation failed; the message is what upstream's JSON patch library reports.
struct OpFailure {
  std::string message;
};

// RFC 6901 pointer: "" is the whole document, "/a/0/b~1c" is a, 0, "b/c".
std::optional<std::vector<std::string>> split_pointer(const std::string& path) {
  std::vector<std::string> tokens;
  if (path.empty()) return tokens;
  if (path[0] != '/') return std::nullopt;
  size_t start = 1;
  while (true) {
    size_t slash = path.find('/', start);
    std::string token = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    std::string unescaped;
    for (size_t i = 0; i < token.size(); ++i) {
      if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
        unescaped += token[i + 1] == '0' ? '~' : '/';
        ++i;
      } else {
        unescaped += token[i];
      }
    }
    tokens.push_back(std::move(unescaped));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return tokens;
}

// An array index token: digits only, no leading zero (RFC 6901).
std::optional<size_t> parse_index(const std::string& token) {
  if (token.empty() || token.size() > 9 || (token.size() > 1 && token[0] == '0')) return std::nullopt;
  size_t value = 0;
  for (char c : token) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<size_t>(c - '0');
  }
  return value;
}

std::string invalid_index(const std::string& token) {
  return "Unable to access invalid index: " + token + ": invalid index referenced";
}

// The container holding the pointer's last token, or nullptr when a step along the way is missing.
json* parent_of(json& doc, const std::vector<std::string>& tokens) {
  json* node = &doc;
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    const std::string& t = tokens[i];
    if (node->is_object()) {
      auto it = node->find(t);
      if (it == node->end()) return nullptr;
      node = &*it;
    } else if (node->is_array()) {
      std::optional<size_t> idx = parse_index(t);
      if (!idx || *idx >= node->size()) return nullptr;
      node = &(*node)[*idx];
    } else {
      return nullptr;
    }
  }
  return node;
}

// The value at the pointer, or nullptr.
json* find(json& doc, const std::vector<std::string>& tokens) {
  if (tokens.empty()) return &doc;
  json* parent = parent_of(doc, tokens);
  if (parent == nullptr) return nullptr;
  const std::string& last = tokens.back();
  if (parent->is_object()) {
    auto it = parent->find(last);
    return it == parent->end() ? nullptr : &*it;
  }
  if (parent->is_array()) {
    std::optional<size_t> idx = parse_index(last);
    return idx && *idx < parent->size() ? &(*parent)[*idx] : nullptr;
  }
  return nullptr;
}

std::vector<std::string> pointer_or_fail(const std::string& path, const std::string& op, const std::string& which) {
  std::optional<std::vector<std::string>> tokens = split_pointer(path);
  if (!tokens) throw OpFailure{op + " operation does not apply: doc is missing " + which + ": \"" + path + "\": missing value"};
  return *tokens;
}

void add(json& doc, const std::string& path, json value) {
  std::vector<std::string> tokens = pointer_or_fail(path, "add", "path");
  if (tokens.empty()) {
    doc = std::move(value);
    return;
  }
  json* parent = parent_of(doc, tokens);
  if (parent == nullptr || !(parent->is_object() || parent->is_array())) {
    throw OpFailure{"add operation does not apply: doc is missing path: \"" + path + "\": missing value"};
  }
  const std::string& last = tokens.back();
  if (parent->is_object()) {
    (*parent)[last] = std::move(value);
    return;
  }
  if (last == "-") {
    parent->push_back(std::move(value));
    return;
  }
  std::optional<size_t> idx = parse_index(last);
  if (!idx || *idx > parent->size()) {
    throw OpFailure{"error in add for path: '" + path + "': " + invalid_index(last)};
  }
  parent->insert(parent->begin() + static_cast<std::ptrdiff_t>(*idx), std::move(value));
}

json remove(json& doc, const std::string& path) {
  std::vector<std::string> tokens = pointer_or_fail(path, "remove", "path");
  json* parent = tokens.empty() ? nullptr : parent_of(doc, tokens);
  if (parent == nullptr || !(parent->is_object() || parent->is_array())) {
    throw OpFailure{"remove operation does not apply: doc is missing path: \"" + path + "\": missing value"};
  }
  const std::string& last = tokens.back();
  if (parent->is_object()) {
    auto it = parent->find(last);
    if (it == parent->end()) {
      throw OpFailure{"error in remove for path: '" + path + "': Unable to remove nonexistent key: " + last +
                      ": missing value"};
    }
    json removed = std::move(*it);
    parent->erase(it);
    return removed;
  }
  std::optional<size_t> idx = parse_index(last);
  if (!idx || *idx >= parent->size()) {
    throw OpFailure{"error in remove for path: '" + path + "': " + invalid_index(last)};
  }
  json removed = std::move((*parent)[*idx]);
  parent->erase(parent->begin() + static_cast<std::ptrdiff_t>(*idx));
  return removed;
}

void replace(json& doc, const std::string& path, json value) {
  std::vector<std::string> tokens = pointer_or_fail(path, "replace", "path");
  if (tokens.empty()) {
    doc = std::move(value);
    return;
  }
  if (parent_of(doc, tokens) == nullptr) {
    throw OpFailure{"replace operation does not apply: doc is missing path: " + path + ": missing value"};
  }
  json* target = find(doc, tokens);
  if (target == nullptr) {
    throw OpFailure{"replace operation does not apply: doc is missing key: " + path + ": missing value"};
  }
  *target = std::move(value);
}

void test(json& doc, const std::string& path, const json& value) {
  std::vector<std::string> tokens = pointer_or_fail(path, "test", "path");
  json* target = find(doc, tokens);
  // A missing member tests equal to null, as upstream's library treats it.
  bool equal = target == nullptr ? value.is_null() : *target == value;
  if (!equal) throw OpFailure{"testing value " + path + " failed: test failed"};
}

std::string string_member(const json& op, const char* name, const std::string& kind) {
  auto it = op.find(name);
  if (it == op.end() || !it->is_string()) {
    throw OpFailure{kind + " operation failed to decode " + (std::string(name) == "from" ? "from" : "path") +
                    ": missing value"};
  }
  return it->get<std::string>();
}

json value_member(const json& op) {
  auto it = op.find("value");
  if (it == op.end()) throw OpFailure{"operation, missing value field: missing value"};
  return *it;
}

void apply_one(json& doc, const json& op) {
  auto kind_it = op.find("op");
  std::string kind = kind_it != op.end() && kind_it->is_string() ? kind_it->get<std::string>() : "unknown";
  if (kind == "add") {
    add(doc, string_member(op, "path", kind), value_member(op));
  } else if (kind == "remove") {
    remove(doc, string_member(op, "path", kind));
  } else if (kind == "replace") {
    replace(doc, string_member(op, "path", kind), value_member(op));
  } else if (kind == "move") {
    std::string from = string_member(op, "from", kind);
    std::string path = string_member(op, "path", kind);
    std::vector<std::string> from_tokens = pointer_or_fail(from, kind, "from path");
    if (find(doc, from_tokens) == nullptr) {
      throw OpFailure{"move operation does not apply: doc is missing from path: " + from + ": missing value"};
    }
    if (path != from && path.rfind(from + "/", 0) == 0) {
      throw OpFailure{"move operation does not apply: path " + path + " is inside from path " + from};
    }
    json value = remove(doc, from);
    add(doc, path, std::move(value));
  } else if (kind == "copy") {
    std::string from = string_member(op, "from", kind);
    std::string path = string_member(op, "path", kind);
    json* source = find(doc, pointer_or_fail(from, kind, "from path"));
    if (source == nullptr) {
      throw OpFailure{"copy operation does not apply: doc is missing from path: " + from + ": missing value"};
    }
    add(doc, path, *source);
  } else if (kind == "test") {
    test(doc, string_member(op, "path", kind), value_member(op));
  } else {
    throw OpFailure{"Unexpected kind: " + kind};
  }
}

}  // namespace

PatchResult apply_json_patch(const json& original, std::string_view body) {
  json ops = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (ops.is_discarded()) return bad_request("invalid JSON in patch body");
  if (!ops.is_array()) {
    return bad_request(std::string("json: cannot unmarshal ") + ops.type_name() +
                       " into Go value of type jsonpatch.Patch");
  }
  for (const json& op : ops) {
    if (!op.is_object()) {
      return bad_request(std::string("json: cannot unmarshal ") + op.type_name() +
                         " into Go value of type jsonpatch.Operation");
    }
  }
  if (ops.size() > kMaxJsonPatchOperations) {
    return too_large("The allowed maximum operations in a JSON patch is " + std::to_string(kMaxJsonPatchOperations) +
                     ", got " + std::to_string(ops.size()));
  }
  json doc = original;
  try {
    for (const json& op : ops) apply_one(doc, op);
  } catch (const OpFailure& failure) {
    return unprocessable(failure.message);
  }
  return doc;
}

}  // namespace kapi::registry::patch
