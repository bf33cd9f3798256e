// The API as a controller sees it: verbs on one resource (group, version, plural), JSON objects
// in and out, errors as registry::ApiError. Two implementations: InProcessClient calls the
// registry's stores directly, HttpClient talks HTTPS to any Kubernetes API server. Controllers use
// this interface only, so they run unchanged inside `kapi serve` or against a remote cluster.
//
// Implementations keep their overrides private: call them through Client, which holds the
// default arguments. Every call is thread-safe and never throws; a failure of the transport (HTTP only) comes back
// as a 503 ServiceUnavailable ApiError whose message says what failed.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "registry/api_error.h"

namespace kapi::client {

using json = registry::json;
using registry::ApiError;
template <typename T>
using ApiResult = registry::ApiResult<T>;

// A resource as URLs name it: ("apps", "v1", "statefulsets"); the core group is "".
struct Resource {
  std::string group;
  std::string version;
  std::string plural;
  std::string to_string() const { return (group.empty() ? "" : group + "/") + version + "/" + plural; }
};

// Who is calling: the user name the API sees (in-process), e.g.
// "system:serviceaccount:kube-system:statefulset-controller", and its groups.
struct Identity {
  std::string user;
  std::vector<std::string> groups;
};

struct ListOptions {
  std::string label_selector;
  std::string field_selector;
  int64_t limit = 0;                   // 0: everything
  std::string continue_token;
  std::string resource_version;        // "": latest (quorum read); "0": any; N: at or after N
  std::string resource_version_match;  // "", "Exact", "NotOlderThan"
  // Items may come back as apiVersion, kind and metadata only, less managedFields (upstream's
  // metadata client, PartialObjectMetadata): InProcessClient skips building the rest; whole
  // objects (HttpClient) are an answer too.
  bool metadata_only = false;
};

struct ObjectList {
  std::vector<json> items;
  std::string resource_version;        // the revision the list was read at
  std::string continue_token;          // non-empty: more items follow
  std::optional<int64_t> remaining;
};

struct WatchOptions {
  std::string label_selector;
  std::string field_selector;
  // Events after this revision. "" or "0": the current state first, as ADDED events.
  std::string resource_version;
  bool allow_bookmarks = true;
  bool metadata_only = false;          // as ListOptions::metadata_only, for the events' objects
  // A hint for watchers that see an object's JSON text before parsing it (the in-process one):
  // an added or modified object whose text this says true for may be left out, unparsed. Asked
  // on the thread calling next(), in event order; a watcher that skips some reports their
  // revision with a bookmark (when allow_bookmarks) so a resumed watch starts past them.
  std::function<bool(std::string_view text)> skip_object;
};

struct WriteOptions {
  bool dry_run = false;
  // create: "binding" (pods: the body is a v1 Binding naming the pod); update: "status" or
  // "finalize" (namespaces: only spec.finalizers changes).
  std::string subresource;
};

enum class PatchType { kJson, kMerge, kStrategicMerge };

struct PatchOptions {
  bool dry_run = false;
  std::string subresource;             // "" or "status"
};

struct DeleteOptions {
  bool dry_run = false;
  std::optional<std::string> precondition_uid;
  std::optional<std::string> precondition_resource_version;
  std::optional<int64_t> grace_period_seconds;
  std::string propagation_policy;      // "", "Orphan", "Background", "Foreground"
};

struct WatchEvent {
  enum class Type { kAdded, kModified, kDeleted, kBookmark, kError };
  Type type = Type::kAdded;
  json object;                         // the object; a metav1.Status for kError
};
WatchEvent::Type watch_event_type(std::string_view name);  // "ADDED" -> kAdded; unknown -> kError

// One open watch. next() blocks; stop() may be called from any thread to end it early.
class Watcher {
 public:
  virtual ~Watcher() = default;
  // The next event, or nullopt once the watch has ended (closed by the server, failed, or
  // stopped). An expired resourceVersion arrives as a kError event with a 410 Status first.
  virtual std::optional<WatchEvent> next() = 0;
  // Makes next() return nullopt as soon as possible; safe to call more than once.
  virtual void stop() = 0;
};
using WatcherPtr = std::unique_ptr<Watcher>;

class Client {
 public:
  virtual ~Client() = default;

  // `ns` is ignored ("" expected) for cluster-scoped resources.
  virtual ApiResult<json> get(const Resource& r, const std::string& ns, const std::string& name) = 0;
  virtual ApiResult<ObjectList> list(const Resource& r, const std::string& ns,
                                     const ListOptions& options) = 0;
  virtual ApiResult<json> create(const Resource& r, const std::string& ns, const json& obj,
                                 const WriteOptions& options = {}) = 0;
  // PUT: obj's metadata.resourceVersion, when set, must be current (else 409 Conflict).
  virtual ApiResult<json> update(const Resource& r, const std::string& ns, const json& obj,
                                 const WriteOptions& options = {}) = 0;
  // PUT on the status subresource: only status changes.
  virtual ApiResult<json> update_status(const Resource& r, const std::string& ns, const json& obj,
                                        const WriteOptions& options = {}) = 0;
  virtual ApiResult<json> patch(const Resource& r, const std::string& ns, const std::string& name,
                                PatchType type, std::string_view body,
                                const PatchOptions& options = {}) = 0;
  // The server's answer: the object (still there while finalizers hold it) or, once it is gone,
  // a Status (kind "Status") or the deleted object, as the resource's strategy says.
  virtual ApiResult<json> remove(const Resource& r, const std::string& ns, const std::string& name,
                                 const DeleteOptions& options = {}) = 0;
  virtual ApiResult<WatcherPtr> watch(const Resource& r, const std::string& ns,
                                      const WatchOptions& options) = 0;
};
using ClientPtr = std::shared_ptr<Client>;

// Well-known resources, so call sites do not spell strings.
namespace resources {
inline const Resource kPods{"", "v1", "pods"};
inline const Resource kNodes{"", "v1", "nodes"};
inline const Resource kNamespaces{"", "v1", "namespaces"};
inline const Resource kEvents{"", "v1", "events"};
inline const Resource kConfigMaps{"", "v1", "configmaps"};
inline const Resource kPersistentVolumes{"", "v1", "persistentvolumes"};
inline const Resource kPersistentVolumeClaims{"", "v1", "persistentvolumeclaims"};
inline const Resource kServices{"", "v1", "services"};
inline const Resource kStatefulSets{"apps", "v1", "statefulsets"};
inline const Resource kDeployments{"apps", "v1", "deployments"};
inline const Resource kReplicaSets{"apps", "v1", "replicasets"};
inline const Resource kControllerRevisions{"apps", "v1", "controllerrevisions"};
inline const Resource kStorageClasses{"storage.k8s.io", "v1", "storageclasses"};
inline const Resource kLeases{"coordination.k8s.io", "v1", "leases"};
}  // namespace resources

}  // namespace kapi::client
