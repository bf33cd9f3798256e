// The PV controller over a registry: static binding (smallest match, class, access-mode groups,
// capacity, selector, volumeName, pre-bound claimRef), WaitForFirstConsumer, the provisioner
// hand-off and a provisioned pvc-<uid>, reclaim policies and the protection finalizers.
#include "tests/controllers/harness.h"

namespace kapi::controllers::testing {
namespace {

json volume(const std::string& name, const std::string& size, const json& modes, const std::string& cls,
            const std::string& policy = "Retain") {
  return {{"apiVersion", "v1"},
          {"kind", "PersistentVolume"},
          {"metadata", {{"name", name}}},
          {"spec",
           {{"capacity", {{"storage", size}}},
            {"accessModes", modes},
            {"storageClassName", cls},
            {"persistentVolumeReclaimPolicy", policy},
            {"hostPath", {{"path", "/tmp/" + name}}}}}};
}

json claim(const std::string& name, const std::string& size, const json& modes, const json& cls) {
  json spec = {{"accessModes", modes}, {"resources", {{"requests", {{"storage", size}}}}}};
  if (!cls.is_null()) spec["storageClassName"] = cls;
  return {{"apiVersion", "v1"},
          {"kind", "PersistentVolumeClaim"},
          {"metadata", {{"name", name}, {"namespace", "default"}}},
          {"spec", spec}};
}

json storage_class(const std::string& name, const std::string& provisioner, const std::string& mode) {
  return {{"apiVersion", "storage.k8s.io/v1"},
          {"kind", "StorageClass"},
          {"metadata", {{"name", name}}},
          {"provisioner", provisioner},
          {"volumeBindingMode", mode}};
}

const json kRWO = json::array({"ReadWriteOnce"});

class PvBinderTest : public ::testing::Test {
 protected:
  PvBinderTest() : h({"pvbinder"}) { h.start(); }

  std::string pv_phase(const std::string& name) {
    auto pv = h.get(resources::kPersistentVolumes, "", name);
    return pv ? (*pv)["status"].value("phase", "") : "";
  }
  std::string pvc_phase(const std::string& name) {
    auto pvc = h.get(resources::kPersistentVolumeClaims, "default", name);
    return pvc ? (*pvc)["status"].value("phase", "") : "";
  }
  json pv(const std::string& name) { return h.get(resources::kPersistentVolumes, "", name).value_or(json()); }
  json pvc(const std::string& name) {
    return h.get(resources::kPersistentVolumeClaims, "default", name).value_or(json());
  }
  // Creates volumes and waits until the controller has put them in the pool.
  void create_available(const std::vector<json>& volumes) {
    for (const auto& v : volumes) h.create(resources::kPersistentVolumes, v);
    for (const auto& v : volumes) {
      std::string name = v["metadata"]["name"];
      ASSERT_TRUE(eventually([&] { return pv_phase(name) == "Available"; })) << name;
    }
  }
  bool bound(const std::string& claim_name) { return pvc_phase(claim_name) == "Bound"; }
  // The event with `reason` about object `name`, if one was recorded.
  // The first event of `reason` about `name` (with `message`, when one is given).
  std::optional<json> find_event(const std::string& name, const std::string& reason, const std::string& message = "") {
    for (const auto& e : h.list(resources::kEvents, "default"))
      if (e["involvedObject"].value("name", "") == name && e.value("reason", "") == reason &&
          (message.empty() || e.value("message", "") == message))
        return e;
    return std::nullopt;
  }
  bool has_event(const std::string& name, const std::string& reason) { return find_event(name, reason).has_value(); }
  static std::string annotation(const json& obj, const std::string& key) {
    return obj["metadata"].value("annotations", json::object()).value(key, "");
  }
  void set_annotation(const client::Resource& r, const std::string& ns, const std::string& name,
                      const std::string& key, const std::string& value) {
    json patch = {{"metadata", {{"annotations", {{key, value}}}}}};
    ASSERT_TRUE(h.api().patch(r, ns, name, client::PatchType::kMerge, patch.dump()).ok());
  }

