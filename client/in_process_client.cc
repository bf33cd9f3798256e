#include "client/in_process_client.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>

#include "registry/core/pod_binding.h"
#include "registry/object_meta.h"
#include "registry/stored_json.h"

namespace kapi::client {

namespace {

constexpr auto kBookmarkInterval = std::chrono::seconds(60);

json parse_bytes(const storage::Bytes& bytes, bool metadata_only = false) {
  return metadata_only ? registry::parse_stored_metadata(*bytes) : registry::parse_stored_json(*bytes);
}

WatchEvent::Type from_registry(registry::WatchEvent::Type type) {
  return watch_event_type(registry::watch_event_type_name(type));
}

// A registry WatchStream as a blocking Watcher: the stream's notify callback wakes next().
class InProcessWatcher : public Watcher {
 public:
  InProcessWatcher(registry::WatchStreamPtr stream, const WatchOptions& options)
      : stream_(std::move(stream)),
        bookmarks_(options.allow_bookmarks),
        metadata_only_(options.metadata_only),
        skip_(options.skip_object) {
    stream_->set_notify([this] {
      std::lock_guard lock(mu_);
      signalled_ = true;
      cv_.notify_all();
    });
  }
  // cancel() guarantees no notify runs after it returns, so `this` may go.
  ~InProcessWatcher() override { stream_->cancel(); }

  std::optional<WatchEvent> next() override {
    while (true) {
      if (!buffer_.empty()) {
        WatchEvent event = std::move(buffer_.front());
        buffer_.pop_front();
        return event;
      }
      {
        std::lock_guard lock(mu_);
        if (stopped_) return std::nullopt;
        // Cleared before polling: a notify that races the poll below sets it again.
        signalled_ = false;
      }
      if (take(stream_->poll())) continue;
      // Ended streams still hand out what was queued before the end.
      if (stream_->ended()) {
        if (take(stream_->poll())) continue;
        return std::nullopt;
      }
      std::unique_lock lock(mu_);
      bool woken = cv_.wait_for(lock, kBookmarkInterval, [this] { return signalled_ || stopped_; });
      lock.unlock();
      // A quiet watch reports its progress now and then, as the HTTP server does, so a
      // consumer that must re-watch resumes from a recent revision.
      if (!woken && bookmarks_) {
        if (auto bookmark = stream_->bookmark()) take({std::move(*bookmark)});
      }
    }
  }

  void stop() override {
    {
      std::lock_guard lock(mu_);
      stopped_ = true;
      cv_.notify_all();
    }
    stream_->cancel();
  }

 private:
  bool take(std::vector<registry::WatchEvent> events) {
    storage::Revision skipped = 0;  // the last event left out, if no event followed it
    for (auto& event : events) {
      auto type = from_registry(event.type);
      if (skip_ && (type == WatchEvent::Type::kAdded || type == WatchEvent::Type::kModified) &&
          skip_(*event.object)) {
        skipped = event.revision;
        continue;
      }
      skipped = 0;
      // An error's Status is read whole: its code and reason are not metadata.
      buffer_.push_back({type, parse_bytes(event.object, metadata_only_ && type != WatchEvent::Type::kError)});
    }
    // A resumed watch must not replay what was skipped (nor fall behind the compactor for it).
    if (skipped > 0 && bookmarks_)
      buffer_.push_back({WatchEvent::Type::kBookmark, json{{"metadata", {{"resourceVersion", std::to_string(skipped)}}}}});
    return !events.empty();
  }

