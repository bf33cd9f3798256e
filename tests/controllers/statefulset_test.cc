// The StatefulSet controller alone (no node, no scheduler, no GC): the test plays the kubelet
// with mark_running_ready and finishes graceful deletions itself.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "controllers/common/owner_refs.h"
#include "controllers/common/pod_state.h"
#include "tests/controllers/harness.h"

namespace kapi::controllers {
namespace {

using testing::ControllerHarness;
using testing::eventually;
namespace resources = client::resources;

constexpr const char* kNs = "default";

json make_set(const std::string& name, int replicas, const json& spec_extra = json::object()) {
  json set = {{"apiVersion", "apps/v1"},
              {"kind", "StatefulSet"},
              {"metadata", {{"name", name}, {"namespace", kNs}}},
              {"spec",
               {{"replicas", replicas},
                {"serviceName", name + "-svc"},
                {"selector", {{"matchLabels", {{"app", name}}}}},
                {"template",
                 {{"metadata", {{"labels", {{"app", name}, {"tier", "db"}}}, {"annotations", {{"note", "x"}}}}},
                  {"spec", {{"containers", json::array({{{"name", "c"}, {"image", "nginx:1"}}})}}}}}}}};
  set["spec"].update(spec_extra);
  return set;
}

json claim_templates() {
  return json::array({{{"metadata", {{"name", "data"}, {"labels", {{"kind", "storage"}, {"app", "other"}}}}},
                       {"spec",
                        {{"accessModes", json::array({"ReadWriteOnce"})},
                         {"resources", {{"requests", {{"storage", "1Gi"}}}}}}}}});
}

std::string pod(const std::string& set, int ordinal) { return set + "-" + std::to_string(ordinal); }

int64_t rv(const json& obj) { return std::stoll(obj["metadata"]["resourceVersion"].get<std::string>()); }

std::string label(const json& obj, const std::string& key) {
  const auto& labels = obj["metadata"].value("labels", json::object());
  return labels.value(key, "");
}

// Pods the controller deleted may stay terminating once deletion is graceful; nothing runs them
// here, so finish those deletions as the kubelet would.
void finish_terminating(ControllerHarness& h) {
  for (const auto& p : h.list(resources::kPods, kNs)) {
    if (!is_terminating(p)) continue;
    client::DeleteOptions now;
    now.grace_period_seconds = 0;
    (void)h.api().remove(resources::kPods, kNs, p["metadata"]["name"].get<std::string>(), now);
  }
}

// Plays the kubelet until pods set-0..n-1 all exist and are Running+Ready.
bool bring_up(ControllerHarness& h, const std::string& set, int n, int first = 0) {
  return eventually([&] {
    finish_terminating(h);
    bool all = true;
    for (int i = first; i < first + n; i++) {
      auto p = h.get(resources::kPods, kNs, pod(set, i));
      if (!p) {
        all = false;
        continue;
      }
      if (is_terminating(*p)) {
        all = false;
      } else if (pod_phase(*p) != "Running" || !is_pod_ready(*p)) {
        h.mark_running_ready(kNs, pod(set, i));
        all = false;
      }
    }
    return all;
  });
}

void patch_set(ControllerHarness& h, const std::string& name, const json& body) {
  auto patched = h.api().patch(resources::kStatefulSets, kNs, name, client::PatchType::kMerge, body.dump());
  ASSERT_TRUE(patched.ok()) << patched.error().message;
}

json set_status(ControllerHarness& h, const std::string& name) {
  auto set = h.get(resources::kStatefulSets, kNs, name);
  return set ? set->value("status", json::object()) : json::object();
}

// Events about the set with this reason, oldest first, each repeated as often as it happened.
std::vector<std::string> event_messages(ControllerHarness& h, const std::string& set, const std::string& reason) {
  auto events = h.list(resources::kEvents, kNs);
  std::sort(events.begin(), events.end(), [](const json& a, const json& b) { return rv(a) < rv(b); });
  std::vector<std::string> messages;
  for (const auto& e : events)
    if (e["involvedObject"].value("name", "") == set && e.value("reason", "") == reason)
      for (int64_t n = 0; n < e.value("count", int64_t{1}); n++) messages.push_back(e.value("message", ""));
  return messages;
}

// Gives the controller a moment to do something it must not do.
bool stays_absent(ControllerHarness& h, const client::Resource& r, const std::string& name) {
  return !eventually([&] { return h.exists(r, kNs, name); }, std::chrono::milliseconds(300));
}

TEST(StatefulSet, OrderedReadyCreatesClaimsThenPodsOneAtATime) {
  ControllerHarness h({"statefulset"});
  h.start();
  h.create(resources::kStatefulSets, make_set("web", 3, {{"volumeClaimTemplates", claim_templates()}}));

  ASSERT_TRUE(eventually([&] { return h.exists(resources::kPods, kNs, "web-0"); }));
  auto claim = h.get(resources::kPersistentVolumeClaims, kNs, "data-web-0");
  ASSERT_TRUE(claim.has_value());
  auto p0 = *h.get(resources::kPods, kNs, "web-0");
  EXPECT_LT(rv(*claim), rv(p0)) << "the claim comes before the pod";
  // Claim labels: the template's plus the selector's, the selector winning.
  EXPECT_EQ(label(*claim, "kind"), "storage");
  EXPECT_EQ(label(*claim, "app"), "web");
  EXPECT_FALSE((*claim)["metadata"].contains("ownerReferences")) << "Retain/Retain sets no refs";

  // The pod's identity.
  EXPECT_EQ(label(p0, "statefulset.kubernetes.io/pod-name"), "web-0");
  EXPECT_EQ(label(p0, "apps.kubernetes.io/pod-index"), "0");
  EXPECT_EQ(label(p0, "tier"), "db");
  EXPECT_EQ(p0["metadata"]["annotations"]["note"], "x");
  EXPECT_EQ(p0["metadata"]["generateName"], "web-");
  EXPECT_EQ(p0["spec"]["hostname"], "web-0");
  EXPECT_EQ(p0["spec"]["subdomain"], "web-svc");
  auto owner = controller_of(p0);
  ASSERT_TRUE(owner.has_value());
  EXPECT_EQ(owner->value("kind", ""), "StatefulSet");
  EXPECT_EQ(owner->value("name", ""), "web");
  bool has_volume = false;
  for (const auto& v : p0["spec"]["volumes"])
    if (v["name"] == "data") has_volume = v["persistentVolumeClaim"]["claimName"] == "data-web-0";
  EXPECT_TRUE(has_volume);
  ASSERT_TRUE(eventually([&] { return !set_status(h, "web").value("updateRevision", "").empty(); }));
  std::string hash = label(p0, "controller-revision-hash");
  EXPECT_EQ(hash, set_status(h, "web")["updateRevision"]);
  EXPECT_EQ(hash.rfind("web-", 0), 0u);

  // web-1 waits for web-0 to be Running and Ready.
  EXPECT_TRUE(stays_absent(h, resources::kPods, "web-1"));
  ASSERT_TRUE(h.mark_running_ready(kNs, "web-0"));
  ASSERT_TRUE(eventually([&] { return h.exists(resources::kPods, kNs, "web-1"); }));
  EXPECT_TRUE(h.exists(resources::kPersistentVolumeClaims, kNs, "data-web-1"));
  EXPECT_TRUE(stays_absent(h, resources::kPods, "web-2"));
  ASSERT_TRUE(bring_up(h, "web", 3));

  auto created = event_messages(h, "web", "SuccessfulCreate");
  EXPECT_NE(std::find(created.begin(), created.end(), "create Claim data-web-0 Pod web-0 in StatefulSet web success"),
            created.end());
  EXPECT_NE(std::find(created.begin(), created.end(), "create Pod web-0 in StatefulSet web successful"), created.end());
}

TEST(StatefulSet, ParallelCreatesAllAtOnceAndStartsAtOrdinalsStart) {
  ControllerHarness h({"statefulset"});
  h.start();
  h.create(resources::kStatefulSets, make_set("par", 3, {{"podManagementPolicy", "Parallel"}, {"ordinals", {{"start", 5}}}}));
  ASSERT_TRUE(eventually([&] {
    return h.exists(resources::kPods, kNs, "par-5") && h.exists(resources::kPods, kNs, "par-6") &&
           h.exists(resources::kPods, kNs, "par-7");
  }));
  EXPECT_FALSE(h.exists(resources::kPods, kNs, "par-0"));
  EXPECT_EQ(label(*h.get(resources::kPods, kNs, "par-7"), "apps.kubernetes.io/pod-index"), "7");
}

TEST(StatefulSet, StatusCountsPodsAndRevisions) {
  ControllerHarness h({"statefulset"});
  h.start();
  auto made = h.create(resources::kStatefulSets, make_set("st", 2));
  ASSERT_TRUE(bring_up(h, "st", 2));
  ASSERT_TRUE(eventually([&] { return set_status(h, "st").value("readyReplicas", 0) == 2; }));
  json status = set_status(h, "st");
  EXPECT_EQ(status["replicas"], 2);
  EXPECT_EQ(status["availableReplicas"], 2);
  EXPECT_EQ(status["currentReplicas"], 2);
  EXPECT_EQ(status["updatedReplicas"], 2);
  EXPECT_EQ(status["currentRevision"], status["updateRevision"]);
  EXPECT_EQ(status["observedGeneration"], made["metadata"]["generation"]);
  EXPECT_EQ(status.value("collisionCount", 0), 0);
}

TEST(StatefulSet, ScaleDownRemovesHighestFirstAndKeepsClaims) {
  ControllerHarness h({"statefulset"});
  h.start();
  h.create(resources::kStatefulSets, make_set("sd", 3, {{"volumeClaimTemplates", claim_templates()}}));
  ASSERT_TRUE(bring_up(h, "sd", 3));
  patch_set(h, "sd", {{"spec", {{"replicas", 1}}}});
  ASSERT_TRUE(eventually([&] {
    finish_terminating(h);
    return !h.exists(resources::kPods, kNs, "sd-1") && !h.exists(resources::kPods, kNs, "sd-2");
  }));
  EXPECT_TRUE(h.exists(resources::kPods, kNs, "sd-0"));
  // The event is written just after the delete it reports.
  std::vector<std::string> deleted;
  ASSERT_TRUE(eventually([&] {
    deleted = event_messages(h, "sd", "SuccessfulDelete");
    return deleted.size() >= 2;
  }));
  ASSERT_EQ(deleted.size(), 2u);
  EXPECT_EQ(deleted[0], "delete Pod sd-2 in StatefulSet sd successful");
  EXPECT_EQ(deleted[1], "delete Pod sd-1 in StatefulSet sd successful");
  for (int i = 0; i < 3; i++) EXPECT_TRUE(h.exists(resources::kPersistentVolumeClaims, kNs, "data-sd-" + std::to_string(i)));
  ASSERT_TRUE(eventually([&] { return set_status(h, "sd").value("replicas", -1) == 1; }));

  // Scaling up again reuses the kept claims.
  auto claim_uid = (*h.get(resources::kPersistentVolumeClaims, kNs, "data-sd-1"))["metadata"]["uid"];
  patch_set(h, "sd", {{"spec", {{"replicas", 2}}}});
  ASSERT_TRUE(bring_up(h, "sd", 2));
  EXPECT_EQ((*h.get(resources::kPersistentVolumeClaims, kNs, "data-sd-1"))["metadata"]["uid"], claim_uid);
}

TEST(StatefulSet, RetentionPolicyDeleteWorksThroughOwnerRefs) {
  ControllerHarness h({"statefulset"});
  h.start();
  auto made = h.create(resources::kStatefulSets,
                       make_set("rp", 2, {{"volumeClaimTemplates", claim_templates()},
                                          {"persistentVolumeClaimRetentionPolicy",
                                           {{"whenDeleted", "Delete"}, {"whenScaled", "Delete"}}}}));
  std::string set_uid = made["metadata"]["uid"];
  ASSERT_TRUE(bring_up(h, "rp", 2));
  auto owners = [&](const std::string& claim) {
    auto c = h.get(resources::kPersistentVolumeClaims, kNs, claim);
    return c ? c->at("metadata").value("ownerReferences", json::array()) : json::array();
  };
  json refs = owners("data-rp-1");
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0]["uid"], set_uid);
  EXPECT_EQ(refs[0]["kind"], "StatefulSet");
  EXPECT_EQ(refs[0]["controller"], true);

