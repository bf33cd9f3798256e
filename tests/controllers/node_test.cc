// The simulated node: registration, and the kubelet's part of a pod's life.
#include <gtest/gtest.h>

#include "controllers/node/pod_ips.h"
#include "controllers/node/pod_status.h"
#include "controllers/common/pod_state.h"
#include "tests/controllers/harness.h"

namespace kapi::controllers {
namespace {

using testing::ControllerHarness;
using testing::eventually;
using testing::json;
namespace resources = client::resources;

json pod(const std::string& name, const std::string& node) {
  json p = {{"apiVersion", "v1"},
            {"kind", "Pod"},
            {"metadata", {{"name", name}, {"namespace", "default"}}},
            {"spec", {{"containers", json::array({{{"name", "app"}, {"image", "postgres:16"}}})}}}};
  if (!node.empty()) p["spec"]["nodeName"] = node;
  return p;
}

const json* condition(const json& obj, const std::string& type) { return find_condition(obj, type); }

TEST(NodeController, RegistersAReadyNode) {
  ControllerHarness h({"node"});
  h.options.node_name = "n1";
  h.start();
  std::optional<json> node;
  ASSERT_TRUE(eventually([&] {
    node = h.get(resources::kNodes, "", "n1");
    return node && condition(*node, "Ready");
  }));
  EXPECT_EQ((*condition(*node, "Ready"))["status"], "True");
  EXPECT_EQ((*condition(*node, "Ready"))["reason"], "KubeletReady");
  EXPECT_EQ((*node)["metadata"]["labels"]["kubernetes.io/hostname"], "n1");
  EXPECT_TRUE((*node)["metadata"]["labels"].contains("node-role.kubernetes.io/control-plane"));
  EXPECT_EQ((*node)["status"]["capacity"]["pods"], "110");
  EXPECT_EQ((*node)["status"]["allocatable"], (*node)["status"]["capacity"]);
  EXPECT_EQ((*node)["status"]["addresses"][0]["type"], "InternalIP");
  EXPECT_EQ((*node)["status"]["nodeInfo"]["operatingSystem"], "linux");
}

TEST(NodeController, HoldsItsLeaseInKubeNodeLease) {
  ControllerHarness h({"node"});
  h.options.node_name = "n1";
  h.start();
  std::optional<json> lease, node;
  ASSERT_TRUE(eventually([&] {
    lease = h.get(resources::kLeases, "kube-node-lease", "n1");
    node = h.get(resources::kNodes, "", "n1");
    return lease && node;
  }));
  EXPECT_EQ((*lease)["spec"]["holderIdentity"], "n1");
  EXPECT_EQ((*lease)["spec"]["leaseDurationSeconds"], 40);
  const std::string renew = (*lease)["spec"]["renewTime"];
  EXPECT_EQ(renew.size(), std::string("2026-01-02T15:04:05.000000Z").size()) << renew;  // MicroTime
  const json& owner = (*lease)["metadata"]["ownerReferences"][0];
  EXPECT_EQ(owner["kind"], "Node");
  EXPECT_EQ(owner["name"], "n1");
  EXPECT_EQ(owner["uid"], (*node)["metadata"]["uid"]);
}

TEST(NodeController, RunsPodsBoundToItAndNotOthers) {
  ControllerHarness h({"node"});
  h.start();
  h.create(resources::kPods, pod("mine", "kapi-node"));
  h.create(resources::kPods, pod("elsewhere", "other-node"));
  std::optional<json> running;
  ASSERT_TRUE(eventually([&] {
    running = h.get(resources::kPods, "default", "mine");
    return running && (*running)["status"].value("phase", "") == "Running";
  }));
  const json& status = (*running)["status"];
  for (const char* type : {"Initialized", "Ready", "ContainersReady", "PodScheduled"}) {
    ASSERT_TRUE(condition(*running, type)) << type;
    EXPECT_EQ((*condition(*running, type))["status"], "True") << type;
  }
  ASSERT_EQ(status["containerStatuses"].size(), 1u);
  const json& c = status["containerStatuses"][0];
  EXPECT_EQ(c["name"], "app");
  EXPECT_EQ(c["ready"], true);
  EXPECT_EQ(c["started"], true);
  EXPECT_EQ(c["restartCount"], 0);
  EXPECT_TRUE(c["state"].contains("running"));
  EXPECT_EQ(c["image"], "docker.io/library/postgres:16");
  EXPECT_EQ(c["imageID"].get<std::string>().rfind("docker.io/library/postgres@sha256:", 0), 0u);
  EXPECT_EQ(c["containerID"].get<std::string>().size(), std::string("containerd://").size() + 64);
  EXPECT_EQ(status["hostIP"], "10.0.0.10");
  EXPECT_EQ(status["podIP"].get<std::string>().rfind("10.244.0.", 0), 0u);
  EXPECT_TRUE(status.contains("startTime"));
  EXPECT_EQ(status["qosClass"], "BestEffort");  // set at create, kept
  auto other = h.get(resources::kPods, "default", "elsewhere");
  ASSERT_TRUE(other);
  EXPECT_NE((*other)["status"].value("phase", ""), "Running");
}

TEST(NodeController, PodsGetDistinctAddresses) {
  ControllerHarness h({"node"});
  h.start();
  for (int i = 0; i < 5; ++i) h.create(resources::kPods, pod("p" + std::to_string(i), "kapi-node"));
  std::set<std::string> ips;
  ASSERT_TRUE(eventually([&] {
    ips.clear();
    for (const auto& p : h.list(resources::kPods, "default"))
      if (p["status"].contains("podIP")) ips.insert(p["status"]["podIP"].get<std::string>());
    return ips.size() == 5;
  }));
}

TEST(NodeController, FinishesTheDeletionOfItsPods) {
  ControllerHarness h({"node"});
  h.start();
  h.create(resources::kPods, pod("doomed", "kapi-node"));
  ASSERT_TRUE(eventually([&] {
    auto p = h.get(resources::kPods, "default", "doomed");
    return p && (*p)["status"].value("phase", "") == "Running";
  }));
  client::DeleteOptions graceful;
  graceful.grace_period_seconds = 30;
  ASSERT_TRUE(h.api().remove(resources::kPods, "default", "doomed", graceful).ok());
  EXPECT_TRUE(eventually([&] { return !h.exists(resources::kPods, "default", "doomed"); }));
}

TEST(PodIpAllocator, HandsOutTheRangeAndReuses) {
  node::PodIpAllocator ips("10.1.0.0/30");  // .1 and .2 usable
  EXPECT_EQ(ips.allocate("a"), "10.1.0.1");
  EXPECT_EQ(ips.allocate("a"), "10.1.0.1");
  EXPECT_EQ(ips.allocate("b"), "10.1.0.2");
  EXPECT_FALSE(ips.allocate("c").has_value());
  ips.release("a");
  EXPECT_EQ(ips.allocate("c"), "10.1.0.1");
  ips.claim("d", "10.1.0.2");  // taken by b already: b keeps it, d is not recorded twice
}

TEST(PodStatus, NormalizesImagesAsRuntimesReportThem) {
  EXPECT_EQ(node::normalized_image("postgres"), "docker.io/library/postgres:latest");
  EXPECT_EQ(node::normalized_image("postgres:16"), "docker.io/library/postgres:16");
  EXPECT_EQ(node::normalized_image("bitnami/redis:7"), "docker.io/bitnami/redis:7");
  EXPECT_EQ(node::normalized_image("registry.k8s.io/pause:3.9"), "registry.k8s.io/pause:3.9");
  EXPECT_EQ(node::normalized_image("localhost:5000/app"), "localhost:5000/app:latest");
}

}  // namespace
}  // namespace kapi::controllers
