// The garbage collector (upstream's pkg/controller/garbagecollector, CONTROLLERS.md §5).
//
// One queue of "<resource>|<namespace>/<name>" keys; a sync reads the object live and:
// - deleting with the `orphan` finalizer: strips this owner's refs from its dependents, then
//   removes the finalizer;
// - deleting with `foregroundDeletion`: queues its dependents (they get deleted, their owner
//   now "waiting"), and once no dependent with blockOwnerDeletion is left removes the finalizer;
// - with ownerReferences: classifies each owner by a live GET (kind + name + namespace, and the
//   uid must match): solid, dangling (absent) or waiting (foreground-deleting). A solid owner
//   keeps the object (dangling and waiting refs are patched out); otherwise the object is
//   deleted (Foreground when an owner waits and it has dependents itself, else as its own
//   finalizers say, else Background).
// Informer events queue: objects whose refs or deletion state change, the dependents of
// anything deleted (they may be dangling now) and the owners of anything deleted or unlinked
// (a foreground owner may be unblocked). The initial list queues every object with owners, so
// owners deleted while kapi was down are noticed. An ownership cycle under foreground deletion
// is broken as upstream: a dependent that would wait on an owner waiting on it unblocks its refs.
#include <set>

#include "client/controller_runner.h"
#include "controllers/common/update_with_retry.h"
#include "controllers/factories.h"
#include "controllers/garbagecollector/owner_graph.h"

namespace kapi::controllers {

namespace {

using gc::Dependent;
using gc::Monitored;
using gc::OwnerGraph;
using client::json;
using client::ObjectPtr;

constexpr auto kBlockedRecheck = std::chrono::seconds(5);

std::optional<std::string> failure(const client::ApiError& error) { return describe(error); }

class GarbageCollector : public Controller {
 public:
  explicit GarbageCollector(ControllerContext& context)
      : client_(context.client_for("generic-garbage-collector")),
        graph_(*context.informers),
        queue_("garbagecollector", context.clock),
        runner_(queue_, [this](const std::string& key) { return sync(key); }),
        workers_(context.options.workers) {
    for (const auto& m : graph_.monitored()) {
      const Monitored* monitored = &m;
      m.informer->add_handlers({[this, monitored](const ObjectPtr& obj) { on_add(*monitored, *obj); },
                                [this, monitored](const ObjectPtr& old_obj, const ObjectPtr& obj) {
                                  on_update(*monitored, *old_obj, *obj);
                                },
                                [this, monitored](const ObjectPtr& obj) { on_delete(*monitored, *obj); },
                                // Most objects have no owners: their adds are not even queued.
                                [](const json& obj) { return wants_add(obj); }});
      m.informer->add_relist_hook([this] { requeue_owned(); });
    }
  }
  ~GarbageCollector() override { stop(); }

  void start() override { runner_.start(workers_); }
  void stop() override { runner_.stop(); }

 private:
  static bool handled_deletion(const json& obj) {
    return gc::being_deleted(obj) &&
           (gc::has_finalizer(obj, gc::kOrphanFinalizer) || gc::has_finalizer(obj, gc::kForegroundFinalizer));
  }

  // An added object needs a sync only if it has owners or its deletion waits for the GC.
  static bool wants_add(const json& obj) { return !gc::owner_references(obj).empty() || handled_deletion(obj); }

  // A monitored informer listed again after its watch lost its place: an owner deleted
  // meanwhile may go unreported (a sparse informer never cached it), so every cached object
  // with owners is looked at again, as after the first list.
  void requeue_owned() {
    for (const auto& m : graph_.monitored())
      for (const auto& obj : m.informer->cache().list())
        if (!gc::owner_references(*obj).empty()) queue_.add(OwnerGraph::key(m, *obj));
  }

  // Only adds wants_add let through (the listener's add filter) come here.
  void on_add(const Monitored& m, const json& obj) { queue_.add(OwnerGraph::key(m, obj)); }

  void on_update(const Monitored& m, const json& old_obj, const json& obj) {
    auto old_refs = gc::owner_references(old_obj);
    bool refs_changed = old_refs != gc::owner_references(obj);
    bool deletion_changed = gc::being_deleted(old_obj) != gc::being_deleted(obj) ||
                            old_obj["metadata"].value("finalizers", json()) != obj["metadata"].value("finalizers", json());
    if (refs_changed || deletion_changed) on_add(m, obj);
    if (refs_changed || handled_deletion(obj)) queue_owners(old_obj, old_refs);
  }

