// DELETE semantics over the generic store: the propagation finalizers the garbage collector
// acts on, graceful pod deletion, and namespace termination with the finalize subresource.
#include <gtest/gtest.h>

#include <algorithm>

#include "registry/generic_store.h"
#include "registry/object_meta.h"
#include "registry/registry.h"
#include "storage/memory_store.h"

namespace kapi::registry {
namespace {

class DeletionTest : public ::testing::Test {
 protected:
  DeletionTest() : registry_(storage::make_memory_store()) {
    register_builtin_resources(registry_);
    ensure_system_namespaces(registry_);
    cms_ = registry_.find("", "v1", "configmaps");
    pods_ = registry_.find("", "v1", "pods");
    namespaces_ = registry_.find("", "v1", "namespaces");
  }

  static json parse(const storage::Bytes& b) { return json::parse(*b); }
  static json finalizers(const json& obj) { return obj["metadata"].value("finalizers", json::array()); }

  void make_cm(const std::string& name, json finalizer_list = json::array()) {
    json obj = {{"metadata", {{"name", name}}}, {"data", {{"k", "v"}}}};
    if (!finalizer_list.empty()) obj["metadata"]["finalizers"] = finalizer_list;
    ASSERT_TRUE(cms_->create("default", obj, {}).ok());
  }
  static DeleteOptions policy(const std::string& p) {
    DeleteOptions o;
    o.propagation_policy = p;
    return o;
  }
  static DeleteOptions grace(int64_t seconds) {
    DeleteOptions o;
    o.grace_period_seconds = seconds;
    return o;
  }

  // A pod, bound to a node when `node` is set (the kubelet then owns its graceful deletion).
  void make_pod(const std::string& name, const std::string& node, std::optional<int64_t> spec_grace = std::nullopt) {
    json pod = {{"metadata", {{"name", name}}},
                {"spec", {{"containers", json::array({{{"name", "c"}, {"image", "busybox"}}})}}}};
    if (!node.empty()) pod["spec"]["nodeName"] = node;
    if (spec_grace) pod["spec"]["terminationGracePeriodSeconds"] = *spec_grace;
    auto made = pods_->create("default", pod, {});
    ASSERT_TRUE(made.ok()) << made.error().message;
  }
  static std::chrono::seconds deletion_in(const json& obj) {
    auto at = parse_rfc3339(obj["metadata"].value("deletionTimestamp", ""));
    EXPECT_TRUE(at.has_value());
    return std::chrono::duration_cast<std::chrono::seconds>(*at - std::chrono::system_clock::now());
  }

  Registry registry_;
  const GenericStore* cms_;
  const GenericStore* pods_;
  const GenericStore* namespaces_;
};

TEST_F(DeletionTest, BackgroundAndDefaultDeleteAtOnce) {
  make_cm("a");
  make_cm("b");
  auto a = cms_->remove("default", "a", policy("Background"));
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->deleted_now);
  auto b = cms_->remove("default", "b", {});
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(b->deleted_now);
  EXPECT_EQ(cms_->get("default", "b").error().code, 404);
}

TEST_F(DeletionTest, OrphanAndForegroundAddTheirFinalizerAndKeepTheObject) {
  make_cm("o");
  make_cm("f");
  auto orphan = cms_->remove("default", "o", policy("Orphan"));
  ASSERT_TRUE(orphan.ok());
  EXPECT_FALSE(orphan->deleted_now);
  json o = parse(cms_->get("default", "o").value());
  EXPECT_EQ(finalizers(o), json::array({"orphan"}));
  EXPECT_TRUE(o["metadata"].contains("deletionTimestamp"));
  EXPECT_EQ(o["metadata"]["deletionGracePeriodSeconds"], 0);

  auto fg = cms_->remove("default", "f", policy("Foreground"));
  ASSERT_TRUE(fg.ok());
  EXPECT_FALSE(fg->deleted_now);
  EXPECT_EQ(finalizers(parse(cms_->get("default", "f").value())), json::array({"foregroundDeletion"}));
}

TEST_F(DeletionTest, LegacyOrphanDependents) {
  make_cm("o");
  DeleteOptions orphan;
  orphan.orphan_dependents = true;
  ASSERT_TRUE(cms_->remove("default", "o", orphan).ok());
  EXPECT_EQ(finalizers(parse(cms_->get("default", "o").value())), json::array({"orphan"}));

  DeleteOptions both = policy("Foreground");
  both.orphan_dependents = false;
  auto refused = cms_->remove("default", "o", both);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, 422);
}