  std::string pod_uid = (*h.get(resources::kPods, kNs, "rp-1"))["metadata"]["uid"];
  patch_set(h, "rp", {{"spec", {{"replicas", 1}}}});
  // The scaled-down pod's claim is handed to the pod (set before the pod is deleted).
  ASSERT_TRUE(eventually([&] {
    json r = owners("data-rp-1");
    return r.size() == 1 && r[0]["uid"] == pod_uid && r[0]["kind"] == "Pod";
  }));
  ASSERT_TRUE(eventually([&] {
    finish_terminating(h);
    return !h.exists(resources::kPods, kNs, "rp-1");
  }));
  EXPECT_EQ(owners("data-rp-0").size(), 1u);
  EXPECT_EQ(owners("data-rp-0")[0]["uid"], set_uid);
}

TEST(StatefulSet, RollingUpdateWithPartitionGoesInReverseOrder) {
  ControllerHarness h({"statefulset"});
  h.start();
  h.create(resources::kStatefulSets, make_set("ru", 3));
  ASSERT_TRUE(bring_up(h, "ru", 3));
  ASSERT_TRUE(eventually([&] { return set_status(h, "ru").value("readyReplicas", 0) == 3; }));
  std::string old_revision = set_status(h, "ru")["updateRevision"];

  patch_set(h, "ru", {{"spec",
                       {{"updateStrategy", {{"type", "RollingUpdate"}, {"rollingUpdate", {{"partition", 1}}}}},
                        {"template", {{"spec", {{"containers", json::array({{{"name", "c"}, {"image", "nginx:2"}}})}}}}}}}});
  std::string new_revision;
  ASSERT_TRUE(eventually([&] {
    new_revision = set_status(h, "ru").value("updateRevision", "");
    return new_revision != old_revision && !new_revision.empty();
  }));
  auto revision_of = [&](int i) {
    auto p = h.get(resources::kPods, kNs, pod("ru", i));
    return p && !is_terminating(*p) ? label(*p, "controller-revision-hash") : std::string();
  };
  // ru-2 first; ru-1 keeps the old revision until ru-2 is back and Ready.
  ASSERT_TRUE(eventually([&] {
    finish_terminating(h);
    return revision_of(2) == new_revision;
  }));
  EXPECT_EQ(revision_of(1), old_revision);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(revision_of(1), old_revision) << "waits for ru-2 to be healthy";
  ASSERT_TRUE(bring_up(h, "ru", 1, 2));
  ASSERT_TRUE(eventually([&] {
    finish_terminating(h);
    return revision_of(1) == new_revision;
  }));
  ASSERT_TRUE(bring_up(h, "ru", 3));
  EXPECT_EQ(revision_of(0), old_revision) << "below the partition";
  ASSERT_TRUE(eventually([&] {
    json s = set_status(h, "ru");
    return s.value("updatedReplicas", 0) == 2 && s.value("currentReplicas", 0) == 1 && s.value("readyReplicas", 0) == 3;
  }));
  EXPECT_EQ(set_status(h, "ru")["currentRevision"], old_revision);
  auto image = (*h.get(resources::kPods, kNs, "ru-2"))["spec"]["containers"][0]["image"];
  EXPECT_EQ(image, "nginx:2");

  // Partition 0 finishes the rollout; the update revision becomes current.
  patch_set(h, "ru", {{"spec", {{"updateStrategy", {{"rollingUpdate", {{"partition", 0}}}}}}}});
  ASSERT_TRUE(eventually([&] {
    finish_terminating(h);
    if (revision_of(0) == new_revision) bring_up(h, "ru", 3);
    json s = set_status(h, "ru");
    return s.value("currentRevision", "") == new_revision && s.value("currentReplicas", 0) == 3;
  }));
  std::vector<std::string> deleted;
  ASSERT_TRUE(eventually([&] {
    deleted = event_messages(h, "ru", "SuccessfulDelete");
    return deleted.size() >= 3;
  }));
  ASSERT_EQ(deleted.size(), 3u);
  EXPECT_EQ(deleted[0], "delete Pod ru-2 in StatefulSet ru successful");
  EXPECT_EQ(deleted[1], "delete Pod ru-1 in StatefulSet ru successful");
  EXPECT_EQ(deleted[2], "delete Pod ru-0 in StatefulSet ru successful");
}