  void on_delete(const Monitored&, const json& obj) {
    for (const auto& dependent : graph_.dependents_of(gc::uid_of(obj)))
      queue_.add(OwnerGraph::key(*dependent.monitored, *dependent.object));
    queue_owners(obj, gc::owner_references(obj));
  }

  void queue_owners(const json& dependent, const std::vector<json>& refs) {
    for (const auto& ref : refs)
      if (auto key = graph_.owner_key(dependent, ref)) queue_.add(*key);
  }

  std::optional<std::string> sync(const std::string& key) {
    auto [resource, object_key] = OwnerGraph::split_key(key);
    const Monitored* m = graph_.find(resource);
    if (!m) return std::nullopt;
    auto [ns, name] = client::split_object_key(object_key);
    auto live = client_->get(m->served->resource, ns, name);
    if (!live.ok()) return live.error().code == 404 ? std::nullopt : failure(live.error());
    const json& obj = live.value();
    if (gc::being_deleted(obj)) {
      if (gc::has_finalizer(obj, gc::kOrphanFinalizer)) return orphan_dependents(*m, obj);
      if (!gc::has_finalizer(obj, gc::kForegroundFinalizer)) return std::nullopt;  // someone else's deletion
      if (auto err = delete_dependents_first(*m, key, obj)) return err;
    }
    if (gc::owner_references(obj).empty()) return std::nullopt;
    return collect_if_unowned(*m, obj);
  }

  // Orphan: this owner's refs leave its dependents, then the owner may go.
  std::optional<std::string> orphan_dependents(const Monitored& m, const json& owner) {
    const std::string uid = gc::uid_of(owner);
    for (const auto& dependent : graph_.dependents_of(uid))
      if (auto err = remove_owner_refs(*dependent.monitored, *dependent.object, {uid})) return err;
    return remove_finalizer(m, owner, gc::kOrphanFinalizer);
  }

  // Foreground: the dependents go (their sync sees this owner waiting); the owner goes once
  // none that blocks its deletion is left.
  std::optional<std::string> delete_dependents_first(const Monitored& m, const std::string& key, const json& owner) {
    const std::string uid = gc::uid_of(owner);
    bool blocked = false;
    for (const auto& dependent : graph_.dependents_of(uid)) {
      queue_.add(OwnerGraph::key(*dependent.monitored, *dependent.object));
      for (const auto& ref : gc::owner_references(*dependent.object))
        if (ref.value("uid", "") == uid && ref.value("blockOwnerDeletion", false) == true) blocked = true;
    }
    if (blocked) {
      // The dependents' deletions queue this owner again; the recheck covers a missed one.
      queue_.add_after(key, kBlockedRecheck);
      return std::nullopt;
    }
    return remove_finalizer(m, owner, gc::kForegroundFinalizer);
  }

  enum class OwnerState { kSolid, kDangling, kWaiting };

  // upstream's isDangling: a live read; a different uid under the same name is another object.
  client::ApiResult<OwnerState> owner_state(const json& dependent, const json& ref) {
    const ServedResource* owner = find_served_kind(ref.value("apiVersion", ""), ref.value("kind", ""));
    if (!owner) return OwnerState::kSolid;  // a kind we cannot look up is never taken as gone
    std::string dependent_ns = dependent["metadata"].value("namespace", "");
    if (owner->namespaced && dependent_ns.empty()) return OwnerState::kDangling;
    auto live = client_->get(owner->resource, owner->namespaced ? dependent_ns : "", ref.value("name", ""));
    if (!live.ok()) {
      if (live.error().code == 404) return OwnerState::kDangling;
      return live.error();
    }
    if (gc::uid_of(live.value()) != ref.value("uid", "")) return OwnerState::kDangling;
    if (gc::being_deleted(live.value()) && gc::has_finalizer(live.value(), gc::kForegroundFinalizer))
      return OwnerState::kWaiting;
    return OwnerState::kSolid;
  }