  ControllerHarness h;
};

TEST_F(PvBinderTest, BindsTheSmallestMatchingVolumeInUpstreamOrder) {
  create_available({volume("small", "1Gi", kRWO, "manual"), volume("medium", "5Gi", kRWO, "manual"),
                    volume("large", "10Gi", kRWO, "manual"), volume("other-class", "2Gi", kRWO, "other")});
  h.create(resources::kPersistentVolumeClaims, claim("data", "2Gi", kRWO, "manual"));
  ASSERT_TRUE(eventually([&] { return bound("data") && pv_phase("medium") == "Bound"; }));

  json v = pv("medium"), c = pvc("data");
  EXPECT_EQ(v["spec"]["claimRef"]["name"], "data");
  EXPECT_EQ(v["spec"]["claimRef"]["namespace"], "default");
  EXPECT_EQ(v["spec"]["claimRef"]["uid"], c["metadata"]["uid"]);
  EXPECT_EQ(annotation(v, "pv.kubernetes.io/bound-by-controller"), "yes");
  EXPECT_EQ(c["spec"]["volumeName"], "medium");
  EXPECT_EQ(annotation(c, "pv.kubernetes.io/bind-completed"), "yes");
  EXPECT_EQ(annotation(c, "pv.kubernetes.io/bound-by-controller"), "yes");
  EXPECT_EQ(c["status"]["capacity"]["storage"], "5Gi");
  EXPECT_EQ(c["status"]["accessModes"], kRWO);
  for (const char* other : {"small", "large", "other-class"}) EXPECT_EQ(pv_phase(other), "Available") << other;
}

// The volumes are Available before the controller starts, so its first list holds both as
// such: created while it runs, the API could show both Available while its cache still had one
// Pending (it skips those, as upstream does) and the claim went to the other.
TEST(PvBinder, TriesTheSmallestAccessModeGroupFirst) {
  ControllerHarness h({"pvbinder"});
  for (json v : {volume("many-modes", "1Gi", {"ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany"}, ""),
                 volume("two-modes", "10Gi", {"ReadWriteOnce", "ReadOnlyMany"}, "")}) {
    json created = h.create(resources::kPersistentVolumes, v);
    created["status"]["phase"] = "Available";
    ASSERT_TRUE(h.api().update_status(resources::kPersistentVolumes, "", created).ok());
  }
  h.start();
  auto bound = [&](const std::string& name) {
    auto pvc = h.get(resources::kPersistentVolumeClaims, "default", name);
    return pvc && (*pvc)["status"].value("phase", "") == "Bound";
  };
  auto volume_of = [&](const std::string& name) {
    return h.get(resources::kPersistentVolumeClaims, "default", name).value_or(json())["spec"].value("volumeName", "");
  };
  h.create(resources::kPersistentVolumeClaims, claim("rwo", "1Gi", kRWO, ""));
  ASSERT_TRUE(eventually([&] { return bound("rwo"); }));
  EXPECT_EQ(volume_of("rwo"), "two-modes");  // the smaller group wins over size
  h.create(resources::kPersistentVolumeClaims, claim("rwx", "1Gi", {"ReadWriteMany"}, ""));
  ASSERT_TRUE(eventually([&] { return bound("rwx"); }));
  EXPECT_EQ(volume_of("rwx"), "many-modes");
}

TEST_F(PvBinderTest, SelectorAndCapacityRuleVolumesOut) {
  json labeled = volume("labeled", "10Gi", kRWO, "");
  labeled["metadata"]["labels"] = {{"tier", "gold"}};
  create_available({volume("plain", "1Gi", kRWO, ""), labeled});
  json selective = claim("gold", "1Gi", kRWO, "");
  selective["spec"]["selector"] = {{"matchLabels", {{"tier", "gold"}}}};
  h.create(resources::kPersistentVolumeClaims, selective);
  ASSERT_TRUE(eventually([&] { return bound("gold"); }));
  EXPECT_EQ(pvc("gold")["spec"]["volumeName"], "labeled");

  // Nothing is big enough and no class is set: Pending with FailedBinding.
  h.create(resources::kPersistentVolumeClaims, claim("huge", "100Gi", kRWO, ""));
  ASSERT_TRUE(eventually([&] { return has_event("huge", "FailedBinding"); }));
  EXPECT_EQ(find_event("huge", "FailedBinding")->value("message", ""),
            "no persistent volumes available for this claim and no storage class is set");
  EXPECT_EQ(pvc_phase("huge"), "Pending");
  EXPECT_EQ(pv_phase("plain"), "Available");
}

TEST_F(PvBinderTest, VolumeNameBindsThatVolumeOrReportsAMismatch) {
  create_available({volume("small", "1Gi", kRWO, ""), volume("chosen", "10Gi", kRWO, "")});
  json named = claim("named", "1Gi", kRWO, "");
  named["spec"]["volumeName"] = "chosen";
  h.create(resources::kPersistentVolumeClaims, named);
  ASSERT_TRUE(eventually([&] { return bound("named") && pv_phase("chosen") == "Bound"; }));
  json c = pvc("named");
  EXPECT_EQ(annotation(c, "pv.kubernetes.io/bind-completed"), "yes");
  EXPECT_EQ(annotation(c, "pv.kubernetes.io/bound-by-controller"), "");  // the user chose
  EXPECT_EQ(annotation(pv("chosen"), "pv.kubernetes.io/bound-by-controller"), "yes");

  json too_big = claim("too-big", "5Gi", kRWO, "");
  too_big["spec"]["volumeName"] = "small";
  h.create(resources::kPersistentVolumeClaims, too_big);
  ASSERT_TRUE(eventually([&] { return has_event("too-big", "VolumeMismatch"); }));
  EXPECT_EQ(find_event("too-big", "VolumeMismatch")->value("message", ""),
            "Cannot bind to requested volume \"small\": requested PV is too small");
  EXPECT_EQ(pv_phase("small"), "Available");

  json taken = claim("taken", "1Gi", kRWO, "");
  taken["spec"]["volumeName"] = "chosen";
  h.create(resources::kPersistentVolumeClaims, taken);
  ASSERT_TRUE(eventually([&] { return has_event("taken", "FailedBinding"); }));
  EXPECT_EQ(pvc_phase("taken"), "Pending");
}

TEST_F(PvBinderTest, PreBoundVolumeWinsOverSmallerOnes) {
  json reserved = volume("reserved", "10Gi", kRWO, "");
  reserved["spec"]["claimRef"] = {{"namespace", "default"}, {"name", "data"}};
  h.create(resources::kPersistentVolumes, reserved);
  create_available({volume("small", "1Gi", kRWO, "")});
  ASSERT_TRUE(eventually([&] { return pv_phase("reserved") == "Available"; }));
  h.create(resources::kPersistentVolumeClaims, claim("data", "1Gi", kRWO, ""));
  ASSERT_TRUE(eventually([&] { return bound("data") && pv_phase("reserved") == "Bound"; }));
  json v = pv("reserved");
  EXPECT_EQ(v["spec"]["claimRef"]["uid"], pvc("data")["metadata"]["uid"]);
  EXPECT_EQ(annotation(v, "pv.kubernetes.io/bound-by-controller"), "");  // the user pre-bound it
  EXPECT_EQ(pv_phase("small"), "Available");
}

TEST_F(PvBinderTest, SeedStaticFlowWithNoProvisionerAndWaitForFirstConsumer) {
  h.create(resources::kStorageClasses, storage_class("local-storage", "kubernetes.io/no-provisioner", "WaitForFirstConsumer"));
  json local = volume("local-pv", "1Gi", kRWO, "local-storage");
  local["spec"]["hostPath"] = {{"path", "/mnt/data"}};
  h.create(resources::kPersistentVolumes, local);
  json named = claim("local-claim", "1Gi", kRWO, "local-storage");
  named["spec"]["volumeName"] = "local-pv";
  h.create(resources::kPersistentVolumeClaims, named);
  ASSERT_TRUE(eventually([&] { return bound("local-claim") && pv_phase("local-pv") == "Bound"; }));
  EXPECT_EQ(pv("local-pv")["spec"]["claimRef"]["name"], "local-claim");
}

TEST_F(PvBinderTest, WaitForFirstConsumerBindsOnlyOnceANodeIsSelected) {
  h.create(resources::kStorageClasses, storage_class("local", "kubernetes.io/no-provisioner", "WaitForFirstConsumer"));
  create_available({volume("local-pv", "1Gi", kRWO, "local")});
  h.create(resources::kPersistentVolumeClaims, claim("data", "1Gi", kRWO, "local"));
  ASSERT_TRUE(eventually([&] { return has_event("data", "WaitForFirstConsumer"); }));
  EXPECT_EQ(find_event("data", "WaitForFirstConsumer")->value("message", ""),
            "waiting for first consumer to be created before binding");
  EXPECT_EQ(pvc_phase("data"), "Pending");
  EXPECT_EQ(pv_phase("local-pv"), "Available");
  // The scheduler picked a node.
  set_annotation(resources::kPersistentVolumeClaims, "default", "data", "volume.kubernetes.io/selected-node", "n1");
  ASSERT_TRUE(eventually([&] { return bound("data") && pv_phase("local-pv") == "Bound"; }));
}

TEST_F(PvBinderTest, ExternalProvisionerHandOffAndProvisionedVolumeBinds) {
  h.create(resources::kStorageClasses, storage_class("fast", "example.com/fast", "Immediate"));
  json made = h.create(resources::kPersistentVolumeClaims, claim("data", "1Gi", kRWO, "fast"));
  ASSERT_TRUE(eventually([&] {
    json c = pvc("data");
    return annotation(c, "volume.kubernetes.io/storage-provisioner") == "example.com/fast" &&
           annotation(c, "volume.beta.kubernetes.io/storage-provisioner") == "example.com/fast";
  }));
  ASSERT_TRUE(eventually([&] { return has_event("data", "ExternalProvisioning"); }));
  EXPECT_NE(find_event("data", "ExternalProvisioning")->value("message", "").find("'example.com/fast'"),
            std::string::npos);

  // The provisioner creates pvc-<uid>, already pointing at the claim.
  std::string uid = made["metadata"]["uid"];
  json provisioned = volume("pvc-" + uid, "1Gi", kRWO, "fast", "Delete");
  provisioned["metadata"]["annotations"] = {{"pv.kubernetes.io/provisioned-by", "example.com/fast"}};
  provisioned["spec"]["claimRef"] = {{"kind", "PersistentVolumeClaim"}, {"apiVersion", "v1"},
                                     {"namespace", "default"}, {"name", "data"}, {"uid", uid}};
  h.create(resources::kPersistentVolumes, provisioned);
  ASSERT_TRUE(eventually([&] { return bound("data") && pv_phase("pvc-" + uid) == "Bound"; }));
  EXPECT_EQ(annotation(pv("pvc-" + uid), "pv.kubernetes.io/bound-by-controller"), "");
  json c = pvc("data");
  EXPECT_EQ(annotation(c, "pv.kubernetes.io/bind-completed"), "yes");
  EXPECT_EQ(annotation(c, "pv.kubernetes.io/bound-by-controller"), "yes");
  EXPECT_EQ(c["spec"]["volumeName"], "pvc-" + uid);
}

TEST_F(PvBinderTest, WaitForFirstConsumerHandsOffOnlyAfterNodeSelection) {
  h.create(resources::kStorageClasses, storage_class("local-path", "rancher.io/local-path", "WaitForFirstConsumer"));
  h.create(resources::kPersistentVolumeClaims, claim("data", "1Gi", kRWO, "local-path"));
  ASSERT_TRUE(eventually([&] { return has_event("data", "WaitForFirstConsumer"); }));
  EXPECT_EQ(annotation(pvc("data"), "volume.kubernetes.io/storage-provisioner"), "");
  set_annotation(resources::kPersistentVolumeClaims, "default", "data", "volume.kubernetes.io/selected-node", "n1");
  ASSERT_TRUE(eventually([&] {
    json c = pvc("data");
    return annotation(c, "volume.kubernetes.io/storage-provisioner") == "rancher.io/local-path" &&
           annotation(c, "volume.beta.kubernetes.io/storage-provisioner") == "rancher.io/local-path";
  }));
  ASSERT_TRUE(eventually([&] { return has_event("data", "ExternalProvisioning"); }));
}

TEST_F(PvBinderTest, UnknownInTreeProvisionerFails) {
  h.create(resources::kStorageClasses, storage_class("legacy", "kubernetes.io/gce-pd", "Immediate"));
  h.create(resources::kPersistentVolumeClaims, claim("data", "1Gi", kRWO, "legacy"));
  // The claim may reach the binder before the class reaches its cache: then it first reports
  // the class not found (as upstream, which reads a lister too) and tries again when the class
  // arrives. Wait for that second answer.
  const std::string wanted = "no volume plugin matched name: kubernetes.io/gce-pd";
  ASSERT_TRUE(eventually([&] { return find_event("data", "ProvisioningFailed", wanted).has_value(); }));
  EXPECT_EQ((*find_event("data", "ProvisioningFailed", wanted))["type"], "Warning");
  EXPECT_EQ(annotation(pvc("data"), "volume.kubernetes.io/storage-provisioner"), "");
}

TEST_F(PvBinderTest, AClassCreatedAfterItsClaimIsUsedWhenItArrives) {
  h.create(resources::kPersistentVolumeClaims, claim("early", "1Gi", kRWO, "late"));
  ASSERT_TRUE(eventually([&] { return has_event("early", "ProvisioningFailed"); }));
  EXPECT_EQ(find_event("early", "ProvisioningFailed")->value("message", ""),
            "storageclass.storage.k8s.io \"late\" not found");
  h.create(resources::kStorageClasses, storage_class("late", "kubernetes.io/gce-pd", "Immediate"));
  EXPECT_TRUE(eventually([&] {
    return find_event("early", "ProvisioningFailed", "no volume plugin matched name: kubernetes.io/gce-pd").has_value();
  }));
}

TEST_F(PvBinderTest, ReclaimRetainKeepsAReleasedVolume) {
  create_available({volume("kept", "1Gi", kRWO, "", "Retain")});
  h.create(resources::kPersistentVolumeClaims, claim("data", "1Gi", kRWO, ""));
  ASSERT_TRUE(eventually([&] { return bound("data"); }));
  ASSERT_TRUE(h.api().remove(resources::kPersistentVolumeClaims, "default", "data").ok());
  // No pod uses it: pvc-protection lets go, the claim goes, the volume is Released and stays.
  ASSERT_TRUE(eventually([&] { return !h.exists(resources::kPersistentVolumeClaims, "default", "data"); }));
  ASSERT_TRUE(eventually([&] { return pv_phase("kept") == "Released"; }));
  EXPECT_EQ(pv("kept")["spec"]["claimRef"]["name"], "data");
}

TEST_F(PvBinderTest, ReclaimDeleteRemovesStaticVolumesAndLeavesProvisionedOnes) {
  json external = volume("external", "1Gi", kRWO, "", "Delete");
  external["metadata"]["annotations"] = {{"pv.kubernetes.io/provisioned-by", "rancher.io/local-path"}};
  external["spec"]["claimRef"] = {{"namespace", "default"}, {"name", "ext"}};
  h.create(resources::kPersistentVolumes, external);
  create_available({volume("static", "5Gi", kRWO, "", "Delete")});
  h.create(resources::kPersistentVolumeClaims, claim("ext", "1Gi", kRWO, ""));
  h.create(resources::kPersistentVolumeClaims, claim("stat", "5Gi", kRWO, ""));
  ASSERT_TRUE(eventually([&] { return bound("ext") && bound("stat"); }));
  EXPECT_EQ(pvc("ext")["spec"]["volumeName"], "external");
  EXPECT_EQ(pvc("stat")["spec"]["volumeName"], "static");

  ASSERT_TRUE(h.api().remove(resources::kPersistentVolumeClaims, "default", "stat").ok());
  ASSERT_TRUE(eventually([&] { return !h.exists(resources::kPersistentVolumes, "", "static"); }));
  ASSERT_TRUE(h.api().remove(resources::kPersistentVolumeClaims, "default", "ext").ok());
  ASSERT_TRUE(eventually([&] { return pv_phase("external") == "Released"; }));
  EXPECT_TRUE(h.exists(resources::kPersistentVolumes, "", "external"));  // the provisioner's to delete
}

TEST_F(PvBinderTest, ClaimProtectionHoldsWhileARunningPodUsesTheClaim) {
  create_available({volume("pv1", "1Gi", kRWO, ""), volume("pv2", "1Gi", kRWO, "")});
  h.create(resources::kPersistentVolumeClaims, claim("used", "1Gi", kRWO, ""));
  ASSERT_TRUE(eventually([&] { return bound("used"); }));
  EXPECT_EQ(pvc("used")["metadata"]["finalizers"], json::array({"kubernetes.io/pvc-protection"}));
  json pod = {{"apiVersion", "v1"},
              {"kind", "Pod"},
              {"metadata", {{"name", "user"}, {"namespace", "default"}}},
              {"spec",
               {{"nodeName", "n1"},
                {"containers", {{{"name", "c"}, {"image", "busybox"}}}},
                {"volumes", {{{"name", "data"}, {"persistentVolumeClaim", {{"claimName", "used"}}}}}}}}};
  h.create(resources::kPods, pod);
  ASSERT_TRUE(h.mark_running_ready("default", "user"));
  ASSERT_TRUE(h.api().remove(resources::kPersistentVolumeClaims, "default", "used").ok());
  // A claim created after the deletion binds: the controller has seen the deleted claim by then.
  h.create(resources::kPersistentVolumeClaims, claim("later", "1Gi", kRWO, ""));
  ASSERT_TRUE(eventually([&] { return bound("later"); }));
  json held = pvc("used");
  ASSERT_FALSE(held.is_null());
  EXPECT_TRUE(held["metadata"].contains("deletionTimestamp"));
  EXPECT_EQ(pv_phase(held["spec"]["volumeName"]), "Bound");

  client::DeleteOptions now;
  now.grace_period_seconds = 0;
  ASSERT_TRUE(h.api().remove(resources::kPods, "default", "user", now).ok());
  ASSERT_TRUE(eventually([&] { return !h.exists(resources::kPersistentVolumeClaims, "default", "used"); }));
  ASSERT_TRUE(eventually([&] { return pv_phase(held["spec"]["volumeName"]) == "Released"; }));
}

TEST_F(PvBinderTest, VolumeProtectionHoldsABoundVolume) {
  create_available({volume("pv1", "1Gi", kRWO, "")});
  EXPECT_EQ(pv("pv1")["metadata"]["finalizers"], json::array({"kubernetes.io/pv-protection"}));
  h.create(resources::kPersistentVolumeClaims, claim("data", "1Gi", kRWO, ""));
  ASSERT_TRUE(eventually([&] { return bound("data"); }));
  ASSERT_TRUE(h.api().remove(resources::kPersistentVolumes, "", "pv1").ok());
  EXPECT_TRUE(pv("pv1")["metadata"].contains("deletionTimestamp"));
  EXPECT_EQ(pv_phase("pv1"), "Bound");
  // Deleting the claim releases the volume, and a released volume may go.
  ASSERT_TRUE(h.api().remove(resources::kPersistentVolumeClaims, "default", "data").ok());
  ASSERT_TRUE(eventually([&] { return !h.exists(resources::kPersistentVolumes, "", "pv1"); }));
}

TEST_F(PvBinderTest, AvailableVolumeDeletedAtOnce) {
  create_available({volume("pv1", "1Gi", kRWO, "")});
  ASSERT_TRUE(h.api().remove(resources::kPersistentVolumes, "", "pv1").ok());
  ASSERT_TRUE(eventually([&] { return !h.exists(resources::kPersistentVolumes, "", "pv1"); }));
}

TEST_F(PvBinderTest, DefaultStorageClassAdmission) {
  json standard = storage_class("standard", "example.com/standard", "Immediate");
  standard["metadata"]["annotations"] = {{"storageclass.kubernetes.io/is-default-class", "true"}};
  h.create(resources::kStorageClasses, standard);
  EXPECT_EQ(h.create(resources::kPersistentVolumeClaims, claim("nil-class", "1Gi", kRWO, nullptr))["spec"]["storageClassName"],
            "standard");
  EXPECT_EQ(h.create(resources::kPersistentVolumeClaims, claim("no-class", "1Gi", kRWO, ""))["spec"]["storageClassName"], "");
  // The defaulted claim is handed to the default class's provisioner.
  ASSERT_TRUE(eventually([&] {
    return annotation(pvc("nil-class"), "volume.kubernetes.io/storage-provisioner") == "example.com/standard";
  }));
}

}  // namespace
}  // namespace kapi::controllers::testing
