// The Deployment controller over the ReplicaSet controller, against a real registry; the test
// plays the kubelet (every pod it sees becomes Running and Ready).
#include <gtest/gtest.h>

#include "controllers/common/owner_refs.h"
#include "controllers/deployment/replicaset_revisions.h"
#include "controllers/deployment/rolling_update_math.h"
#include "tests/controllers/harness.h"

namespace kapi::controllers {
namespace {

using testing::ControllerHarness;
using client::testing::eventually;
namespace resources = client::resources;
namespace ro = rollout;

// --- the arithmetic, alone ---

TEST(RollingUpdateMath, PercentsRoundSurgeUpAndUnavailableDown) {
  EXPECT_EQ(ro::scaled_value("25%", 10, true), 3);
  EXPECT_EQ(ro::scaled_value("25%", 10, false), 2);
  EXPECT_EQ(ro::scaled_value("100%", 7, false), 7);
  EXPECT_EQ(ro::scaled_value(2, 10, true), 2);
  EXPECT_EQ(ro::scaled_value("2", 10, true), std::nullopt);  // a string must be a percent
  auto f = ro::resolve_fenceposts("25%", "25%", 3);
  EXPECT_EQ(f.max_surge, 1);
  EXPECT_EQ(f.max_unavailable, 0);
  f = ro::resolve_fenceposts(0, "10%", 5);  // both round to 0: one may be unavailable
  EXPECT_EQ(f.max_surge, 0);
  EXPECT_EQ(f.max_unavailable, 1);
}

TEST(RollingUpdateMath, DeploymentBoundsAndScaleSteps) {
  json d = {{"spec", {{"replicas", 10}, {"strategy", {{"type", "RollingUpdate"}, {"rollingUpdate", {{"maxSurge", "30%"}, {"maxUnavailable", 20}}}}}}}};
  EXPECT_EQ(ro::max_surge(d), 3);
  EXPECT_EQ(ro::max_unavailable(d), 10);  // capped at spec.replicas
  d["spec"]["strategy"] = {{"type", "Recreate"}};
  EXPECT_EQ(ro::max_surge(d), 0);
  EXPECT_EQ(ro::max_unavailable(d), 0);
  // 10 wanted, surge 3: from old 10 + new 0 the new set may take 3; never past 10.
  EXPECT_EQ(ro::new_rs_replicas_rolling(10, 3, 10, 0), 3);
  EXPECT_EQ(ro::new_rs_replicas_rolling(10, 3, 13, 3), 3);
  EXPECT_EQ(ro::new_rs_replicas_rolling(10, 3, 11, 9), 10);
  // 13 in all, at least 8 available, the new set's 3 not ready: 2 old pods may go.
  EXPECT_EQ(ro::max_scaled_down(13, 10, 2, 3, 0), 2);
  EXPECT_EQ(ro::max_scaled_down(13, 10, 0, 3, 0), 0);
}

TEST(RollingUpdateMath, ProportionalShares) {
  // Sets of 6 and 4 sized for 10 (+0 surge); the deployment grows to 15: shares 3 and 2.
  EXPECT_EQ(ro::proportion(6, 15, 15, 10, 5, 0), 3);
  EXPECT_EQ(ro::proportion(4, 15, 15, 10, 5, 3), 2);
  EXPECT_EQ(ro::proportion(4, 15, 15, 10, 5, 5), 0);  // nothing left to hand out
  EXPECT_EQ(ro::proportion(6, 5, 5, 10, -5, 0), -3);
  EXPECT_EQ(ro::proportion(6, 0, 0, 10, -10, 0), -6);  // scaling to zero empties every set
}

TEST(ReplicaSetRevisions, HashIgnoresTheHashLabelAndRollbackKeepsHistory) {
  json tmpl = {{"metadata", {{"labels", {{"app", "web"}}}}}, {"spec", {{"containers", json::array()}}}};
  json labelled = tmpl;
  labelled["metadata"]["labels"]["pod-template-hash"] = "abc";
  EXPECT_EQ(ro::pod_template_hash(tmpl, 0), ro::pod_template_hash(labelled, 0));
  EXPECT_NE(ro::pod_template_hash(tmpl, 0), ro::pod_template_hash(tmpl, 1));
  EXPECT_TRUE(ro::templates_equal_ignoring_hash(tmpl, labelled));

  json annotations = {{"team", "a"}, {"kubectl.kubernetes.io/last-applied-configuration", "{}"}};
  json d = {{"metadata", {{"annotations", annotations}}}, {"spec", {{"replicas", 3}}}};
  json rs = {{"metadata", {{"annotations", {{"deployment.kubernetes.io/revision", "1"}}}}}};
  EXPECT_TRUE(ro::set_new_rs_annotations(d, rs, 3, true, 1));
  EXPECT_EQ(rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"], "3");
  EXPECT_EQ(rs["metadata"]["annotations"]["deployment.kubernetes.io/revision-history"], "1");
  EXPECT_EQ(rs["metadata"]["annotations"]["team"], "a");
  EXPECT_FALSE(rs["metadata"]["annotations"].contains("kubectl.kubernetes.io/last-applied-configuration"));
  EXPECT_FALSE(ro::set_new_rs_annotations(d, rs, 3, true, 1));  // already there: no change
}

// --- the controllers ---

json deployment(const std::string& name, int replicas, const std::string& image) {
  return {{"apiVersion", "apps/v1"},
          {"kind", "Deployment"},
          {"metadata", {{"name", name}, {"namespace", "default"}}},
          {"spec",
           {{"replicas", replicas},
            {"selector", {{"matchLabels", {{"app", name}}}}},
            {"template",
             {{"metadata", {{"labels", {{"app", name}}}}},
              {"spec", {{"containers", json::array({{{"name", "c"}, {"image", image}}})}}}}}}}};
}

struct Cluster {
  ControllerHarness h{{"deployment", "replicaset"}};
  Cluster() { h.start(); }

  // The kubelet: every pod not yet ready becomes Running and Ready.
  void run_pods() {
    for (auto& pod : h.list(resources::kPods, "default")) {
      bool ready = false;
      for (auto& c : pod["status"].value("conditions", json::array()))
        if (c.value("type", "") == "Ready") ready = true;
      if (!ready && !pod["metadata"].contains("deletionTimestamp")) h.mark_running_ready("default", pod["metadata"]["name"]);
    }
  }
  json get(const std::string& name) { return h.get(resources::kDeployments, "default", name).value_or(json()); }
  std::vector<json> sets(const std::string& d) {
    std::vector<json> out;
    auto dep = get(d);
    for (auto& rs : h.list(resources::kReplicaSets, "default"))
      if (is_controlled_by(rs, dep["metadata"]["uid"])) out.push_back(rs);
    return out;
  }
  std::optional<json> set_with_image(const std::string& d, const std::string& image) {
    for (auto& rs : sets(d))
      if (rs["spec"]["template"]["spec"]["containers"][0]["image"] == image) return rs;
    return std::nullopt;
  }
  // What kubectl rollout status waits for.
  bool rolled_out(const std::string& name) {
    json d = get(name);
    const json& s = d.value("status", json::object());
    int64_t want = d["spec"]["replicas"];
    bool deadline_exceeded = false;
    for (auto& c : s.value("conditions", json::array()))
      if (c["type"] == "Progressing" && c["reason"] == "ProgressDeadlineExceeded") deadline_exceeded = true;
    return s.value("observedGeneration", 0) >= d["metadata"].value("generation", 0) && s.value("updatedReplicas", 0) == want &&
           s.value("replicas", 0) == want && s.value("availableReplicas", 0) == want && !deadline_exceeded;
  }
  bool settle(const std::string& name) {
    return eventually([&] {
      run_pods();
      return rolled_out(name) && condition(name, "Progressing").value("reason", "") == "NewReplicaSetAvailable";
    });
  }
  json condition(const std::string& name, const std::string& type) {
    for (auto& c : get(name).value("status", json::object()).value("conditions", json::array()))
      if (c["type"] == type) return c;
    return json::object();
  }
  void patch(const std::string& name, const json& body) {
    auto patched = h.api().patch(resources::kDeployments, "default", name, client::PatchType::kMerge, body.dump());
    ASSERT_TRUE(patched.ok()) << patched.error().message;
  }
  void set_image(const std::string& name, const std::string& image) {
    json d = get(name);
    d["spec"]["template"]["spec"]["containers"][0]["image"] = image;
    patch(name, {{"spec", {{"template", d["spec"]["template"]}}}});
  }
  bool has_event(const std::string& reason, const std::string& message) {
    for (auto& e : h.list(resources::kEvents, "default"))
      if (e.value("reason", "") == reason && e.value("message", "") == message) return true;
    return false;
  }
  std::string revision(const json& obj) {
    return obj["metadata"].value("annotations", json::object()).value("deployment.kubernetes.io/revision", "");
  }
};

TEST(DeploymentController, NewReplicaSetNamedByTemplateHash) {
  Cluster c;
  json d = c.h.create(resources::kDeployments, deployment("web", 3, "nginx:1"));
  ASSERT_TRUE(c.settle("web"));
  auto sets = c.sets("web");
  ASSERT_EQ(sets.size(), 1u);
  json rs = sets[0];
  std::string hash = ro::pod_template_hash(d["spec"]["template"], 0);
  EXPECT_EQ(rs["metadata"]["name"], "web-" + hash);
  EXPECT_EQ(rs["metadata"]["labels"]["pod-template-hash"], hash);
  EXPECT_EQ(rs["spec"]["selector"]["matchLabels"]["pod-template-hash"], hash);
  EXPECT_EQ(rs["spec"]["template"]["metadata"]["labels"]["pod-template-hash"], hash);
  EXPECT_EQ(rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"], "1");
  EXPECT_EQ(rs["metadata"]["annotations"]["deployment.kubernetes.io/desired-replicas"], "3");
  EXPECT_EQ(rs["metadata"]["annotations"]["deployment.kubernetes.io/max-replicas"], "4");  // 25% of 3 rounds up
  EXPECT_TRUE(c.has_event("ScalingReplicaSet", "Scaled up replica set web-" + hash + " from 0 to 3"));
  EXPECT_EQ(c.h.list(resources::kPods, "default", "pod-template-hash=" + hash).size(), 3u);

  json now = c.get("web");
  EXPECT_EQ(c.revision(now), "1");
  // The revision goes in with the status (as upstream), so a new Deployment stays generation 1.
  EXPECT_EQ(now["metadata"]["generation"], 1);
  EXPECT_EQ(now["status"]["observedGeneration"], 1);
  EXPECT_EQ(now["status"]["readyReplicas"], 3);
  EXPECT_EQ(now["status"].value("unavailableReplicas", 0), 0);
  json available = c.condition("web", "Available");
  EXPECT_EQ(available["status"], "True");
  EXPECT_EQ(available["reason"], "MinimumReplicasAvailable");
  EXPECT_EQ(available["message"], "Deployment has minimum availability.");
  json progressing = c.condition("web", "Progressing");
  EXPECT_EQ(progressing["status"], "True");
  EXPECT_EQ(progressing["message"], "ReplicaSet \"web-" + hash + "\" has successfully progressed.");
  EXPECT_TRUE(progressing.contains("lastUpdateTime"));
}

TEST(DeploymentController, RollingUpdateStaysWithinSurgeAndUnavailable) {
  Cluster c;
  json spec = deployment("web", 4, "nginx:1");
  spec["spec"]["strategy"] = {{"type", "RollingUpdate"}, {"rollingUpdate", {{"maxSurge", 1}, {"maxUnavailable", 1}}}};
  c.h.create(resources::kDeployments, spec);
  ASSERT_TRUE(c.settle("web"));
  c.set_image("web", "nginx:2");
  int64_t most_specs = 0, fewest_ready = 4;
  ASSERT_TRUE(eventually([&] {
    int64_t specs = 0, ready = 0;
    for (auto& rs : c.sets("web")) specs += rs["spec"].value("replicas", 0);
    for (auto& pod : c.h.list(resources::kPods, "default", "app=web"))
      for (auto& cond : pod["status"].value("conditions", json::array()))
        if (cond["type"] == "Ready" && cond["status"] == "True") ++ready;
    most_specs = std::max(most_specs, specs);
    fewest_ready = std::min(fewest_ready, ready);
    c.run_pods();
    auto v2 = c.set_with_image("web", "nginx:2");
    return v2 && c.rolled_out("web") && (*v2)["spec"]["replicas"] == 4;
  }));
  EXPECT_LE(most_specs, 5);    // 4 + maxSurge 1
  EXPECT_GE(fewest_ready, 3);  // 4 − maxUnavailable 1
  auto v1 = c.set_with_image("web", "nginx:1");
  ASSERT_TRUE(v1);
  EXPECT_TRUE(eventually([&] { return c.set_with_image("web", "nginx:1").value()["spec"]["replicas"] == 0; }));
  EXPECT_EQ(c.revision(*c.set_with_image("web", "nginx:2")), "2");
  EXPECT_TRUE(eventually([&] { return c.revision(c.get("web")) == "2"; }));
  EXPECT_TRUE(eventually([&] { return c.h.list(resources::kPods, "default", "app=web").size() == 4; }));
}

TEST(DeploymentController, RecreateStopsOldPodsBeforeStartingNew) {
  Cluster c;
  json spec = deployment("db", 2, "pg:1");
  spec["spec"]["strategy"] = {{"type", "Recreate"}};
  c.h.create(resources::kDeployments, spec);
  ASSERT_TRUE(c.settle("db"));
  c.set_image("db", "pg:2");
  bool mixed = false;
  ASSERT_TRUE(eventually([&] {
    std::set<std::string> images;
    for (auto& pod : c.h.list(resources::kPods, "default", "app=db")) images.insert(pod["spec"]["containers"][0]["image"]);
    if (images.size() > 1) mixed = true;
    c.run_pods();
    return c.rolled_out("db") && c.set_with_image("db", "pg:2").has_value();
  }));
  EXPECT_FALSE(mixed);
  EXPECT_EQ(c.set_with_image("db", "pg:1").value()["spec"]["replicas"], 0);
}

TEST(DeploymentController, RollbackReusesTheOldReplicaSetAndBumpsItsRevision) {
  Cluster c;
  c.h.create(resources::kDeployments, deployment("web", 2, "nginx:1"));
  ASSERT_TRUE(c.settle("web"));
  json v1 = c.sets("web")[0];
  c.set_image("web", "nginx:2");
  ASSERT_TRUE(eventually([&] {
    c.run_pods();
    return c.rolled_out("web") && c.set_with_image("web", "nginx:2").has_value();
  }));
  // What `kubectl rollout undo` sends: the old set's template without its hash label, re-encoded
  // by Go, so every container carries `resources: {}`; the stored template must have it too.
  json tmpl = v1["spec"]["template"];
  EXPECT_EQ(tmpl["spec"]["containers"][0]["resources"], json::object());
  tmpl["metadata"]["labels"].erase("pod-template-hash");
  json ops = json::array({{{"op", "replace"}, {"path", "/spec/template"}, {"value", tmpl}}});
  ASSERT_TRUE(c.h.api().patch(resources::kDeployments, "default", "web", client::PatchType::kJson, ops.dump()).ok());
  ASSERT_TRUE(eventually([&] {
    c.run_pods();
    auto back = c.set_with_image("web", "nginx:1");
    return c.rolled_out("web") && back && c.revision(*back) == "3" && (*back)["spec"]["replicas"] == 2;
  }));
  EXPECT_EQ(c.sets("web").size(), 2u);  // no third set
  auto back = c.set_with_image("web", "nginx:1").value();
  EXPECT_EQ(back["metadata"]["name"], v1["metadata"]["name"]);
  EXPECT_EQ(back["metadata"]["annotations"]["deployment.kubernetes.io/revision-history"], "1");
  EXPECT_TRUE(eventually([&] { return c.revision(c.get("web")) == "3"; }));
}

TEST(DeploymentController, PausedDeploymentDoesNotRollOut) {
  Cluster c;
  c.h.create(resources::kDeployments, deployment("web", 2, "nginx:1"));
  ASSERT_TRUE(c.settle("web"));
  c.patch("web", {{"spec", {{"paused", true}}}});
  c.set_image("web", "nginx:2");
  ASSERT_TRUE(eventually([&] {
    json d = c.get("web");
    return c.condition("web", "Progressing").value("reason", "") == "DeploymentPaused" &&
           d["status"].value("observedGeneration", 0) == d["metadata"].value("generation", 0);
  }));
  EXPECT_EQ(c.sets("web").size(), 1u);
  EXPECT_EQ(c.condition("web", "Progressing")["message"], "Deployment is paused");
  // Scaling still works while paused.
  c.patch("web", {{"spec", {{"replicas", 3}}}});
  ASSERT_TRUE(eventually([&] { return c.set_with_image("web", "nginx:1").value()["spec"]["replicas"] == 3; }));
  EXPECT_EQ(c.sets("web").size(), 1u);

  c.patch("web", {{"spec", {{"paused", false}}}});
  ASSERT_TRUE(eventually([&] {
    c.run_pods();
    auto v2 = c.set_with_image("web", "nginx:2");
    return v2 && c.rolled_out("web");
  }));
}

TEST(DeploymentController, RevisionHistoryLimitDeletesOldestEmptySets) {
  Cluster c;
  json spec = deployment("web", 1, "nginx:1");
  spec["spec"]["revisionHistoryLimit"] = 1;
  c.h.create(resources::kDeployments, spec);
  ASSERT_TRUE(c.settle("web"));
  for (const char* image : {"nginx:2", "nginx:3"}) {
    c.set_image("web", image);
    ASSERT_TRUE(eventually([&] {
      c.run_pods();
      return c.set_with_image("web", image).has_value() && c.rolled_out("web");
    }));
  }
  EXPECT_TRUE(eventually([&] {
    c.run_pods();
    return c.sets("web").size() == 2 && !c.set_with_image("web", "nginx:1");
  }));
  EXPECT_TRUE(c.set_with_image("web", "nginx:2").has_value());
}

TEST(DeploymentController, ScaleAndRestartMakeTheExpectedSets) {
  Cluster c;
  c.h.create(resources::kDeployments, deployment("web", 2, "nginx:1"));
  ASSERT_TRUE(c.settle("web"));
  std::string first = c.sets("web")[0]["metadata"]["name"];
  c.patch("web", {{"spec", {{"replicas", 4}}}});
  ASSERT_TRUE(c.settle("web"));
  EXPECT_TRUE(c.has_event("ScalingReplicaSet", "Scaled up replica set " + first + " from 2 to 4"));
  EXPECT_EQ(c.sets("web").size(), 1u);
  // kubectl rollout restart
  c.patch("web", {{"spec", {{"template", {{"metadata", {{"annotations", {{"kubectl.kubernetes.io/restartedAt", "2024-01-01T00:00:00Z"}}}}}}}}}});
  ASSERT_TRUE(eventually([&] {
    c.run_pods();
    return c.sets("web").size() == 2 && c.rolled_out("web");
  }));
  EXPECT_TRUE(eventually([&] { return c.revision(c.get("web")) == "2"; }));
}

TEST(DeploymentController, ProgressDeadlineExceeded) {
  Cluster c;
  json spec = deployment("stuck", 1, "nginx:1");
  spec["spec"]["progressDeadlineSeconds"] = 1;
  c.h.create(resources::kDeployments, spec);  // nobody runs its pods
  ASSERT_TRUE(eventually([&] { return c.condition("stuck", "Progressing").value("reason", "") == "ProgressDeadlineExceeded"; }));
  json cond = c.condition("stuck", "Progressing");
  EXPECT_EQ(cond["status"], "False");
  EXPECT_EQ(cond["message"], "ReplicaSet \"" + c.sets("stuck")[0]["metadata"]["name"].get<std::string>() + "\" has timed out progressing.");
  EXPECT_EQ(c.condition("stuck", "Available")["reason"], "MinimumReplicasUnavailable");
}

}  // namespace
}  // namespace kapi::controllers
