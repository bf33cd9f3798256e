// The informer over the in-process client: initial list, add/update/delete handlers, indexes,
// late handlers, and a re-list when the watch's revision has been compacted away (410).
#include "client/informer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>

#include "client/in_process_client.h"
#include "tests/client/test_support.h"

namespace kapi::client {
namespace {

using testing::configmap;
using testing::eventually;

// Forwards to the in-process client; pause() ends the open watches and holds new ones until
// resume(), so a test can change and compact the store while the informer is not watching.
class PausableClient : public Client {
 public:
  explicit PausableClient(ClientPtr inner) : inner_(std::move(inner)) {}

  void pause() {
    std::lock_guard lock(mu_);
    paused_ = true;
    for (auto* w : open_) w->stop();
  }
  void resume() {
    std::lock_guard lock(mu_);
    paused_ = false;
    cv_.notify_all();
  }
  int watches_opened() const {
    std::lock_guard lock(mu_);
    return watches_opened_;
  }
  // A watch() call is waiting for resume().
  bool watch_held() const {
    std::lock_guard lock(mu_);
    return held_ > 0;
  }

  ApiResult<json> get(const Resource& r, const std::string& ns, const std::string& name) override {
    return inner_->get(r, ns, name);
  }
  ApiResult<ObjectList> list(const Resource& r, const std::string& ns, const ListOptions& o) override {
    return inner_->list(r, ns, o);
  }
  ApiResult<json> create(const Resource& r, const std::string& ns, const json& obj, const WriteOptions& o) override {
    return inner_->create(r, ns, obj, o);
  }
  ApiResult<json> update(const Resource& r, const std::string& ns, const json& obj, const WriteOptions& o) override {
    return inner_->update(r, ns, obj, o);
  }
  ApiResult<json> update_status(const Resource& r, const std::string& ns, const json& obj,
                                const WriteOptions& o) override {
    return inner_->update_status(r, ns, obj, o);
  }
  ApiResult<json> patch(const Resource& r, const std::string& ns, const std::string& name, PatchType t,
                        std::string_view body, const PatchOptions& o) override {
    return inner_->patch(r, ns, name, t, body, o);
  }
  ApiResult<json> remove(const Resource& r, const std::string& ns, const std::string& name,
                         const DeleteOptions& o) override {
    return inner_->remove(r, ns, name, o);
  }
  ApiResult<WatcherPtr> watch(const Resource& r, const std::string& ns, const WatchOptions& o) override {
    {
      std::unique_lock lock(mu_);
      ++held_;
      cv_.wait(lock, [this] { return !paused_; });
      --held_;
    }
    auto inner = inner_->watch(r, ns, o);
    if (!inner.ok()) return inner.error();
    return WatcherPtr(std::make_unique<Tracked>(this, std::move(inner.value())));
  }

 private:
  class Tracked : public Watcher {
   public:
    // Counted and made stoppable in one step: a pause() that came after watch() stopped
    // waiting still ends this one.
    Tracked(PausableClient* owner, WatcherPtr inner) : owner_(owner), inner_(std::move(inner)) {
      std::lock_guard lock(owner_->mu_);
      owner_->open_.insert(this);
      ++owner_->watches_opened_;
      if (owner_->paused_) inner_->stop();
    }
    ~Tracked() override {
      std::lock_guard lock(owner_->mu_);
      owner_->open_.erase(this);
    }
    std::optional<WatchEvent> next() override { return inner_->next(); }
    void stop() override { inner_->stop(); }

   private:
    PausableClient* owner_;
    WatcherPtr inner_;
  };

  ClientPtr inner_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool paused_ = false;
  int held_ = 0;
  int watches_opened_ = 0;
  std::set<Tracked*> open_;
};

// What handlers saw, as "add:ns/name", "update:ns/name:<data.k>", "delete:ns/name".
class Recorder {
 public:
  EventHandlers handlers() {
    return {[this](const ObjectPtr& o) { push("add:" + object_key(*o)); },
            [this](const ObjectPtr&, const ObjectPtr& o) {
              push("update:" + object_key(*o) + ":" + o->at("data").value("k", ""));
            },
            [this](const ObjectPtr& o) { push("delete:" + object_key(*o)); }};
  }
  std::vector<std::string> seen() const {
    std::lock_guard lock(mu_);
    return seen_;
  }
  bool has(const std::string& entry) const {
    auto s = seen();
    return std::find(s.begin(), s.end(), entry) != s.end();
  }
  size_t size() const { return seen().size(); }