TEST(StatefulSet, OnDeleteWaitsForPodsToBeDeleted) {
  ControllerHarness h({"statefulset"});
  h.start();
  h.create(resources::kStatefulSets, make_set("od", 2, {{"updateStrategy", {{"type", "OnDelete"}}}}));
  ASSERT_TRUE(bring_up(h, "od", 2));
  ASSERT_TRUE(eventually([&] { return set_status(h, "od").value("readyReplicas", 0) == 2; }));
  std::string old_revision = set_status(h, "od")["updateRevision"];
  std::string uid1 = (*h.get(resources::kPods, kNs, "od-1"))["metadata"]["uid"];
  patch_set(h, "od", {{"spec", {{"template", {{"metadata", {{"annotations", {{"note", "y"}}}}}}}}}});
  ASSERT_TRUE(eventually([&] { return set_status(h, "od").value("updateRevision", old_revision) != old_revision; }));
  std::string new_revision = set_status(h, "od")["updateRevision"];
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ((*h.get(resources::kPods, kNs, "od-1"))["metadata"]["uid"], uid1) << "OnDelete leaves pods alone";
  EXPECT_TRUE(event_messages(h, "od", "SuccessfulDelete").empty());

  client::DeleteOptions now;
  now.grace_period_seconds = 0;
  ASSERT_TRUE(h.api().remove(resources::kPods, kNs, "od-1", now).ok());
  ASSERT_TRUE(eventually([&] {
    auto p = h.get(resources::kPods, kNs, "od-1");
    return p && (*p)["metadata"]["uid"] != uid1;
  }));
  auto p1 = *h.get(resources::kPods, kNs, "od-1");
  EXPECT_EQ(label(p1, "controller-revision-hash"), new_revision);
  EXPECT_EQ(p1["metadata"]["annotations"]["note"], "y");
  EXPECT_EQ(label(*h.get(resources::kPods, kNs, "od-0"), "controller-revision-hash"), old_revision);
  EXPECT_EQ(set_status(h, "od")["currentRevision"], old_revision);
}

