#include "client/object_cache.h"

#include "registry/object_meta.h"

namespace kapi::client {

std::string object_key(const std::string& ns, const std::string& name) {
  return ns.empty() ? name : ns + "/" + name;
}

std::string object_key(const json& obj) {
  return object_key(registry::meta_string(obj, "namespace"), registry::meta_string(obj, "name"));
}

std::pair<std::string, std::string> split_object_key(const std::string& key) {
  auto slash = key.find('/');
  if (slash == std::string::npos) return {"", key};
  return {key.substr(0, slash), key.substr(slash + 1)};
}

std::vector<std::string> index_by_namespace(const json& obj) {
  std::string ns = registry::meta_string(obj, "namespace");
  if (ns.empty()) return {};
  return {ns};
}

std::vector<std::string> index_by_owner_uid(const json& obj) {
  std::vector<std::string> uids;
  const json* owners = registry::meta_field(obj, "ownerReferences");
  if (!owners || !owners->is_array()) return uids;
  for (const auto& owner : *owners) {
    if (owner.is_object() && owner.contains("uid") && owner["uid"].is_string())
      uids.push_back(owner["uid"].get<std::string>());
  }
  return uids;
}

std::vector<std::string> index_by_node_name(const json& obj) {
  auto spec = obj.find("spec");
  if (spec == obj.end() || !spec->is_object()) return {};
  auto node = spec->find("nodeName");
  if (node == spec->end() || !node->is_string() || node->get<std::string>().empty()) return {};
  return {node->get<std::string>()};
}

void ObjectCache::add_index(const std::string& name, IndexFunc func) {
  std::lock_guard lock(mu_);
  Index& index = indexes_[name];
  index.func = std::move(func);
  index.keys_by_value.clear();
  for (const auto& [key, obj] : objects_) {
    for (const auto& value : index.func(*obj)) index.keys_by_value[value].insert(key);
  }
}

void ObjectCache::file_locked(const std::string& key, const json& obj) {
  for (auto& [name, index] : indexes_) {
    for (const auto& value : index.func(obj)) index.keys_by_value[value].insert(key);
  }
}

void ObjectCache::unfile_locked(const std::string& key, const json& obj) {
  for (auto& [name, index] : indexes_) {
    for (const auto& value : index.func(obj)) {
      auto it = index.keys_by_value.find(value);
      if (it == index.keys_by_value.end()) continue;
      it->second.erase(key);
      if (it->second.empty()) index.keys_by_value.erase(it);
    }
  }
}

ObjectPtr ObjectCache::put(ObjectPtr obj) {
  std::string key = object_key(*obj);
  std::lock_guard lock(mu_);
  ObjectPtr& slot = objects_[key];
  ObjectPtr old = std::move(slot);
  if (old) unfile_locked(key, *old);
  file_locked(key, *obj);
  slot = std::move(obj);
  return old;
}

ObjectPtr ObjectCache::remove(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = objects_.find(key);
  if (it == objects_.end()) return nullptr;
  ObjectPtr old = std::move(it->second);
  objects_.erase(it);
  unfile_locked(key, *old);
  return old;
}

void ObjectCache::replace(std::vector<ObjectPtr> objects) {
  std::lock_guard lock(mu_);
  objects_.clear();
  for (auto& [name, index] : indexes_) index.keys_by_value.clear();
  for (auto& obj : objects) {
    std::string key = object_key(*obj);
    file_locked(key, *obj);
    objects_[key] = std::move(obj);
  }
}

ObjectPtr ObjectCache::get(const std::string& key) const {
  std::lock_guard lock(mu_);
  auto it = objects_.find(key);
  return it == objects_.end() ? nullptr : it->second;
}

std::vector<ObjectPtr> ObjectCache::list() const {
  std::lock_guard lock(mu_);
  std::vector<ObjectPtr> out;
  out.reserve(objects_.size());
  for (const auto& [key, obj] : objects_) out.push_back(obj);
  return out;
}

std::vector<std::string> ObjectCache::keys() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  out.reserve(objects_.size());
  for (const auto& [key, obj] : objects_) out.push_back(key);
  return out;
}

std::vector<ObjectPtr> ObjectCache::by_index(const std::string& index, const std::string& value) const {
  std::lock_guard lock(mu_);
  std::vector<ObjectPtr> out;
  auto idx = indexes_.find(index);
  if (idx == indexes_.end()) return out;
  auto keys = idx->second.keys_by_value.find(value);
  if (keys == idx->second.keys_by_value.end()) return out;
  for (const auto& key : keys->second) out.push_back(objects_.at(key));
  return out;
}

size_t ObjectCache::size() const {
  std::lock_guard lock(mu_);
  return objects_.size();
}

}  // namespace kapi::client