 private:
  void push(std::string entry) {
    std::lock_guard lock(mu_);
    seen_.push_back(std::move(entry));
  }
  mutable std::mutex mu_;
  std::vector<std::string> seen_;
};

class InformerTest : public ::testing::Test {
 protected:
  InformerTest()
      : direct_(std::make_shared<InProcessClient>(env_.registry, Identity{"test", {}})),
        client_(std::make_shared<PausableClient>(direct_)) {}

  void create(const std::string& ns, const std::string& name, const std::string& value = "v") {
    auto created = direct_->create(resources::kConfigMaps, ns, configmap(ns, name, value));
    ASSERT_TRUE(created.ok()) << created.error().message;
  }
  void set_value(const std::string& ns, const std::string& name, const std::string& value) {
    json patch = {{"data", {{"k", value}}}};
    ASSERT_TRUE(direct_->patch(resources::kConfigMaps, ns, name, PatchType::kMerge, patch.dump()).ok());
  }
  static InformerOptions configmaps(const std::string& ns = "", int64_t page_size = 500) {
    InformerOptions options;
    options.resource = resources::kConfigMaps;
    options.ns = ns;
    options.page_size = page_size;
    return options;
  }
  void remove(const std::string& ns, const std::string& name) {
    ASSERT_TRUE(direct_->remove(resources::kConfigMaps, ns, name, {}).ok());
  }
  // Starts `informer` with `recorder`'s handlers, waits for its sync and its watch, then holds
  // the watch: what is written next waits until client_->resume().
  void start_then_hold_watch(Informer& informer, Recorder& recorder) {
    informer.add_handlers(recorder.handlers());
    informer.start();
    ASSERT_TRUE(informer.wait_for_sync(std::chrono::seconds(20)));
    ASSERT_TRUE(eventually([&] { return client_->watches_opened() == 1; }));
    client_->pause();
    ASSERT_TRUE(eventually([&] { return client_->watch_held(); }));
  }