  std::optional<std::string> collect_if_unowned(const Monitored& m, const json& obj) {
    bool solid = false;
    std::set<std::string> unlink;  // dangling and waiting owners' uids
    bool waiting = false;
    for (const auto& ref : gc::owner_references(obj)) {
      auto state = owner_state(obj, ref);
      if (!state.ok()) return failure(state.error());
      if (*state == OwnerState::kSolid) solid = true;
      else unlink.insert(ref.value("uid", ""));
      if (*state == OwnerState::kWaiting) waiting = true;
    }
    if (solid) return unlink.empty() ? std::nullopt : remove_owner_refs(m, obj, unlink);

    std::string policy = "Background";
    const auto dependents = graph_.dependents_of(gc::uid_of(obj));
    if (waiting && !dependents.empty()) {
      policy = "Foreground";
      // A dependent that is itself deleting its dependents first may be one of our owners: in
      // an ownership cycle each would wait for the other forever. As upstream, our refs stop
      // blocking before we wait (its detection has the same false positives: it costs only
      // the ordering, never a deletion).
      for (const auto& dependent : dependents)
        if (gc::being_deleted(*dependent.object) && gc::has_finalizer(*dependent.object, gc::kForegroundFinalizer)) {
          if (auto err = unblock_owner_refs(m, obj)) return err;
          break;
        }
    } else if (gc::has_finalizer(obj, gc::kOrphanFinalizer)) policy = "Orphan";
    else if (gc::has_finalizer(obj, gc::kForegroundFinalizer)) policy = "Foreground";
    client::DeleteOptions options;
    options.precondition_uid = gc::uid_of(obj);
    options.propagation_policy = policy;
    auto deleted = client_->remove(m.served->resource, obj["metadata"].value("namespace", ""),
                                   obj["metadata"].value("name", ""), options);
    // 404: gone already; 409: the uid precondition failed, a new object took the name.
    if (!deleted.ok() && deleted.error().code != 404 && deleted.error().code != 409) return failure(deleted.error());
    return std::nullopt;
  }

  // Rewrites the live object without the refs to `uids` (re-read on conflict).
  std::optional<std::string> remove_owner_refs(const Monitored& m, const json& cached, const std::set<std::string>& uids) {
    const std::string ns = cached["metadata"].value("namespace", "");
    const std::string name = cached["metadata"].value("name", "");
    const std::string uid = gc::uid_of(cached);
    return rewrite(m, ns, name, uid, [&uids](json& obj) {
      json kept = json::array();
      bool changed = false;
      for (const auto& ref : gc::owner_references(obj)) {
        if (uids.count(ref.value("uid", ""))) changed = true;
        else kept.push_back(ref);
      }
      if (!changed) return false;
      if (kept.empty()) obj["metadata"].erase("ownerReferences");
      else obj["metadata"]["ownerReferences"] = kept;
      return true;
    });
  }

  // Sets blockOwnerDeletion false on every ref of the live object.
  std::optional<std::string> unblock_owner_refs(const Monitored& m, const json& cached) {
    return rewrite(m, cached["metadata"].value("namespace", ""), cached["metadata"].value("name", ""),
                   gc::uid_of(cached), [](json& obj) {
                     bool changed = false;
                     json& meta = obj["metadata"];
                     if (!meta.contains("ownerReferences") || !meta["ownerReferences"].is_array()) return false;
                     for (auto& ref : meta["ownerReferences"])
                       if (ref.value("blockOwnerDeletion", false) == true) {
                         ref["blockOwnerDeletion"] = false;
                         changed = true;
                       }
                     return changed;
                   });
  }

  std::optional<std::string> remove_finalizer(const Monitored& m, const json& obj, const char* finalizer) {
    return rewrite(m, obj["metadata"].value("namespace", ""), obj["metadata"].value("name", ""), gc::uid_of(obj),
                   [finalizer](json& o) {
                     if (!gc::has_finalizer(o, finalizer)) return false;
                     json kept = json::array();
                     for (const auto& f : o["metadata"]["finalizers"])
                       if (f != finalizer) kept.push_back(f);
                     o["metadata"]["finalizers"] = kept;
                     return true;
                   });
  }

  // Read-modify-write of one object, as long as it is the same object (uid).
  template <typename Change>
  std::optional<std::string> rewrite(const Monitored& m, const std::string& ns, const std::string& name,
                                     const std::string& uid, Change change) {
    if (auto err = update_with_retry(*client_, m.served->resource, ns, name, change, uid)) return failure(*err);
    return std::nullopt;
  }

  client::ClientPtr client_;
  OwnerGraph graph_;
  client::KeyQueue queue_;
  client::ControllerRunner runner_;
  int workers_;
};

}  // namespace

ControllerPtr make_garbagecollector_controller(ControllerContext& context) {
  return std::make_unique<GarbageCollector>(context);
}

}  // namespace kapi::controllers
