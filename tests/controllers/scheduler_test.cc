// The scheduler, with the simulated node as the only node.
#include <gtest/gtest.h>

#include "controllers/scheduler/node_fit.h"
#include "controllers/common/pod_state.h"
#include "tests/controllers/harness.h"

namespace kapi::controllers {
namespace {

using testing::ControllerHarness;
using testing::eventually;
using testing::json;
namespace resources = client::resources;

json pod(const std::string& name) {
  return {{"apiVersion", "v1"},
          {"kind", "Pod"},
          {"metadata", {{"name", name}, {"namespace", "default"}}},
          {"spec", {{"containers", json::array({{{"name", "app"}, {"image", "nginx"}}})}}}};
}

std::string node_of(ControllerHarness& h, const std::string& name) {
  auto p = h.get(resources::kPods, "default", name);
  return p ? (*p)["spec"].value("nodeName", "") : "";
}

const json* condition(const json& obj, const std::string& type) { return find_condition(obj, type); }

bool has_event(ControllerHarness& h, const std::string& reason, const std::string& message_part) {
  for (const auto& e : h.list(resources::kEvents, "default"))
    if (e.value("reason", "") == reason && e.value("message", "").find(message_part) != std::string::npos) return true;
  return false;
}

TEST(Scheduler, BindsPendingPodsToTheReadyNodeAndTheyRun) {
  ControllerHarness h({"scheduler", "node"});
  h.start();
  h.create(resources::kPods, pod("web"));
  ASSERT_TRUE(eventually([&] { return node_of(h, "web") == "kapi-node"; }));
  EXPECT_TRUE(eventually([&] {
    auto p = h.get(resources::kPods, "default", "web");
    return p && (*p)["status"].value("phase", "") == "Running";
  }));
  EXPECT_TRUE(eventually([&] { return has_event(h, "Scheduled", "Successfully assigned default/web to kapi-node"); }));
}

TEST(Scheduler, LeavesPodsForOtherSchedulersAlone) {
  ControllerHarness h({"scheduler", "node"});
  h.start();
  json other = pod("custom");
  other["spec"]["schedulerName"] = "my-scheduler";
  h.create(resources::kPods, other);
  h.create(resources::kPods, pod("marker"));
  ASSERT_TRUE(eventually([&] { return node_of(h, "marker") == "kapi-node"; }));
  EXPECT_EQ(node_of(h, "custom"), "");
}

TEST(Scheduler, UnmatchedNodeSelectorIsUnschedulableUntilTheNodeMatches) {
  ControllerHarness h({"scheduler", "node"});
  h.start();
  ASSERT_TRUE(eventually([&] { return h.exists(resources::kNodes, "", "kapi-node"); }));
  json picky = pod("picky");
  picky["spec"]["nodeSelector"] = {{"disk", "ssd"}};
  h.create(resources::kPods, picky);
  std::string expected =
      "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are "
      "available: 1 Preemption is not helpful for scheduling.";
  ASSERT_TRUE(eventually([&] {
    auto p = h.get(resources::kPods, "default", "picky");
    const json* c = p ? condition(*p, "PodScheduled") : nullptr;
    return c && (*c)["status"] == "False" && (*c)["reason"] == "Unschedulable" && (*c)["message"] == expected;
  }));
  EXPECT_TRUE(eventually([&] { return has_event(h, "FailedScheduling", expected); }));
  // Labelling the node makes it fit; the node update wakes the pod.
  json patch = {{"metadata", {{"labels", {{"disk", "ssd"}}}}}};
  ASSERT_TRUE(h.api().patch(resources::kNodes, "", "kapi-node", client::PatchType::kMerge, patch.dump()).ok());
  EXPECT_TRUE(eventually([&] { return node_of(h, "picky") == "kapi-node"; }));
}

TEST(Scheduler, CordonedNodeTakesNoPods) {
  ControllerHarness h({"scheduler", "node"});
  h.start();
  ASSERT_TRUE(eventually([&] { return h.exists(resources::kNodes, "", "kapi-node"); }));
  json cordon = {{"spec", {{"unschedulable", true}}}};
  ASSERT_TRUE(h.api().patch(resources::kNodes, "", "kapi-node", client::PatchType::kMerge, cordon.dump()).ok());
  // The scheduler learns of the cordon from its informer, a moment after the patch: a probe made
  // before that may still be bound. Probe until one is refused for the cordon; it stays unbound.
  std::string probe;
  for (int i = 0; i < 20 && !has_event(h, "FailedScheduling", "1 node(s) were unschedulable"); ++i) {
    probe = "probe-" + std::to_string(i);
    h.create(resources::kPods, pod(probe));
    eventually([&] {
      return node_of(h, probe) != "" || has_event(h, "FailedScheduling", "1 node(s) were unschedulable");
    });
  }
  ASSERT_TRUE(has_event(h, "FailedScheduling", "1 node(s) were unschedulable"));
  EXPECT_EQ(node_of(h, probe), "");
}

TEST(Scheduler, MissingClaimIsReported) {
  ControllerHarness h({"scheduler", "node"});
  h.start();
  json p = pod("needs-claim");
  p["spec"]["volumes"] = json::array({{{"name", "data"}, {"persistentVolumeClaim", {{"claimName", "nope"}}}}});
  h.create(resources::kPods, p);
  EXPECT_TRUE(eventually([&] { return has_event(h, "FailedScheduling", "persistentvolumeclaim \"nope\" not found"); }));
}

TEST(Scheduler, WaitForFirstConsumerClaimGetsTheSelectedNode) {
  ControllerHarness h({"scheduler", "node"});
  h.start();
  h.create(resources::kStorageClasses, {{"apiVersion", "storage.k8s.io/v1"},
                                        {"kind", "StorageClass"},
                                        {"metadata", {{"name", "lazy"}}},
                                        {"provisioner", "example.com/lazy"},
                                        {"volumeBindingMode", "WaitForFirstConsumer"}});
  h.create(resources::kPersistentVolumeClaims,
           {{"apiVersion", "v1"},
            {"kind", "PersistentVolumeClaim"},
            {"metadata", {{"name", "data"}, {"namespace", "default"}}},
            {"spec", {{"storageClassName", "lazy"}, {"accessModes", {"ReadWriteOnce"}},
                      {"resources", {{"requests", {{"storage", "1Gi"}}}}}}}});
  json p = pod("db");
  p["spec"]["volumes"] = json::array({{{"name", "data"}, {"persistentVolumeClaim", {{"claimName", "data"}}}}});
  h.create(resources::kPods, p);
  ASSERT_TRUE(eventually([&] {
    auto claim = h.get(resources::kPersistentVolumeClaims, "default", "data");
    return claim && (*claim)["metadata"].value("annotations", json::object()).value(
                        "volume.kubernetes.io/selected-node", "") == "kapi-node";
  }));
  // Not bound until the claim is: nothing provisions it here.
  EXPECT_EQ(node_of(h, "db"), "");
}

TEST(Scheduler, ImmediateUnboundClaimBlocksThePod) {
  ControllerHarness h({"scheduler", "node"});
  h.start();
  h.create(resources::kPersistentVolumeClaims,
           {{"apiVersion", "v1"},
            {"kind", "PersistentVolumeClaim"},
            {"metadata", {{"name", "now"}, {"namespace", "default"}}},
            {"spec", {{"storageClassName", ""}, {"accessModes", {"ReadWriteOnce"}},
                      {"resources", {{"requests", {{"storage", "1Gi"}}}}}}}});
  json p = pod("db");
  p["spec"]["volumes"] = json::array({{{"name", "data"}, {"persistentVolumeClaim", {{"claimName", "now"}}}}});
  h.create(resources::kPods, p);
  EXPECT_TRUE(eventually([&] { return has_event(h, "FailedScheduling", "pod has unbound immediate PersistentVolumeClaims"); }));
}

TEST(NodeFit, ResourcesTaintsAndAffinity) {
  json node = {{"metadata", {{"name", "n"}, {"labels", {{"zone", "a"}}}}},
               {"spec", {{"taints", json::array({{{"key", "dedicated"}, {"value", "db"}, {"effect", "NoSchedule"}}})}}},
               {"status",
                {{"conditions", json::array({{{"type", "Ready"}, {"status", "True"}}})},
                 {"allocatable", {{"cpu", "2"}, {"memory", "1Gi"}, {"pods", "2"}}}}}};
  json p = {{"spec", {{"containers", json::array({{{"name", "c"}, {"resources", {{"requests", {{"cpu", "1500m"}}}}}}})}}}};
  EXPECT_EQ(scheduler::node_unfit_reason(p, node, {}), "node(s) had untolerated taint {dedicated: db}");
  p["spec"]["tolerations"] = json::array({{{"key", "dedicated"}, {"operator", "Equal"}, {"value", "db"}}});
  EXPECT_EQ(scheduler::node_unfit_reason(p, node, {}), std::nullopt);
  auto busy = std::make_shared<const json>(p);
  EXPECT_EQ(scheduler::node_unfit_reason(p, node, {busy}), "Insufficient cpu");
  json small = p;
  small["spec"]["containers"][0]["resources"]["requests"]["cpu"] = "100m";
  EXPECT_EQ(scheduler::node_unfit_reason(small, node, {busy, busy}), "Too many pods");
  small["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"] = {
      {"nodeSelectorTerms", json::array({{{"matchExpressions", json::array({{{"key", "zone"}, {"operator", "In"}, {"values", {"b"}}}})}}})}};
  EXPECT_EQ(scheduler::node_unfit_reason(small, node, {}), "node(s) didn't match Pod's node affinity/selector");
  EXPECT_EQ(scheduler::unschedulable_message(3, {{"Insufficient cpu", 1}, {"node(s) were unschedulable", 2}}),
            "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) were unschedulable. preemption: 0/3 nodes are "
            "available: 3 Preemption is not helpful for scheduling.");
}

}  // namespace
}  // namespace kapi::controllers