  registry::WatchStreamPtr stream_;
  const bool bookmarks_;
  const bool metadata_only_;
  const std::function<bool(std::string_view)> skip_;
  std::deque<WatchEvent> buffer_;  // only touched by the thread calling next()
  std::mutex mu_;
  std::condition_variable cv_;
  bool signalled_ = false;
  bool stopped_ = false;
};

registry::PatchType to_registry(PatchType type) {
  switch (type) {
    case PatchType::kJson: return registry::PatchType::kJson;
    case PatchType::kMerge: return registry::PatchType::kMerge;
    case PatchType::kStrategicMerge: return registry::PatchType::kStrategicMerge;
  }
  return registry::PatchType::kMerge;
}

}  // namespace

namespace {
// The field manager upstream's components write under (their User-Agent's product): the kubelet
// and the scheduler by name, every other controller as kube-controller-manager.
std::string field_manager_of(const Identity& identity) {
  const std::string& user = identity.user;
  auto ends_with = [&user](const std::string& tail) {
    return user.size() >= tail.size() && user.compare(user.size() - tail.size(), tail.size(), tail) == 0;
  };
  if (user.rfind("system:node:", 0) == 0 || ends_with(":kubelet")) return "kubelet";
  if (user == "system:kube-scheduler" || ends_with("scheduler")) return "kube-scheduler";
  if (ends_with(":local-path-provisioner")) return "local-path-provisioner";
  return "kube-controller-manager";
}
}  // namespace

InProcessClient::InProcessClient(const registry::Registry& registry, Identity identity)
    : registry_(registry), identity_(std::move(identity)), field_manager_(field_manager_of(identity_)) {}

registry::WriteOptions InProcessClient::write_options(bool dry_run, const std::string& subresource) const {
  registry::WriteOptions o{dry_run, subresource};
  o.field_manager = field_manager_;
  return o;
}

ApiResult<const registry::GenericStore*> InProcessClient::store_for(const Resource& r) const {
  if (const auto* store = registry_.find(r.group, r.version, r.plural)) return store;
  return registry::ApiError{404, "NotFound", "the server could not find the requested resource (" +
                                                 r.to_string() + ")", nullptr};
}

namespace {
// The namespace a store call takes: none for cluster-scoped resources; for namespaced writes
// without one, the object's own.
std::string store_namespace(const registry::GenericStore& store, const std::string& ns, const json* obj) {
  if (!store.info().namespaced) return "";
  if (ns.empty() && obj) return registry::meta_string(*obj, "namespace");
  return ns;
}
}  // namespace

ApiResult<json> InProcessClient::get(const Resource& r, const std::string& ns, const std::string& name) {
  auto store = store_for(r);
  if (!store.ok()) return store.error();
  auto bytes = (*store)->get(store_namespace(**store, ns, nullptr), name);
  if (!bytes.ok()) return bytes.error();
  return parse_bytes(bytes.value());
}

ApiResult<ObjectList> InProcessClient::list(const Resource& r, const std::string& ns,
                                            const ListOptions& options) {
  auto store = store_for(r);
  if (!store.ok()) return store.error();
  registry::ListQuery query{options.label_selector, options.field_selector, options.limit,
                            options.continue_token, options.resource_version,
                            options.resource_version_match};
  auto page = (*store)->list(store_namespace(**store, ns, nullptr), query);
  if (!page.ok()) return page.error();
  ObjectList out;
  out.items.reserve(page->items.size());
  for (const auto& bytes : page->items) out.items.push_back(parse_bytes(bytes, options.metadata_only));
  out.resource_version = std::to_string(page->revision);
  out.continue_token = page->continue_token;
  out.remaining = page->remaining;
  return out;
}

ApiResult<json> InProcessClient::create(const Resource& r, const std::string& ns, const json& obj,
                                        const WriteOptions& options) {
  auto store = store_for(r);
  if (!store.ok()) return store.error();
  if (options.subresource == "binding" && r.group.empty() && r.plural == "pods") {
    auto bound = registry::bind_pod(**store, store_namespace(**store, ns, &obj), "", obj, options.dry_run);
    if (!bound.ok()) return bound.error();
    return json{{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", json::object()}, {"status", "Success"}};
  }
  if (!options.subresource.empty())
    return registry::method_not_supported((*store)->info().qualified(), "create on " + options.subresource);
  auto bytes = (*store)->create(store_namespace(**store, ns, &obj), obj, {options.dry_run, ""});
  if (!bytes.ok()) return bytes.error();
  return parse_bytes(bytes.value());
}

ApiResult<json> InProcessClient::put(const Resource& r, const std::string& ns, const json& obj,
                                     bool dry_run, const std::string& subresource) {
  auto store = store_for(r);
  if (!store.ok()) return store.error();
  auto written = (*store)->update(store_namespace(**store, ns, &obj), registry::meta_string(obj, "name"),
                                  obj, write_options(dry_run, subresource));
  if (!written.ok()) return written.error();
  return parse_bytes(written->object);
}

ApiResult<json> InProcessClient::update(const Resource& r, const std::string& ns, const json& obj,
                                        const WriteOptions& options) {
  return put(r, ns, obj, options.dry_run, options.subresource);
}

ApiResult<json> InProcessClient::update_status(const Resource& r, const std::string& ns, const json& obj,
                                               const WriteOptions& options) {
  return put(r, ns, obj, options.dry_run, "status");
}

ApiResult<json> InProcessClient::patch(const Resource& r, const std::string& ns, const std::string& name,
                                       PatchType type, std::string_view body, const PatchOptions& options) {
  auto store = store_for(r);
  if (!store.ok()) return store.error();
  auto written = (*store)->patch(store_namespace(**store, ns, nullptr), name, to_registry(type), body,
                                 write_options(options.dry_run, options.subresource));
  if (!written.ok()) return written.error();
  return parse_bytes(written->object);
}

ApiResult<json> InProcessClient::remove(const Resource& r, const std::string& ns, const std::string& name,
                                        const DeleteOptions& options) {
  auto store = store_for(r);
  if (!store.ok()) return store.error();
  registry::DeleteOptions o{options.dry_run, options.precondition_uid, options.precondition_resource_version,
                            options.grace_period_seconds, options.propagation_policy, std::nullopt};
  auto deleted = (*store)->remove(store_namespace(**store, ns, nullptr), name, o);
  if (!deleted.ok()) return deleted.error();
  json obj = parse_bytes(deleted->object);
  // The same answer the HTTP handler gives for this resource.
  if (deleted->deleted_now && !(*store)->strategy().return_deleted_object())
    return (*store)->deleted_status(obj);
  return obj;
}

ApiResult<WatcherPtr> InProcessClient::watch(const Resource& r, const std::string& ns,
                                             const WatchOptions& options) {
  auto store = store_for(r);
  if (!store.ok()) return store.error();
  registry::WatchQuery query;
  query.label_selector = options.label_selector;
  query.field_selector = options.field_selector;
  query.resource_version = options.resource_version;
  query.allow_bookmarks = options.allow_bookmarks;
  auto stream = (*store)->watch(store_namespace(**store, ns, nullptr), query);
  if (!stream.ok()) return stream.error();
  return WatcherPtr(std::make_unique<InProcessWatcher>(std::move(stream.value()), options));
}

}  // namespace kapi::client