TEST(StatefulSet, FailedPodIsRecreatedWithTheSameName) {
  ControllerHarness h({"statefulset"});
  h.start();
  h.create(resources::kStatefulSets, make_set("fp", 1));
  ASSERT_TRUE(bring_up(h, "fp", 1));
  auto p = *h.get(resources::kPods, kNs, "fp-0");
  std::string uid = p["metadata"]["uid"];
  p["status"]["phase"] = "Failed";
  ASSERT_TRUE(h.api().update_status(resources::kPods, kNs, p).ok());
  ASSERT_TRUE(eventually([&] {
    finish_terminating(h);
    auto again = h.get(resources::kPods, kNs, "fp-0");
    return again && (*again)["metadata"]["uid"] != uid;
  }));
  EXPECT_EQ(pod_phase(*h.get(resources::kPods, kNs, "fp-0")), "Pending");
}

TEST(StatefulSet, ControllerRevisionsAreNamedNumberedReusedAndPruned) {
  ControllerHarness h({"statefulset"});
  h.start();
  h.create(resources::kStatefulSets, make_set("cr", 1, {{"revisionHistoryLimit", 1}}));
  ASSERT_TRUE(eventually([&] { return !set_status(h, "cr").value("updateRevision", "").empty(); }));
  std::string first = set_status(h, "cr")["updateRevision"];
  auto revision = *h.get(resources::kControllerRevisions, kNs, first);
  EXPECT_EQ(revision["revision"], 1);
  EXPECT_EQ(revision["data"]["spec"]["template"]["$patch"], "replace");
  EXPECT_EQ(revision["data"]["spec"]["template"]["metadata"]["labels"]["app"], "cr");
  std::string hash = label(revision, "controller.kubernetes.io/hash");
  EXPECT_EQ(first, "cr-" + hash);
  EXPECT_EQ(label(revision, "app"), "cr");
  EXPECT_EQ(controller_of(revision)->value("name", ""), "cr");

  auto set_image = [&](const std::string& image) {
    patch_set(h, "cr", {{"spec", {{"template", {{"spec", {{"containers", json::array({{{"name", "c"}, {"image", image}}})}}}}}}}});
  };
  auto update_revision_changes_from = [&](const std::string& before) {
    std::string now;
    EXPECT_TRUE(eventually([&] {
      now = set_status(h, "cr").value("updateRevision", "");
      return now != before;
    }));
    return now;
  };
  set_image("nginx:2");
  std::string second = update_revision_changes_from(first);
  EXPECT_EQ((*h.get(resources::kControllerRevisions, kNs, second))["revision"], 2);

  // Rolling back to the first template reuses its revision with the next number.
  set_image("nginx:1");
  EXPECT_EQ(update_revision_changes_from(second), first);
  ASSERT_TRUE(eventually([&] { return (*h.get(resources::kControllerRevisions, kNs, first))["revision"] == 3; }));

  // Let the rollout finish so only the update revision is live, then a third template: with a
  // history limit of 1, the oldest non-live revision goes.
  ASSERT_TRUE(eventually([&] {
    finish_terminating(h);
    bring_up(h, "cr", 1);
    return set_status(h, "cr").value("currentRevision", "") == first &&
           label(*h.get(resources::kPods, kNs, "cr-0"), "controller-revision-hash") == first;
  }));
  set_image("nginx:3");
  std::string third = update_revision_changes_from(first);
  ASSERT_TRUE(eventually([&] {
    finish_terminating(h);
    bring_up(h, "cr", 1);
    return set_status(h, "cr").value("currentRevision", "") == third;
  }));
  ASSERT_TRUE(eventually([&] { return h.list(resources::kControllerRevisions, kNs).size() == 2; }));
  EXPECT_TRUE(h.exists(resources::kControllerRevisions, kNs, third));
  EXPECT_TRUE(h.exists(resources::kControllerRevisions, kNs, first)) << "the newest non-live one is kept";
  EXPECT_FALSE(h.exists(resources::kControllerRevisions, kNs, second));
}

