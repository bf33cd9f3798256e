// The informer's local cache (client-go's thread-safe Indexer): the latest known state of each
// object, keyed "namespace/name" ("name" when cluster-scoped), with secondary indexes.
//
// Objects are shared and read-only (shared_ptr<const json>): readers keep what they got even
// after the cache moves on, and must copy before changing anything.
//
// An index is a function from an object to the values it is filed under (none, one or many):
// by_index("namespace", "default") is every cached object in namespace default.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "client/client.h"

namespace kapi::client {

using ObjectPtr = std::shared_ptr<const json>;
using IndexFunc = std::function<std::vector<std::string>(const json&)>;

// "namespace/name", or "name" for an object without a namespace.
std::string object_key(const json& obj);
std::string object_key(const std::string& ns, const std::string& name);
// The inverse of object_key: {namespace, name}.
std::pair<std::string, std::string> split_object_key(const std::string& key);

// Built-in index functions.
inline constexpr const char* kNamespaceIndex = "namespace";
inline constexpr const char* kOwnerUidIndex = "owner-uid";
inline constexpr const char* kNodeNameIndex = "node-name";
std::vector<std::string> index_by_namespace(const json& obj);
std::vector<std::string> index_by_owner_uid(const json& obj);   // each ownerReferences[].uid
std::vector<std::string> index_by_node_name(const json& obj);   // spec.nodeName when set

class ObjectCache {
 public:
  // Adds an index (and files what is already cached under it). Replaces one of the same name.
  void add_index(const std::string& name, IndexFunc func);

  // Returns the object it replaced, if any.
  ObjectPtr put(ObjectPtr obj);
  // Returns the object removed, if any.
  ObjectPtr remove(const std::string& key);
  // Swaps in a whole new content (a re-list).
  void replace(std::vector<ObjectPtr> objects);

  ObjectPtr get(const std::string& key) const;
  ObjectPtr get(const std::string& ns, const std::string& name) const { return get(object_key(ns, name)); }
  std::vector<ObjectPtr> list() const;
  std::vector<std::string> keys() const;
  std::vector<ObjectPtr> by_index(const std::string& index, const std::string& value) const;
  size_t size() const;

 private:
  struct Index {
    IndexFunc func;
    std::unordered_map<std::string, std::set<std::string>> keys_by_value;
  };
  void file_locked(const std::string& key, const json& obj);
  void unfile_locked(const std::string& key, const json& obj);

  mutable std::mutex mu_;
  std::map<std::string, ObjectPtr> objects_;  // ordered: lists come out sorted by key
  std::map<std::string, Index> indexes_;
};

}  // namespace kapi::client
