// The namespace controller over the in-process API: a deleted namespace is emptied, finalized
// and removed; content held by finalizers keeps it Terminating, with conditions saying why.
#include <array>

#include "controllers/namespace/namespace_conditions.h"
#include "tests/controllers/harness.h"

namespace kapi::controllers::testing {
namespace {

class NamespaceControllerTest : public ::testing::Test {
 protected:
  NamespaceControllerTest() : h({"namespace"}) {}

  void make_namespace(const std::string& name) {
    h.create(resources::kNamespaces, {{"metadata", {{"name", name}}}});
  }
  json make_cm(const std::string& ns, const std::string& name, json finalizers = json::array()) {
    json cm = {{"metadata", {{"name", name}, {"namespace", ns}}}, {"data", {{"k", "v"}}}};
    if (!finalizers.empty()) cm["metadata"]["finalizers"] = finalizers;
    return h.create(resources::kConfigMaps, cm);
  }
  json make_pod(const std::string& ns, const std::string& name, const std::string& node = "") {
    json pod = {{"metadata", {{"name", name}, {"namespace", ns}}},
                {"spec", {{"containers", {{{"name", "c"}, {"image", "nginx"}}}}}}};
    if (!node.empty()) pod["spec"]["nodeName"] = node;
    return h.create(resources::kPods, pod);
  }
  void delete_namespace(const std::string& name) {
    auto result = h.api().remove(resources::kNamespaces, "", name, {});
    ASSERT_TRUE(result.ok()) << result.error().message;
  }
  std::optional<json> condition(const std::string& ns, const std::string& type) {
    auto obj = h.get(resources::kNamespaces, "", ns);
    if (!obj || !(*obj)["status"].contains("conditions")) return std::nullopt;
    for (const auto& c : (*obj)["status"]["conditions"])
      if (c.value("type", "") == type) return c;
    return std::nullopt;
  }