TEST(StatefulSet, AdoptsMatchingOrphansAndReleasesPodsThatStopMatching) {
  ControllerHarness h({"statefulset"});
  h.start();
  json orphan = {{"apiVersion", "v1"},
                 {"kind", "Pod"},
                 {"metadata", {{"name", "ad-0"}, {"namespace", kNs}, {"labels", {{"app", "ad"}}}}},
                 {"spec", {{"containers", json::array({{{"name", "c"}, {"image", "nginx:1"}}})}}}};
  std::string orphan_uid = h.create(resources::kPods, orphan)["metadata"]["uid"];
  h.create(resources::kStatefulSets, make_set("ad", 1));
  ASSERT_TRUE(eventually([&] {
    auto p = h.get(resources::kPods, kNs, "ad-0");
    return p && controller_of(*p).has_value();
  }));
  auto adopted = *h.get(resources::kPods, kNs, "ad-0");
  EXPECT_EQ(adopted["metadata"]["uid"], orphan_uid);
  EXPECT_EQ(controller_of(adopted)->value("name", ""), "ad");

  adopted["metadata"]["labels"] = {{"app", "elsewhere"}};
  ASSERT_TRUE(h.api().update(resources::kPods, kNs, adopted).ok());
  ASSERT_TRUE(eventually([&] {
    auto p = h.get(resources::kPods, kNs, "ad-0");
    return p && !controller_of(*p).has_value();
  }));
}

