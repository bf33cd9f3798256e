// Strategic merge patch: merging lists and ordering the result.
//
// Order rule (upstream's): items named by the patch come in the patch's order (or the
// $setElementOrder list's), items only on the server keep their relative order, and a server-only
// item stays in front of a patch item when it was in front of it in the original list.
// Worked example, original [a b c d], patch [d' b'] (merge by name):
//   merged = [a b' c d'];  patch items in patch order: [d' b'];  server-only: [a c]
//   a vs d': a is before d in the original -> a;  c vs d': c before d -> c;  then d' b'
//   result [a c d' b']
#include <algorithm>
#include <optional>
#include <vector>

#include "registry/patch/smp_internal.h"

namespace kapi::registry::patch::smp {
namespace {

enum class ElementKind { kNone, kObject, kString, kNumber, kBoolean, kNull };

// All elements of both lists must be of one kind; lists of lists are refused, as upstream.
ElementKind element_kind(const json& a, const json& b) {
  ElementKind kind = ElementKind::kNone;
  for (const json* list : {&a, &b}) {
    for (const json& v : *list) {
      if (v.is_array()) throw Failure{unprocessable("lists of lists are not supported")};
      ElementKind k = v.is_object()    ? ElementKind::kObject
                      : v.is_string()  ? ElementKind::kString
                      : v.is_number()  ? ElementKind::kNumber
                      : v.is_boolean() ? ElementKind::kBoolean
                                       : ElementKind::kNull;
      if (kind != ElementKind::kNone && k != kind) {
        throw Failure{internal("list element types are not identical: " + show(a) + " " + show(b))};
      }
      kind = k;
    }
  }
  return kind;
}

const json& merge_key_value(const json& item, const std::string& merge_key) {
  if (!item.is_object()) throw Failure{internal("value for key " + merge_key + " is not a map")};
  auto it = item.find(merge_key);
  if (it == item.end()) {
    throw Failure{internal("map: " + show(item) + " does not contain declared merge key: " + merge_key)};
  }
  return *it;
}

// What identifies an item: its merge key's value for objects, the value itself for scalars.
std::optional<json> identity(const json& item, const std::string& merge_key) {
  if (merge_key.empty() || !item.is_object()) return item;
  auto it = item.find(merge_key);
  if (it == item.end()) return std::nullopt;
  return *it;
}

// Position of `item` in `list` by identity, or -1.
long position(const json& list, const json& item, const std::string& merge_key) {
  std::optional<json> id = identity(item, merge_key);
  if (!id) return -1;
  for (size_t i = 0; i < list.size(); ++i) {
    std::optional<json> other = identity(list[i], merge_key);
    if (other && *other == *id) return static_cast<long>(i);
  }
  return -1;
}

// Items found in `order` sorted by their position there; the rest after them, as they were.
json sort_by(const json& items, const json& order, const std::string& merge_key) {
  std::vector<std::pair<long, const json*>> found;
  json rest = json::array();
  for (const json& item : items) {
    long pos = position(order, item, merge_key);
    if (pos >= 0) {
      found.emplace_back(pos, &item);
    } else {
      rest.push_back(item);
    }
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& l, const auto& r) { return l.first < r.first; });
  json out = json::array();
  for (const auto& [pos, item] : found) out.push_back(*item);
  for (json& item : rest) out.push_back(std::move(item));
  return out;
}

// Merges two ordered lists (see the worked example at the top of this file).
json interleave(const json& server_only, const json& patch_items, const json& server_order,
                const std::string& merge_key) {
  json out = json::array();
  size_t i = 0, j = 0;
  while (i < server_only.size() && j < patch_items.size()) {
    long li = position(server_order, server_only[i], merge_key);
    long ri = position(server_order, patch_items[j], merge_key);
    if (li >= 0 && ri >= 0 && li < ri) {
      out.push_back(server_only[i++]);
    } else {
      out.push_back(patch_items[j++]);
    }
  }
  while (i < server_only.size()) out.push_back(server_only[i++]);
  while (j < patch_items.size()) out.push_back(patch_items[j++]);
  return out;
}

// Splits `merged` into the items `named` names and the others; both keep merged's order.
std::pair<json, json> partition(const json& merged, const json& named, const std::string& merge_key) {
  json in = json::array(), out = json::array();
  for (const json& item : merged) {
    if (!merge_key.empty() && item.is_object()) merge_key_value(item, merge_key);
    (position(named, item, merge_key) >= 0 ? in : out).push_back(item);
  }
  return {std::move(in), std::move(out)};
}

json normalize_order(const json& merged, const json& patch_order, const json& server_order,
                     const std::string& merge_key) {
  auto [patch_items, server_only] = partition(merged, patch_order, merge_key);
  return interleave(sort_by(server_only, server_order, merge_key), sort_by(patch_items, patch_order, merge_key),
                    server_order, merge_key);
}

// Applies the directive items of a merge list: deletions by merge key, and `replace`.
// Returns the items that remain to be merged; `original` loses the deleted items.
json take_directive_items(json& original, const json& patch, const std::string& merge_key, bool& replace) {
  json plain = json::array();
  for (const json& item : patch) {
    auto d = item.find(std::string(kDirective));
    if (d == item.end()) {
      plain.push_back(item);
    } else if (*d == "delete") {
      const json& key = merge_key_value(item, merge_key);
      json kept = json::array();
      for (json& o : original) {
        if (!(o.is_object() && o.contains(merge_key) && o[merge_key] == key)) kept.push_back(std::move(o));
      }
      original = std::move(kept);
    } else if (*d == "replace") {
      replace = true;
    } else if (*d == "merge") {
      throw Failure{internal("merging lists cannot yet be specified in the patch")};
    } else {
      throw Failure{internal("unknown patch type: " + show(*d) + " in map: " + show(item))};
    }
  }
  return plain;
}

}  // namespace

