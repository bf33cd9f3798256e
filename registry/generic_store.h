// The one REST store every resource is served by (upstream's genericregistry.Store): CRUD, lists
// with selectors and pagination, watches, patches, preconditions, finalizers and dry-run live
// here once; what differs per resource comes from its Strategy. Objects are JSON; stored bytes
// are handed back as they are, so reads need not parse.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "admission/admission.h"
#include "registry/api_error.h"
#include "registry/resource_info.h"
#include "registry/strategy.h"
#include "registry/watch_stream.h"
#include "storage/store.h"

namespace kapi::openapi {
class Schema;
}  // namespace kapi::openapi

namespace kapi::registry {

struct ListQuery {
  std::string label_selector;
  std::string field_selector;
  int64_t limit = 0;
  std::string continue_token;
  std::string resource_version;        // "" latest, "0" any, N
  std::string resource_version_match;  // "", "Exact", "NotOlderThan"
};

struct ListPage {
  std::vector<storage::Bytes> items;
  storage::Revision revision = 0;
  std::string continue_token;
  std::optional<int64_t> remaining;
};

struct WatchQuery {
  std::string label_selector;
  std::string field_selector;
  std::string resource_version;
  std::string resource_version_match;
  bool send_initial_events = false;    // WatchList: ADDED for current state, then a bookmark
  bool allow_bookmarks = false;
};

struct WriteOptions {
  WriteOptions() = default;
  WriteOptions(bool dry, std::string sub) : dry_run(dry), subresource(std::move(sub)) {}

  bool dry_run = false;
  std::string subresource;             // "", "status" or "finalize" (namespaces: spec.finalizers)
  // Who writes, for metadata.managedFields (registry/apply/): the request's fieldManager, else
  // its User-Agent's product. Empty: the write is not recorded.
  std::string field_manager;
  bool force = false;                  // server-side apply: take conflicting fields
};

struct DeleteOptions {
  bool dry_run = false;
  std::optional<std::string> precondition_uid;
  std::optional<std::string> precondition_resource_version;
  std::optional<int64_t> grace_period_seconds;
  std::string propagation_policy;      // "", "Orphan", "Background", "Foreground"
  std::optional<bool> orphan_dependents;  // the legacy form of Orphan (true) / Background (false)
};

enum class PatchType { kJson, kMerge, kStrategicMerge, kApply };

struct Written {
  storage::Bytes object;
  bool created = false;                // PUT that created (201)
};

struct Deleted {
  storage::Bytes object;               // the final state (deletion revision) or the pending object
  bool deleted_now = false;            // false: finalizers keep it, deletionTimestamp set
};

class GenericStore {
 public:
  GenericStore(ResourceInfo info, std::shared_ptr<const Strategy> strategy, storage::StorePtr store,
               std::shared_ptr<const admission::Chain> admission);

  const ResourceInfo& info() const { return info_; }
  const Strategy& strategy() const { return *strategy_; }

  ApiResult<storage::Bytes> get(const std::string& ns, const std::string& name) const;
  ApiResult<ListPage> list(const std::string& ns, const ListQuery& query) const;
  ApiResult<storage::Bytes> create(const std::string& ns, json obj, const WriteOptions& options) const;
  // create() for a caller that must not block (an HTTP network thread): `done` gets what
  // create() returns, once: at once when the create is settled before the store (refused, dry
  // run), else from the thread that commits the write, after it is durable (see
  // storage::Store::create_async). Keep `done` short.
  using CreateDone = std::function<void(ApiResult<storage::Bytes>)>;
  void create_async(const std::string& ns, json obj, const WriteOptions& options, CreateDone done) const;
  ApiResult<Written> update(const std::string& ns, const std::string& name, json obj,
                            const WriteOptions& options) const;
  ApiResult<Written> patch(const std::string& ns, const std::string& name, PatchType type,
                           std::string_view body, const WriteOptions& options) const;
  ApiResult<Deleted> remove(const std::string& ns, const std::string& name,
                            const DeleteOptions& options) const;
  ApiResult<ListPage> delete_collection(const std::string& ns, const ListQuery& query,
                                        const DeleteOptions& options) const;
  ApiResult<WatchStreamPtr> watch(const std::string& ns, const WatchQuery& query) const;

  // The object an update writes, computed from the stored one on each compare-and-swap attempt
  // (subresources such as scale write through this).
  using Mutation = std::function<ApiResult<json>(const json& current)>;
  ApiResult<Written> update_with(const std::string& ns, const std::string& name,
                                 const Mutation& mutate, const WriteOptions& options) const {
    return guaranteed_update(ns, name, mutate, options, std::nullopt);
  }

  // The Status a DELETE answers with when the strategy does not return the object.
  json deleted_status(const json& obj) const;

  // The kind's definition in the schema model (patch keys, list types, known fields), looked up
  // once; nullptr for a kind without one.
  const openapi::Schema* kind_schema() const;

 private:
  ApiResult<Written> guaranteed_update(const std::string& ns, const std::string& name,
                                       const Mutation& mutate, const WriteOptions& options,
                                       std::optional<json> create_if_missing) const;
  // Everything a create does before its store write, to `obj`: defaults, server-owned metadata,
  // validation, managedFields, admission. Returns the answer when that settles the create (an
  // error, or a dry run's object), nothing when `obj` is to be written.
  std::optional<ApiResult<storage::Bytes>> prepare_create(const std::string& ns, json& obj,
                                                          const WriteOptions& options) const;
  std::optional<ApiError> check_metadata(const json& obj, bool creating) const;
  std::optional<ApiError> check_kind(const json& obj) const;
  // What a DELETE does to the stored object `obj`: mark it (deletionTimestamp, grace,
  // propagation finalizers) or remove it; see remove().
  enum class DeleteStep { kRemove, kWrite, kKeep };
  ApiResult<DeleteStep> plan_delete(json& obj, const DeleteOptions& options) const;
  ApiResult<storage::Bytes> finish_delete(const std::string& key, const json& obj,
                                          storage::Revision expected) const;
  ApiError from_storage(const storage::Error& error, const std::string& name) const;
  ApiResult<Written> apply(const std::string& ns, const std::string& name, std::string_view body,
                           const WriteOptions& options) const;
  void record_write(json& obj, const json& old, const WriteOptions& options) const;

  ResourceInfo info_;
  std::shared_ptr<const Strategy> strategy_;
  storage::StorePtr store_;
  std::shared_ptr<const admission::Chain> admission_;
  mutable std::atomic<const openapi::Schema*> kind_schema_{nullptr};
};

// The stored form of an object: its JSON with a slot where the store writes the revision as
// metadata.resourceVersion.
storage::WriteValue encode_for_storage(json obj);

}  // namespace kapi::registry