TEST(StatefulSet, RestartMidRolloutMakesNoDuplicates) {
  ControllerHarness h({"statefulset"});
  h.start();
  h.create(resources::kStatefulSets, make_set("rs", 3, {{"volumeClaimTemplates", claim_templates()}}));
  ASSERT_TRUE(bring_up(h, "rs", 1));
  ASSERT_TRUE(eventually([&] { return h.exists(resources::kPods, kNs, "rs-1"); }));
  std::string uid0 = (*h.get(resources::kPods, kNs, "rs-0"))["metadata"]["uid"];
  std::string uid1 = (*h.get(resources::kPods, kNs, "rs-1"))["metadata"]["uid"];

  h.restart();
  ASSERT_TRUE(bring_up(h, "rs", 3));
  h.restart();
  ASSERT_TRUE(eventually([&] { return set_status(h, "rs").value("readyReplicas", 0) == 3; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));

  EXPECT_EQ((*h.get(resources::kPods, kNs, "rs-0"))["metadata"]["uid"], uid0);
  EXPECT_EQ((*h.get(resources::kPods, kNs, "rs-1"))["metadata"]["uid"], uid1);
  EXPECT_EQ(h.list(resources::kPods, kNs).size(), 3u);
  EXPECT_EQ(h.list(resources::kPersistentVolumeClaims, kNs).size(), 3u);
  EXPECT_EQ(h.list(resources::kControllerRevisions, kNs).size(), 1u);
  EXPECT_TRUE(event_messages(h, "rs", "SuccessfulDelete").empty());
  EXPECT_TRUE(event_messages(h, "rs", "FailedCreate").empty());
  auto created = event_messages(h, "rs", "SuccessfulCreate");
  EXPECT_EQ(std::count(created.begin(), created.end(), "create Pod rs-1 in StatefulSet rs successful"), 1);
}

}  // namespace
}  // namespace kapi::controllers