json merge_list(json original, json patch, const FieldMeta& meta, bool delete_list) {
  if (original.empty() && patch.empty()) return original;
  const std::string& key = meta.merge_key;

  if (element_kind(original, patch) != ElementKind::kObject) {
    if (delete_list) {
      json kept = json::array();
      for (json& v : original) {
        if (std::find(patch.begin(), patch.end(), v) == patch.end()) kept.push_back(std::move(v));
      }
      return kept;
    }
    json merged = json::array();  // a set: original then new values, first occurrence wins
    for (const json* list : {&original, &patch}) {
      for (const json& v : *list) {
        if (std::find(merged.begin(), merged.end(), v) == merged.end()) merged.push_back(v);
      }
    }
    return normalize_order(merged, patch, original, "");
  }

  if (key.empty()) throw Failure{internal("cannot merge lists without merge key for Struct")};
  bool replace = false;
  json items = take_directive_items(original, patch, key, replace);
  if (replace) {
    original = std::move(items);
    for (json& item : original) clean_new_value(item);
    items = json::array();
  }
  json merged = original;
  for (json& item : items) {
    const json& id = merge_key_value(item, key);
    auto match = std::find_if(merged.begin(), merged.end(), [&](const json& o) {
      if (!o.is_object()) throw Failure{internal("value for key " + key + " is not a map")};
      auto k = o.find(key);
      return k != o.end() && *k == id;
    });
    if (match != merged.end()) {
      *match = merge_map(std::move(*match), item, meta.type);
    } else {
      json fresh = item;
      clean_new_value(fresh);
      merged.push_back(std::move(fresh));
    }
  }
  return normalize_order(merged, items, original, key);
}

json order_by_set_element_order(const json& merged, const json& order, const json& original,
                                const json& patch, const std::string& merge_key) {
  if (original.empty() && patch.empty()) return merged;
  element_kind(original, patch);  // same checks as a merge
  return normalize_order(merged, order, original, merge_key);
}

void validate_set_element_order(const json& patch_list, const json& order, const std::string& merge_key) {
  if (patch_list.empty() || order.empty()) return;
  std::vector<const json*> items;
  for (const json& item : patch_list) {
    bool is_delete = !merge_key.empty() && item.is_object() && item.value(std::string(kDirective), json()) == "delete";
    if (!is_delete) items.push_back(&item);
  }
  size_t p = 0, s = 0;
  while (p < items.size() && s < order.size()) {
    const json& item = *items[p];
    if (item.is_object() && item.contains(std::string(kDirective))) {
      ++p;
      continue;
    }
    bool same = merge_key.empty() ? item == order[s]
                                  : merge_key_value(item, merge_key) == merge_key_value(order[s], merge_key);
    if (same) ++p;
    ++s;
  }
  if (p < items.size()) {
    throw Failure{internal("The order in patch list:\n" + show(patch_list) + "\n doesn't match " +
                           std::string(kSetElementOrder) + " list:\n" + show(order) + "\n")};
  }
}

}  // namespace kapi::registry::patch::smp
