// The garbage collector over the in-process API: background, foreground and orphan deletion of
// dependents, owner identity by uid, and owners that vanished before it started.
#include "tests/controllers/harness.h"

namespace kapi::controllers::testing {
namespace {

class GarbageCollectorTest : public ::testing::Test {
 protected:
  GarbageCollectorTest() : h({"garbagecollector"}) {}

  json make_cm(const std::string& name, json owner_refs = json::array(), json finalizers = json::array()) {
    json cm = {{"metadata", {{"name", name}, {"namespace", "default"}}}, {"data", {{"k", "v"}}}};
    if (!owner_refs.empty()) cm["metadata"]["ownerReferences"] = owner_refs;
    if (!finalizers.empty()) cm["metadata"]["finalizers"] = finalizers;
    return h.create(resources::kConfigMaps, cm);
  }
  static json ref_to(const json& owner, bool block = false) {
    return {{"apiVersion", "v1"}, {"kind", owner.value("kind", "ConfigMap")},
            {"name", owner["metadata"]["name"]}, {"uid", owner["metadata"]["uid"]},
            {"blockOwnerDeletion", block}};
  }
  bool cm_exists(const std::string& name) { return h.exists(resources::kConfigMaps, "default", name); }
  void remove(const std::string& name, const std::string& policy) {
    client::DeleteOptions options;
    options.propagation_policy = policy;
    auto result = h.api().remove(resources::kConfigMaps, "default", name, options);
    ASSERT_TRUE(result.ok()) << result.error().message;
  }
  void clear_finalizers(const std::string& name) {
    auto obj = h.get(resources::kConfigMaps, "default", name);
    ASSERT_TRUE(obj.has_value());
    (*obj)["metadata"]["finalizers"] = json::array();
    auto written = h.api().update(resources::kConfigMaps, "default", *obj);
    ASSERT_TRUE(written.ok()) << written.error().message;
  }