  ControllerHarness h;
};

TEST_F(NamespaceControllerTest, DeletingANamespaceRemovesItsContentThenItself) {
  h.start();
  make_namespace("x");
  make_cm("x", "one");
  make_cm("x", "two");
  h.create(client::Resource{"", "v1", "secrets"},
           {{"metadata", {{"name", "s"}, {"namespace", "x"}}}, {"stringData", {{"a", "b"}}}});
  make_pod("x", "unscheduled");
  h.create(resources::kDeployments, json::parse(R"({
    "metadata": {"name": "web", "namespace": "x"},
    "spec": {"selector": {"matchLabels": {"app": "web"}},
             "template": {"metadata": {"labels": {"app": "web"}},
                          "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}})"));
  make_cm("default", "elsewhere");

  delete_namespace("x");
  EXPECT_TRUE(eventually([&] { return !h.exists(resources::kNamespaces, "", "x"); }));
  EXPECT_TRUE(h.list(resources::kConfigMaps, "x").empty());
  EXPECT_TRUE(h.list(resources::kPods, "x").empty());
  EXPECT_TRUE(h.list(resources::kDeployments, "x").empty());
  EXPECT_TRUE(h.exists(resources::kConfigMaps, "default", "elsewhere"));
}

TEST_F(NamespaceControllerTest, FinalizerOnContentHoldsTheNamespaceTerminating) {
  h.start();
  make_namespace("held");
  make_cm("held", "kept", {"example.com/hold"});
  make_cm("held", "plain");
  delete_namespace("held");

  EXPECT_TRUE(eventually([&] {
    auto c = condition("held", "NamespaceFinalizersRemaining");
    return c && (*c)["status"] == "True";
  }));
  auto content = condition("held", "NamespaceContentRemaining");
  ASSERT_TRUE(content.has_value());
  EXPECT_EQ((*content)["status"], "True");
  EXPECT_EQ((*content)["reason"], "SomeResourcesRemain");
  EXPECT_EQ((*content)["message"], "Some resources are remaining: configmaps. has 1 resource instances");
  auto finalizers = condition("held", "NamespaceFinalizersRemaining");
  EXPECT_EQ((*finalizers)["reason"], "SomeFinalizersRemain");
  EXPECT_EQ((*finalizers)["message"],
            "Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances");
  auto failure = condition("held", "NamespaceDeletionContentFailure");
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ((*failure)["status"], "False");
  EXPECT_EQ((*failure)["reason"], "ContentDeleted");
  auto discovery = condition("held", "NamespaceDeletionDiscoveryFailure");
  ASSERT_TRUE(discovery.has_value());
  EXPECT_EQ((*discovery)["reason"], "ResourcesDiscovered");

  auto ns = h.get(resources::kNamespaces, "", "held");
  ASSERT_TRUE(ns.has_value());
  EXPECT_EQ((*ns)["status"]["phase"], "Terminating");
  EXPECT_EQ((*ns)["spec"]["finalizers"], json::array({"kubernetes"}));
  EXPECT_FALSE(h.exists(resources::kConfigMaps, "held", "plain"));

  auto cm = h.get(resources::kConfigMaps, "held", "kept");
  ASSERT_TRUE(cm.has_value());
  EXPECT_TRUE((*cm)["metadata"].contains("deletionTimestamp"));
  (*cm)["metadata"]["finalizers"] = json::array();
  ASSERT_TRUE(h.api().update(resources::kConfigMaps, "held", *cm).ok());
  EXPECT_TRUE(eventually([&] { return !h.exists(resources::kNamespaces, "", "held"); }));
}

TEST_F(NamespaceControllerTest, ScheduledPodsGetTheirGracePeriod) {
  h.start();
  make_namespace("pods");
  make_pod("pods", "running", "node-1");
  delete_namespace("pods");

  // The pod is marked for graceful deletion, not removed: its kubelet has to stop it first.
  EXPECT_TRUE(eventually([&] {
    auto pod = h.get(resources::kPods, "pods", "running");
    return pod && (*pod)["metadata"].value("deletionGracePeriodSeconds", 0) == 30;
  }));
  EXPECT_TRUE(h.exists(resources::kNamespaces, "", "pods"));

  // The kubelet's final DELETE.
  client::DeleteOptions now;
  now.grace_period_seconds = 0;
  ASSERT_TRUE(h.api().remove(resources::kPods, "pods", "running", now).ok());
  EXPECT_TRUE(eventually([&] { return !h.exists(resources::kNamespaces, "", "pods"); }));
}

TEST_F(NamespaceControllerTest, ActiveNamespacesAreLeftAlone) {
  h.start();
  make_namespace("active");
  make_cm("active", "cm");
  make_namespace("gone");
  delete_namespace("gone");
  EXPECT_TRUE(eventually([&] { return !h.exists(resources::kNamespaces, "", "gone"); }));
  EXPECT_TRUE(h.exists(resources::kConfigMaps, "active", "cm"));
  EXPECT_EQ((*h.get(resources::kNamespaces, "", "active"))["status"]["phase"], "Active");
}

// --- the conditions alone (upstream's namespaceConditionUpdater) ---

json condition_of(const json& status, const std::string& type) {
  for (const auto& c : status["conditions"])
    if (c["type"] == type) return c;
  return json();
}

TEST(NamespaceConditionsTest, AllFiveTypesWithOkVariantsWhenNothingIsWrong) {
  json status = {{"phase", "Terminating"}};
  EXPECT_TRUE(namespace_deletion::update_conditions(status, {}, "2024-01-01T00:00:00Z"));
  ASSERT_EQ(status["conditions"].size(), 5u);
  const std::vector<std::array<const char*, 3>> ok = {
      {"NamespaceDeletionDiscoveryFailure", "ResourcesDiscovered", "All resources successfully discovered"},
      {"NamespaceDeletionGroupVersionParsingFailure", "ParsedGroupVersions", "All legacy kube types successfully parsed"},
      {"NamespaceDeletionContentFailure", "ContentDeleted", "All content successfully deleted, may be waiting on finalization"},
      {"NamespaceContentRemaining", "ContentRemoved", "All content successfully removed"},
      {"NamespaceFinalizersRemaining", "ContentHasNoFinalizers", "All content-preserving finalizers finished"}};
  for (size_t i = 0; i < ok.size(); ++i) {
    const json& c = status["conditions"][i];  // upstream's order, as kubectl describe lists them
    EXPECT_EQ(c["type"], ok[i][0]);
    EXPECT_EQ(c["status"], "False");
    EXPECT_EQ(c["reason"], ok[i][1]);
    EXPECT_EQ(c["message"], ok[i][2]);
    EXPECT_EQ(c["lastTransitionTime"], "2024-01-01T00:00:00Z");
  }
  EXPECT_FALSE(namespace_deletion::update_conditions(status, {}, "2024-01-01T00:01:00Z")) << "nothing to write";
}

TEST(NamespaceConditionsTest, ProblemsSortedAndTransitionTimeMovesOnlyWhenStatusFlips) {
  json status = json::object();
  namespace_deletion::ContentReport blocked;
  blocked.remaining_by_resource = {{"pods.", 2}, {"deployments.apps", 1}};
  blocked.remaining_by_finalizer = {{"example.com/b", 1}, {"example.com/a", 3}};
  blocked.delete_errors = {"z failed", "a failed"};
  ASSERT_TRUE(namespace_deletion::update_conditions(status, blocked, "T1"));
  json content = condition_of(status, "NamespaceContentRemaining");
  EXPECT_EQ(content["status"], "True");
  EXPECT_EQ(content["reason"], "SomeResourcesRemain");
  EXPECT_EQ(content["message"],
            "Some resources are remaining: deployments.apps has 1 resource instances, pods. has 2 resource instances");
  json finalizers = condition_of(status, "NamespaceFinalizersRemaining");
  EXPECT_EQ(finalizers["reason"], "SomeFinalizersRemain");
  EXPECT_EQ(finalizers["message"], "Some content in the namespace has finalizers remaining: "
                                   "example.com/a in 3 resource instances, example.com/b in 1 resource instances");
  json failure = condition_of(status, "NamespaceDeletionContentFailure");
  EXPECT_EQ(failure["reason"], "ContentDeletionFailed");
  EXPECT_EQ(failure["message"], "Failed to delete all resource types, 2 remaining: a failed, z failed");

  // Fewer left: message changes, status does not, so the transition time stays.
  blocked.remaining_by_resource = {{"pods.", 1}};
  EXPECT_TRUE(namespace_deletion::update_conditions(status, blocked, "T2"));
  content = condition_of(status, "NamespaceContentRemaining");
  EXPECT_EQ(content["message"], "Some resources are remaining: pods. has 1 resource instances");
  EXPECT_EQ(content["lastTransitionTime"], "T1");

  // All gone: back to the ok variant, with a new transition time.
  EXPECT_TRUE(namespace_deletion::update_conditions(status, {}, "T3"));
  content = condition_of(status, "NamespaceContentRemaining");
  EXPECT_EQ(content["status"], "False");
  EXPECT_EQ(content["reason"], "ContentRemoved");
  EXPECT_EQ(content["lastTransitionTime"], "T3");
  EXPECT_EQ(status["conditions"].size(), 5u);
}

}  // namespace
}  // namespace kapi::controllers::testing