TEST_F(DeletionTest, RepeatedDeleteSwitchesThePolicyFinalizer) {
  make_cm("x", json::array({"example.com/hold"}));
  ASSERT_TRUE(cms_->remove("default", "x", policy("Orphan")).ok());
  json first = parse(cms_->get("default", "x").value());
  EXPECT_EQ(finalizers(first), json::array({"example.com/hold", "orphan"}));

  ASSERT_TRUE(cms_->remove("default", "x", policy("Foreground")).ok());
  json second = parse(cms_->get("default", "x").value());
  EXPECT_EQ(finalizers(second), json::array({"example.com/hold", "foregroundDeletion"}));
  EXPECT_EQ(second["metadata"]["deletionTimestamp"], first["metadata"]["deletionTimestamp"]);

  // Background drops the policy finalizer; the other one still holds the object.
  ASSERT_TRUE(cms_->remove("default", "x", policy("Background")).ok());
  EXPECT_EQ(finalizers(parse(cms_->get("default", "x").value())), json::array({"example.com/hold"}));
  // No policy: nothing changes, no write.
  std::string rv = parse(cms_->get("default", "x").value())["metadata"]["resourceVersion"];
  ASSERT_TRUE(cms_->remove("default", "x", {}).ok());
  EXPECT_EQ(parse(cms_->get("default", "x").value())["metadata"]["resourceVersion"], rv);
}

TEST_F(DeletionTest, RemovingTheLastFinalizerDeletes) {
  make_cm("f");
  ASSERT_TRUE(cms_->remove("default", "f", policy("Foreground")).ok());
  json obj = parse(cms_->get("default", "f").value());
  obj["metadata"]["finalizers"] = json::array();
  ASSERT_TRUE(cms_->update("default", "f", obj, {}).ok());
  EXPECT_EQ(cms_->get("default", "f").error().code, 404);
}

TEST_F(DeletionTest, ScheduledPodGetsItsSpecGracePeriod) {
  make_pod("p", "node-1", 45);
  auto deleted = pods_->remove("default", "p", {});
  ASSERT_TRUE(deleted.ok());
  EXPECT_FALSE(deleted->deleted_now);
  json pod = parse(pods_->get("default", "p").value());
  EXPECT_EQ(pod["metadata"]["deletionGracePeriodSeconds"], 45);
  auto left = deletion_in(pod);
  EXPECT_GT(left.count(), 40);
  EXPECT_LE(left.count(), 45);

  // Status writes while the kubelet stops the pod do not delete it.
  pod["status"]["phase"] = "Running";
  ASSERT_TRUE(pods_->update("default", "p", pod, {false, "status"}).ok());
  ASSERT_TRUE(pods_->get("default", "p").ok());
}

TEST_F(DeletionTest, PodGraceDefaultsTo30AndTheRequestWins) {
  make_pod("default-grace", "node-1");
  ASSERT_TRUE(pods_->remove("default", "default-grace", {}).ok());
  EXPECT_EQ(parse(pods_->get("default", "default-grace").value())["metadata"]["deletionGracePeriodSeconds"], 30);
  make_pod("asked", "node-1");
  ASSERT_TRUE(pods_->remove("default", "asked", grace(5)).ok());
  EXPECT_EQ(parse(pods_->get("default", "asked").value())["metadata"]["deletionGracePeriodSeconds"], 5);
}

TEST_F(DeletionTest, ALaterDeleteMayOnlyShortenTheGrace) {
  make_pod("p", "node-1");
  ASSERT_TRUE(pods_->remove("default", "p", {}).ok());
  json first = parse(pods_->get("default", "p").value());

  auto longer = pods_->remove("default", "p", grace(60));
  ASSERT_TRUE(longer.ok());
  EXPECT_FALSE(longer->deleted_now);
  EXPECT_EQ(parse(pods_->get("default", "p").value()), first);

  ASSERT_TRUE(pods_->remove("default", "p", grace(10)).ok());
  json shorter = parse(pods_->get("default", "p").value());
  EXPECT_EQ(shorter["metadata"]["deletionGracePeriodSeconds"], 10);
  EXPECT_LE(deletion_in(shorter).count(), 10);

  // The kubelet's final DELETE.
  auto gone = pods_->remove("default", "p", grace(0));
  ASSERT_TRUE(gone.ok());
  EXPECT_TRUE(gone->deleted_now);
  EXPECT_EQ(pods_->get("default", "p").error().code, 404);
}

