// The garbage collector's view of ownerReferences (upstream's GraphBuilder, kept implicit): the
// shared informers of every monitored resource (metadata informers: cached objects may hold
// only apiVersion, kind and metadata), each indexed by owner uid, answer "who are the
// dependents of uid X"; an object's own ownerReferences answer "who are its owners". Work items
// are "<resource>|<namespace>/<name>" keys.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "client/informer.h"
#include "controllers/common/served_resources.h"
#include "controllers/shared_informers.h"

namespace kapi::controllers::gc {

using client::json;
using client::ObjectPtr;

inline constexpr const char* kOrphanFinalizer = "orphan";
inline constexpr const char* kForegroundFinalizer = "foregroundDeletion";

struct Monitored {
  const ServedResource* served;
  client::Informer* informer;
};

struct Dependent {
  const Monitored* monitored;
  ObjectPtr object;
};

class OwnerGraph {
 public:
  // Every served resource but events (upstream's GC ignores them).
  explicit OwnerGraph(SharedInformers& informers);

  const std::vector<Monitored>& monitored() const { return monitored_; }
  const Monitored* find(const std::string& resource) const;

  // Cached objects with an ownerReferences entry naming `uid`.
  std::vector<Dependent> dependents_of(const std::string& uid) const;

  static std::string key(const Monitored& m, const json& obj);
  // The key of the owner a reference of `dependent` names, if its kind is monitored.
  std::optional<std::string> owner_key(const json& dependent, const json& ref) const;
  // {resource, namespace/name} of a key.
  static std::pair<std::string, std::string> split_key(const std::string& key);

 private:
  std::vector<Monitored> monitored_;
};

// Reading objects.
std::vector<json> owner_references(const json& obj);
bool has_finalizer(const json& obj, const char* name);
bool being_deleted(const json& obj);
std::string uid_of(const json& obj);

}  // namespace kapi::controllers::gc