  ControllerHarness h;
};

TEST_F(GarbageCollectorTest, BackgroundDeletionCollectsDependentsWhoseOwnersAreGone) {
  h.start();
  json owner = make_cm("owner");
  json other = make_cm("other-owner");
  make_cm("dep-a", {ref_to(owner)});
  make_cm("dep-b", {ref_to(owner)});
  make_cm("shared", {ref_to(owner), ref_to(other)});
  remove("owner", "Background");

  EXPECT_TRUE(eventually([&] { return !cm_exists("dep-a") && !cm_exists("dep-b"); }));
  // Still owned by other-owner: kept, and the dangling reference is patched out.
  EXPECT_TRUE(eventually([&] {
    auto shared = h.get(resources::kConfigMaps, "default", "shared");
    return shared && (*shared)["metadata"]["ownerReferences"].size() == 1 &&
           (*shared)["metadata"]["ownerReferences"][0]["name"] == "other-owner";
  }));
  EXPECT_TRUE(cm_exists("other-owner"));
}

TEST_F(GarbageCollectorTest, OwnerWithAnotherUidCountsAsAbsent) {
  h.start();
  json owner = make_cm("owner");
  json stale = ref_to(owner);
  stale["uid"] = "00000000-0000-4000-8000-000000000000";
  make_cm("dep-stale", {stale});
  make_cm("dep-real", {ref_to(owner)});
  EXPECT_TRUE(eventually([&] { return !cm_exists("dep-stale"); }));
  EXPECT_TRUE(cm_exists("dep-real"));
  EXPECT_TRUE(cm_exists("owner"));
}

TEST_F(GarbageCollectorTest, ForegroundWaitsForBlockingDependents) {
  h.start();
  json owner = make_cm("owner");
  // A finalizer keeps the blocking dependent around after its deletion starts.
  make_cm("blocking", {ref_to(owner, true)}, {"example.com/hold"});
  make_cm("non-blocking", {ref_to(owner, false)});
  remove("owner", "Foreground");

  auto owner_now = h.get(resources::kConfigMaps, "default", "owner");
  ASSERT_TRUE(owner_now.has_value());
  EXPECT_TRUE((*owner_now)["metadata"].contains("deletionTimestamp"));
  EXPECT_EQ((*owner_now)["metadata"]["finalizers"], json::array({"foregroundDeletion"}));

  // The dependents are deleted; the blocking one waits on its finalizer, and so does the owner.
  EXPECT_TRUE(eventually([&] {
    auto blocking = h.get(resources::kConfigMaps, "default", "blocking");
    return blocking && (*blocking)["metadata"].contains("deletionTimestamp") && !cm_exists("non-blocking");
  }));
  EXPECT_TRUE(cm_exists("owner"));

  clear_finalizers("blocking");
  EXPECT_TRUE(eventually([&] { return !cm_exists("blocking") && !cm_exists("owner"); }));
}

TEST_F(GarbageCollectorTest, ForegroundOwnerWithoutBlockingDependentsGoesAtOnce) {
  h.start();
  json owner = make_cm("owner");
  make_cm("dep", {ref_to(owner, false)});
  remove("owner", "Foreground");
  EXPECT_TRUE(eventually([&] { return !cm_exists("owner") && !cm_exists("dep"); }));
}

TEST_F(GarbageCollectorTest, OrphanStripsOwnerRefsAndKeepsDependents) {
  h.start();
  json owner = make_cm("owner");
  json other = make_cm("other-owner");
  make_cm("dep", {ref_to(owner, true)});
  make_cm("dep-two-owners", {ref_to(owner), ref_to(other)});
  remove("owner", "Orphan");

  EXPECT_TRUE(eventually([&] { return !cm_exists("owner"); }));
  auto dep = h.get(resources::kConfigMaps, "default", "dep");
  ASSERT_TRUE(dep.has_value());
  EXPECT_FALSE((*dep)["metadata"].contains("ownerReferences"));
  auto two = h.get(resources::kConfigMaps, "default", "dep-two-owners");
  ASSERT_TRUE(two.has_value());
  ASSERT_EQ((*two)["metadata"]["ownerReferences"].size(), 1u);
  EXPECT_EQ((*two)["metadata"]["ownerReferences"][0]["name"], "other-owner");
}

TEST_F(GarbageCollectorTest, DependentOfAnOwnerMissingAtStartupIsCollected) {
  json owner = make_cm("owner");
  make_cm("orphaned-while-down", {ref_to(owner)});
  make_cm("kept", {ref_to(make_cm("alive"))});
  ASSERT_TRUE(h.api().remove(resources::kConfigMaps, "default", "owner", {}).ok());
  ASSERT_TRUE(cm_exists("orphaned-while-down"));

  h.start();
  EXPECT_TRUE(eventually([&] { return !cm_exists("orphaned-while-down"); }));
  EXPECT_TRUE(cm_exists("kept"));
}

TEST_F(GarbageCollectorTest, ForegroundDeletionIsNotBlockedByAnOwnershipCycle) {
  h.start();
  // a <- b <- c <- a, every ref blocking (upstream's "should not be blocked by dependency circle").
  json a = make_cm("a");
  json b = make_cm("b", {ref_to(a, true)});
  json c = make_cm("c", {ref_to(b, true)});
  json patch = {{"metadata", {{"ownerReferences", {ref_to(c, true)}}}}};
  ASSERT_TRUE(h.api().patch(resources::kConfigMaps, "default", "a", client::PatchType::kMerge, patch.dump()).ok());
  remove("a", "Foreground");
  EXPECT_TRUE(eventually([&] { return !cm_exists("a") && !cm_exists("b") && !cm_exists("c"); }));
}

TEST_F(GarbageCollectorTest, DeletionsAskedWhileTheCollectorWasDownFinishWhenItStarts) {
  json foreground_owner = make_cm("fg-owner");
  make_cm("fg-dep", {ref_to(foreground_owner, true)});
  json orphaning_owner = make_cm("orphan-owner");
  make_cm("orphan-dep", {ref_to(orphaning_owner)});
  remove("fg-owner", "Foreground");
  remove("orphan-owner", "Orphan");
  ASSERT_TRUE(cm_exists("fg-owner") && cm_exists("orphan-owner"));  // held by their finalizers

  h.start();
  EXPECT_TRUE(eventually([&] { return !cm_exists("fg-owner") && !cm_exists("fg-dep"); }));
  EXPECT_TRUE(eventually([&] { return !cm_exists("orphan-owner"); }));
  auto kept = h.get(resources::kConfigMaps, "default", "orphan-dep");
  ASSERT_TRUE(kept.has_value());
  EXPECT_FALSE((*kept)["metadata"].contains("ownerReferences"));
}

TEST_F(GarbageCollectorTest, CollectsAcrossResources) {
  h.start();
  json deployment = h.create(resources::kDeployments, json::parse(R"({
    "metadata": {"name": "web", "namespace": "default"},
    "spec": {"selector": {"matchLabels": {"app": "web"}},
             "template": {"metadata": {"labels": {"app": "web"}},
                          "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}})"));
  json ref = {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", "web"},
              {"uid", deployment["metadata"]["uid"]}, {"controller", true}, {"blockOwnerDeletion", true}};
  h.create(resources::kPods, {{"metadata", {{"name", "web-pod"}, {"namespace", "default"}, {"ownerReferences", {ref}}}},
                              {"spec", {{"containers", {{{"name", "c"}, {"image", "nginx"}}}}}}});
  ASSERT_TRUE(h.api().remove(resources::kDeployments, "default", "web", {}).ok());
  EXPECT_TRUE(eventually([&] { return !h.exists(resources::kPods, "default", "web-pod"); }));
}

}  // namespace
}  // namespace kapi::controllers::testing