TEST_F(DeletionTest, UnscheduledOrTerminalPodsGoAtOnce) {
  make_pod("pending", "");
  auto pending = pods_->remove("default", "pending", grace(30));
  ASSERT_TRUE(pending.ok());
  EXPECT_TRUE(pending->deleted_now);
  EXPECT_TRUE(parse(pending->object)["metadata"].contains("deletionTimestamp"));

  make_pod("done", "node-1");
  json done = parse(pods_->get("default", "done").value());
  done["status"]["phase"] = "Succeeded";
  ASSERT_TRUE(pods_->update("default", "done", done, {false, "status"}).ok());
  EXPECT_TRUE(pods_->remove("default", "done", {})->deleted_now);

  make_pod("now", "node-1");
  EXPECT_TRUE(pods_->remove("default", "now", grace(0))->deleted_now);
}

TEST_F(DeletionTest, PodWithFinalizerStaysUntilItIsRemoved) {
  make_pod("held", "");
  json pod = parse(pods_->get("default", "held").value());
  pod["metadata"]["finalizers"] = {"example.com/hold"};
  ASSERT_TRUE(pods_->update("default", "held", pod, {}).ok());
  auto pending = pods_->remove("default", "held", {});
  ASSERT_TRUE(pending.ok());
  EXPECT_FALSE(pending->deleted_now);
  pod = parse(pods_->get("default", "held").value());
  pod["metadata"]["finalizers"] = json::array();
  ASSERT_TRUE(pods_->update("default", "held", pod, {}).ok());
  EXPECT_EQ(pods_->get("default", "held").error().code, 404);
}

TEST_F(DeletionTest, NamespaceTerminatesThenFinalizeRemovesIt) {
  ASSERT_TRUE(namespaces_->create("", {{"metadata", {{"name", "x"}}}}, {}).ok());
  json created = parse(namespaces_->get("", "x").value());
  EXPECT_EQ(created["spec"]["finalizers"], json::array({"kubernetes"}));

  auto first = namespaces_->remove("", "x", {});
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->deleted_now);
  json ns = parse(namespaces_->get("", "x").value());
  EXPECT_EQ(ns["status"]["phase"], "Terminating");
  EXPECT_TRUE(ns["metadata"].contains("deletionTimestamp"));

  auto again = namespaces_->remove("", "x", {});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, 409);

  // Creates inside a terminating namespace are refused.
  auto refused = cms_->create("x", {{"metadata", {{"name", "late"}}}}, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, 403);
  EXPECT_EQ(refused.error().details["causes"][0]["reason"], "NamespaceTerminating");

  // A plain update cannot drop spec.finalizers; /finalize changes only them.
  json edited = ns;
  edited["spec"]["finalizers"] = json::array();
  ASSERT_TRUE(namespaces_->update("", "x", edited, {}).ok());
  EXPECT_EQ(parse(namespaces_->get("", "x").value())["spec"]["finalizers"], json::array({"kubernetes"}));

  json finalize = ns;
  finalize["spec"]["finalizers"] = json::array();
  finalize["metadata"]["labels"]["extra"] = "ignored";
  auto written = namespaces_->update("", "x", finalize, {false, "finalize"});
  ASSERT_TRUE(written.ok()) << written.error().message;
  EXPECT_EQ(namespaces_->get("", "x").error().code, 404);
}

// NamespaceLifecycle reads each namespace's status once per stored version: every change of
// the namespace between creates in it is seen (created, terminating, gone, made again).
TEST_F(DeletionTest, CreatesSeeEachChangeOfTheirNamespace) {
  ASSERT_TRUE(namespaces_->create("", {{"metadata", {{"name", "z"}}}}, {}).ok());
  ASSERT_TRUE(cms_->create("z", {{"metadata", {{"name", "early"}}}}, {}).ok());
  ASSERT_TRUE(cms_->create("z", {{"metadata", {{"name", "early-2"}}}}, {}).ok());
  ASSERT_TRUE(namespaces_->remove("", "z", {}).ok());
  auto refused = cms_->create("z", {{"metadata", {{"name", "late"}}}}, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, 403);
  refused = cms_->create("z", {{"metadata", {{"name", "late-2"}}}}, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, 403);

  json finalize = parse(namespaces_->get("", "z").value());
  finalize["spec"]["finalizers"] = json::array();
  ASSERT_TRUE(namespaces_->update("", "z", finalize, {false, "finalize"}).ok());
  auto missing = cms_->create("z", {{"metadata", {{"name", "after"}}}}, {});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, 404);

  ASSERT_TRUE(namespaces_->create("", {{"metadata", {{"name", "z"}}}}, {}).ok());
  auto again = cms_->create("z", {{"metadata", {{"name", "again"}}}}, {});
  EXPECT_TRUE(again.ok()) << again.error().message;
}