  testing::MemoryRegistry env_;
  ClientPtr direct_;
  std::shared_ptr<PausableClient> client_;
};

TEST_F(InformerTest, ListsThenFollowsAddsUpdatesAndDeletes) {
  create("default", "a");
  create("kube-system", "b");
  Recorder recorder;
  Informer informer(client_, configmaps("", 1));  // pages of one
  informer.add_handlers(recorder.handlers());
  EXPECT_FALSE(informer.has_synced());
  informer.start();
  ASSERT_TRUE(informer.wait_for_sync(std::chrono::seconds(20)));
  EXPECT_EQ(informer.cache().size(), 2u);
  ASSERT_TRUE(eventually([&] { return recorder.size() == 2; }));
  EXPECT_TRUE(recorder.has("add:default/a"));
  EXPECT_TRUE(recorder.has("add:kube-system/b"));

  create("default", "c");
  set_value("default", "a", "changed");
  remove("kube-system", "b");
  ASSERT_TRUE(eventually([&] { return recorder.size() == 5; }));
  auto seen = recorder.seen();
  // One object's changes keep their order; these are three objects, written in this order and
  // delivered by one watch, so the order holds across them too.
  EXPECT_EQ(std::vector<std::string>(seen.begin() + 2, seen.end()),
            (std::vector<std::string>{"add:default/c", "update:default/a:changed", "delete:kube-system/b"}));
  EXPECT_EQ(informer.cache().get("default", "a")->at("data").at("k"), "changed");
  EXPECT_FALSE(informer.cache().get("kube-system", "b"));
  EXPECT_EQ(informer.list_count(), 1u);
}

TEST_F(InformerTest, IndexesFollowTheCache) {
  Informer informer(client_, configmaps());
  informer.add_index(kNamespaceIndex, index_by_namespace);
  informer.add_index(kOwnerUidIndex, index_by_owner_uid);
  json owned = configmap("default", "owned");
  owned["metadata"]["ownerReferences"] = {
      {{"apiVersion", "apps/v1"}, {"kind", "StatefulSet"}, {"name", "web"}, {"uid", "uid-1"}}};
  ASSERT_TRUE(direct_->create(resources::kConfigMaps, "default", owned).ok());
  create("kube-system", "x");
  informer.start();
  ASSERT_TRUE(informer.wait_for_sync(std::chrono::seconds(20)));
  EXPECT_EQ(informer.cache().by_index(kNamespaceIndex, "default").size(), 1u);
  auto by_owner = informer.cache().by_index(kOwnerUidIndex, "uid-1");
  ASSERT_EQ(by_owner.size(), 1u);
  EXPECT_EQ(by_owner[0]->at("metadata").at("name"), "owned");

  create("default", "second");
  remove("default", "owned");
  ASSERT_TRUE(eventually([&] { return informer.cache().by_index(kOwnerUidIndex, "uid-1").empty(); }));
  ASSERT_TRUE(eventually([&] { return informer.cache().by_index(kNamespaceIndex, "default").size() == 1; }));
  EXPECT_EQ(informer.cache().by_index(kNamespaceIndex, "default")[0]->at("metadata").at("name"), "second");
}

// A metadata-only informer (the garbage collector's) caches apiVersion, kind and metadata less
// managedFields, from its list and from its watch, with the same indexes and handler calls; a
// whole-object informer of the same resource beside it is not affected.
TEST_F(InformerTest, MetadataOnlyCachesMetadataWithoutTheRest) {
  json owned = configmap("default", "owned", "listed");
  owned["metadata"]["ownerReferences"] = {
      {{"apiVersion", "apps/v1"}, {"kind", "StatefulSet"}, {"name", "web"}, {"uid", "uid-1"}}};
  ASSERT_TRUE(direct_->create(resources::kConfigMaps, "default", owned).ok());
  InformerOptions options = configmaps();
  options.metadata_only = true;
  Informer metadata(client_, options);
  metadata.add_index(kOwnerUidIndex, index_by_owner_uid);
  Informer whole(client_, configmaps());
  std::vector<std::string> updated_finalizers;
  std::mutex mu;
  Recorder deletes;
  metadata.add_handlers({nullptr,
                         [&](const ObjectPtr&, const ObjectPtr& o) {
                           std::lock_guard lock(mu);
                           updated_finalizers.push_back(o->at("metadata").value("finalizers", json::array()).dump());
                         },
                         deletes.handlers().on_delete});
  metadata.start();
  whole.start();
  ASSERT_TRUE(metadata.wait_for_sync(std::chrono::seconds(20)));
  ASSERT_TRUE(whole.wait_for_sync(std::chrono::seconds(20)));

  auto expect_metadata_only = [](const ObjectPtr& obj) {
    ASSERT_TRUE(obj);
    EXPECT_FALSE(obj->contains("data")) << obj->dump();
    EXPECT_FALSE(obj->at("metadata").contains("managedFields")) << obj->dump();
    EXPECT_FALSE(obj->at("metadata").value("uid", "").empty());
    EXPECT_FALSE(obj->at("metadata").value("resourceVersion", "").empty());
  };
  auto listed = metadata.cache().get("default", "owned");
  expect_metadata_only(listed);
  EXPECT_EQ(listed->at("metadata").at("ownerReferences")[0].at("uid"), "uid-1");
  EXPECT_EQ(metadata.cache().by_index(kOwnerUidIndex, "uid-1").size(), 1u);
  EXPECT_EQ(whole.cache().get("default", "owned")->at("data").at("k"), "listed");

  create("default", "watched", "w");
  ASSERT_TRUE(eventually([&] { return metadata.cache().get("default", "watched") != nullptr; }));
  expect_metadata_only(metadata.cache().get("default", "watched"));
  EXPECT_EQ(metadata.cache().get("default", "watched")->at("metadata").at("name"), "watched");

  json patch = {{"metadata", {{"finalizers", {"example.com/hold"}}}}};
  ASSERT_TRUE(direct_->patch(resources::kConfigMaps, "default", "watched", PatchType::kMerge, patch.dump()).ok());
  ASSERT_TRUE(eventually([&] {
    std::lock_guard lock(mu);
    return !updated_finalizers.empty();
  }));
  {
    std::lock_guard lock(mu);
    EXPECT_EQ(updated_finalizers.back(), R"(["example.com/hold"])");
  }
  remove("default", "owned");
  ASSERT_TRUE(eventually([&] { return deletes.has("delete:default/owned"); }));
  EXPECT_TRUE(metadata.cache().by_index(kOwnerUidIndex, "uid-1").empty());
  EXPECT_TRUE(eventually([&] { return whole.cache().get("default", "watched") &&
                                      whole.cache().get("default", "watched")->at("data").at("k") == "w"; }));
}

TEST_F(InformerTest, NodeNameIndexFilesPodsByNode) {
  ObjectCache cache;
  cache.add_index(kNodeNameIndex, index_by_node_name);
  auto pod = [](const std::string& name, const std::string& node) {
    json p = {{"metadata", {{"namespace", "default"}, {"name", name}}}, {"spec", json::object()}};
    if (!node.empty()) p["spec"]["nodeName"] = node;
    return std::make_shared<const json>(p);
  };
  cache.put(pod("a", "n1"));
  cache.put(pod("b", "n1"));
  cache.put(pod("c", ""));
  EXPECT_EQ(cache.by_index(kNodeNameIndex, "n1").size(), 2u);
  cache.put(pod("b", "n2"));  // moved: re-filed
  EXPECT_EQ(cache.by_index(kNodeNameIndex, "n1").size(), 1u);
  EXPECT_EQ(cache.by_index(kNodeNameIndex, "n2").size(), 1u);
  cache.remove("default/a");
  EXPECT_TRUE(cache.by_index(kNodeNameIndex, "n1").empty());
}

TEST_F(InformerTest, LateHandlerGetsAddsForWhatIsCached) {
  create("default", "a");
  Recorder late;
  Informer informer(client_, configmaps());
  informer.start();
  ASSERT_TRUE(informer.wait_for_sync(std::chrono::seconds(20)));
  informer.add_handlers(late.handlers());
  ASSERT_TRUE(eventually([&] { return late.has("add:default/a"); }));
  create("default", "b");
  ASSERT_TRUE(eventually([&] { return late.has("add:default/b"); }));
}

TEST_F(InformerTest, SlowHandlerDoesNotStallOthers) {
  Recorder fast;
  std::mutex gate;
  std::unique_lock blocked(gate);  // the slow handler waits on this until the end
  Informer informer(client_, configmaps());
  informer.add_handlers({[&](const ObjectPtr&) { std::lock_guard wait(gate); }, nullptr, nullptr});
  informer.add_handlers(fast.handlers());
  informer.start();
  ASSERT_TRUE(informer.wait_for_sync(std::chrono::seconds(20)));
  create("default", "a");
  create("default", "b");
  EXPECT_TRUE(eventually([&] { return fast.size() == 2; }));
  blocked.unlock();
  informer.stop();
}

TEST_F(InformerTest, RelistsAfterTheWatchRevisionIsCompacted) {
  create("default", "a");
  create("default", "b");
  Recorder recorder;
  Informer informer(client_, configmaps("default"));
  informer.add_handlers(recorder.handlers());
  informer.start();
  ASSERT_TRUE(informer.wait_for_sync(std::chrono::seconds(20)));
  ASSERT_TRUE(eventually([&] { return recorder.size() == 2 && client_->watches_opened() == 1; }));

  // The watch ends; while the informer cannot watch again, the store moves on and forgets
  // the history it would resume from.
  client_->pause();
  ASSERT_TRUE(eventually([&] { return client_->watch_held(); }));
  remove("default", "a");
  set_value("default", "b", "changed");
  create("default", "c");
  auto& store = env_.registry.storage();
  ASSERT_TRUE(store->compact(store->current_revision()).ok());
  client_->resume();

  // Re-watching from the old revision gets 410; the informer lists again and reports the
  // difference.
  ASSERT_TRUE(eventually([&] { return informer.list_count() == 2 && recorder.size() == 5; }));
  auto seen = recorder.seen();
  std::set<std::string> after(seen.begin() + 2, seen.end());
  EXPECT_EQ(after, (std::set<std::string>{"delete:default/a", "update:default/b:changed", "add:default/c"}));
  EXPECT_EQ(informer.cache().keys(), (std::vector<std::string>{"default/b", "default/c"}));
  EXPECT_EQ(informer.resource_version(), std::to_string(store->current_revision()));

  // And it watches on from the new list.
  create("default", "d");
  ASSERT_TRUE(eventually([&] { return recorder.has("add:default/d"); }));
}

TEST_F(InformerTest, ClosedWatchResumesFromTheLastRevisionWithoutRelisting) {
  create("default", "a");
  Recorder recorder;
  Informer informer(client_, configmaps("default"));
  start_then_hold_watch(informer, recorder);
  if (HasFatalFailure()) return;
  create("default", "b");  // happens while not watching; history is kept
  client_->resume();
  ASSERT_TRUE(eventually([&] { return recorder.has("add:default/b"); }));
  EXPECT_EQ(informer.list_count(), 1u);
  EXPECT_EQ(client_->watches_opened(), 2);
}

// A sparse informer (the garbage collector's metadata informers): only objects `keep` holds for
// are cached and reported as added or updated; one that stops being kept is reported once as
// updated and leaves the cache; every delete is reported. Text that may_keep_text rules out is
// not even parsed while nothing is cached, and the informer's revision still moves past it.
class SparseInformerTest : public InformerTest {
 protected:
  InformerOptions sparse() {
    InformerOptions options = configmaps("default");
    options.keep = [this](const json& obj) {
      ++kept_asked_;
      return obj.at("metadata").value("labels", json::object()).contains("keep");
    };
    options.may_keep_text = [](std::string_view text) { return text.find("\"keep\"") != std::string_view::npos; };
    return options;
  }
  void label(const std::string& name, bool keep) {
    json patch = {{"metadata", {{"labels", {{"keep", keep ? json("yes") : json(nullptr)}}}}}};
    ASSERT_TRUE(direct_->patch(resources::kConfigMaps, "default", name, PatchType::kMerge, patch.dump()).ok());
  }
  std::atomic<int> kept_asked_{0};
};

TEST_F(SparseInformerTest, CachesAndReportsOnlyKeptObjectsAndEveryDelete) {
  create("default", "plain");
  create("default", "kept");
  label("kept", true);
  Recorder recorder;
  Informer informer(client_, sparse());
  informer.add_handlers(recorder.handlers());
  informer.start();
  ASSERT_TRUE(informer.wait_for_sync(std::chrono::seconds(20)));
  ASSERT_TRUE(eventually([&] { return recorder.size() == 1; }));
  EXPECT_EQ(recorder.seen(), std::vector<std::string>{"add:default/kept"});
  EXPECT_EQ(informer.cache().keys(), std::vector<std::string>{"default/kept"});

  // It stops being kept: one last update, then it is gone from the cache.
  label("kept", false);
  ASSERT_TRUE(eventually([&] { return recorder.has("update:default/kept:v"); }));
  ASSERT_TRUE(eventually([&] { return informer.cache().size() == 0; }));

  // Nothing cached: an object nobody wants is skipped unparsed, yet the revision moves on.
  ASSERT_TRUE(eventually([&] { return informer.resource_version() == std::to_string(env_.registry.storage()->current_revision()); }));
  int asked = kept_asked_;
  create("default", "skipped");
  auto& store = env_.registry.storage();
  ASSERT_TRUE(eventually([&] { return informer.resource_version() == std::to_string(store->current_revision()); }));
  EXPECT_EQ(kept_asked_, asked);

  // Becoming wanted is an add; deletes are reported whether cached or not.
  label("plain", true);
  ASSERT_TRUE(eventually([&] { return recorder.has("add:default/plain"); }));
  remove("default", "skipped");
  remove("default", "plain");
  ASSERT_TRUE(eventually([&] { return recorder.has("delete:default/skipped") && recorder.has("delete:default/plain"); }));
  EXPECT_EQ(informer.cache().size(), 0u);
}

// Events read in one batch: the un-keeping change right after a kept add is not skipped, though
// its text says "not wanted" and the add was not applied yet when the watcher read it.
TEST_F(SparseInformerTest, ChangeOfAnObjectNotYetCachedIsNotSkipped) {
  Recorder recorder;
  Informer informer(client_, sparse());
  start_then_hold_watch(informer, recorder);
  if (HasFatalFailure()) return;
  create("default", "x");
  label("x", true);
  label("x", false);
  client_->resume();
  ASSERT_TRUE(eventually([&] { return recorder.size() == 2; }));
  EXPECT_EQ(recorder.seen(), (std::vector<std::string>{"add:default/x", "update:default/x:v"}));
  EXPECT_EQ(informer.cache().size(), 0u);
  EXPECT_EQ(informer.list_count(), 1u);
}

TEST_F(SparseInformerTest, RelistHookRunsAfterEveryListButTheFirst) {
  std::atomic<int> hooks{0};
  Informer informer(client_, sparse());
  informer.add_relist_hook([&] { ++hooks; });
  informer.start();
  ASSERT_TRUE(informer.wait_for_sync(std::chrono::seconds(20)));
  ASSERT_TRUE(eventually([&] { return client_->watches_opened() == 1; }));
  EXPECT_EQ(hooks, 0);
  client_->pause();
  ASSERT_TRUE(eventually([&] { return client_->watch_held(); }));
  create("default", "a");
  create("default", "b");
  remove("default", "a");
  auto& store = env_.registry.storage();
  ASSERT_TRUE(store->compact(store->current_revision()).ok());
  client_->resume();
  ASSERT_TRUE(eventually([&] { return informer.list_count() == 2 && hooks == 1; }));
}

TEST_F(InformerTest, StopEndsTheWatchAndIsIdempotent) {
  Informer informer(client_, configmaps());
  informer.start();
  ASSERT_TRUE(informer.wait_for_sync(std::chrono::seconds(20)));
  ASSERT_TRUE(eventually([&] { return client_->watches_opened() == 1; }));
  informer.stop();  // returns only once the watch thread is joined
  informer.stop();
  EXPECT_FALSE(informer.wait_for_sync(std::chrono::milliseconds(0)));
}

}  // namespace
}  // namespace kapi::client