TEST_F(DeletionTest, FinalizeKeepsATerminatingNamespaceWhileOtherFinalizersRemain) {
  ASSERT_TRUE(namespaces_->create("", {{"metadata", {{"name", "y"}}},
                                       {"spec", {{"finalizers", {"example.com/x"}}}}}, {}).ok());
  json ns = parse(namespaces_->get("", "y").value());
  EXPECT_EQ(ns["spec"]["finalizers"], json::array({"example.com/x", "kubernetes"}));
  ASSERT_TRUE(namespaces_->remove("", "y", {}).ok());
  ns = parse(namespaces_->get("", "y").value());
  ns["spec"]["finalizers"] = json::array({"example.com/x"});
  ASSERT_TRUE(namespaces_->update("", "y", ns, {false, "finalize"}).ok());
  json kept = parse(namespaces_->get("", "y").value());
  EXPECT_EQ(kept["spec"]["finalizers"], json::array({"example.com/x"}));
  EXPECT_EQ(kept["status"]["phase"], "Terminating");
}

TEST_F(DeletionTest, FinalizeOnAnActiveNamespaceKeepsIt) {
  ASSERT_TRUE(namespaces_->create("", {{"metadata", {{"name", "z"}}}}, {}).ok());
  json ns = parse(namespaces_->get("", "z").value());
  ns["spec"]["finalizers"] = json::array();
  ASSERT_TRUE(namespaces_->update("", "z", ns, {false, "finalize"}).ok());
  json kept = parse(namespaces_->get("", "z").value());
  EXPECT_EQ(kept["spec"]["finalizers"], json::array());
  // With nothing holding it, the first DELETE removes it.
  auto gone = namespaces_->remove("", "z", {});
  ASSERT_TRUE(gone.ok());
  EXPECT_TRUE(gone->deleted_now);
}

TEST_F(DeletionTest, FinalizeIsOnlyForNamespaces) {
  make_cm("c");
  json obj = parse(cms_->get("default", "c").value());
  auto refused = cms_->update("default", "c", obj, {false, "finalize"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, 404);
}

// A collection large enough to be deleted by several workers: every matching object goes, no
// other one, and the answer lists the deleted objects in the list's order.
TEST_F(DeletionTest, DeleteCollectionDeletesEveryMatchingObjectAndListsThemInOrder) {
  for (int i = 0; i < 300; ++i) {
    json obj = {{"metadata", {{"name", "cm-" + std::to_string(1000 + i)}, {"labels", {{"set", i % 3 ? "a" : "b"}}}}}};
    ASSERT_TRUE(cms_->create("default", obj, {}).ok());
  }
  make_cm("unlabelled");
  ListQuery query;
  query.label_selector = "set=a";
  auto deleted = cms_->delete_collection("default", query, {});
  ASSERT_TRUE(deleted.ok()) << deleted.error().message;
  ASSERT_EQ(deleted->items.size(), 200u);
  std::vector<std::string> names;
  for (const auto& bytes : deleted->items) names.push_back(parse(bytes)["metadata"]["name"]);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
  EXPECT_GE(deleted->revision, static_cast<storage::Revision>(std::stoll(
                                   std::string(parse(deleted->items.back())["metadata"]["resourceVersion"]))));
  auto left = cms_->list("default", {});
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(left->items.size(), 101u);
  for (const auto& bytes : left->items) EXPECT_NE(parse(bytes)["metadata"].value("labels", json::object()).value("set", ""), "a");
}

// Objects a delete leaves pending (a finalizer) are listed too, with their deletionTimestamp,
// and stay until the finalizer goes.
TEST_F(DeletionTest, DeleteCollectionListsObjectsLeftWaitingForTheirFinalizers) {
  make_cm("plain");
  make_cm("held", json::array({"example.com/hold"}));
  auto deleted = cms_->delete_collection("default", {}, {});
  ASSERT_TRUE(deleted.ok()) << deleted.error().message;
  ASSERT_EQ(deleted->items.size(), 2u);
  EXPECT_EQ(parse(deleted->items[0])["metadata"]["name"], "held");
  EXPECT_TRUE(parse(deleted->items[0])["metadata"].contains("deletionTimestamp"));
  EXPECT_EQ(cms_->get("default", "plain").error().code, 404);
  EXPECT_TRUE(cms_->get("default", "held").ok());
}

TEST_F(DeletionTest, DeleteCollectionWithABadSelectorDeletesNothing) {
  make_cm("kept");
  ListQuery query;
  query.label_selector = "a in (";
  auto deleted = cms_->delete_collection("default", query, {});
  ASSERT_FALSE(deleted.ok());
  EXPECT_EQ(deleted.error().code, 400);
  EXPECT_TRUE(cms_->get("default", "kept").ok());
}

}  // namespace
}  // namespace kapi::registry
