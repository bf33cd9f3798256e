// The local-path provisioner over a real (memory) API and a fresh directory tree: what it
// installs, the directory and PV it makes for a claim, reclaim, and the path-safety refusals.
// The PV binder and the scheduler are not running: the tests write their annotations and PV
// phases themselves.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "controllers/localpath/install.h"
#include "controllers/localpath/volume_paths.h"
#include "tests/controllers/harness.h"

namespace kapi::controllers {
namespace {

namespace fs = std::filesystem;
using testing::ControllerHarness;
using testing::eventually;
using testing::json;
namespace resources = client::resources;

constexpr const char* kProvisioner = "rancher.io/local-path";
constexpr const char* kNode = "kapi-node";

// A fresh directory for one test, removed with everything in it at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "kapi-localpath-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);  // symlinks are removed, not followed
  }
  fs::path path() const { return path_; }

 private:
  fs::path path_;
};

class LocalPathTest : public ::testing::Test {
 protected:
  LocalPathTest() : h({"localpath"}), root(tmp.path() / "volumes"), outside(tmp.path() / "outside") {
    h.options.local_path_root = root.string();  // not created yet: the provisioner makes it
    h.options.node_name = kNode;
    fs::create_directories(outside);
    std::ofstream(outside / "keep") << "precious";
  }

  void start() {
    h.start();
    ASSERT_TRUE(eventually([&] { return h.exists(resources::kStorageClasses, "", "local-path"); }));
  }

  // A claim as the PV binder leaves it for an external provisioner; `node` as the scheduler's
  // selected-node ("" for none yet).
  json claim(const std::string& name, const std::string& node, const std::string& class_name = "local-path") {
    json annotations = {{"volume.kubernetes.io/storage-provisioner", kProvisioner},
                        {"volume.beta.kubernetes.io/storage-provisioner", kProvisioner}};
    if (!node.empty()) annotations["volume.kubernetes.io/selected-node"] = node;
    return {{"apiVersion", "v1"},
            {"kind", "PersistentVolumeClaim"},
            {"metadata", {{"name", name}, {"namespace", "default"}, {"annotations", annotations}}},
            {"spec",
             {{"storageClassName", class_name},
              {"accessModes", {"ReadWriteOnce"}},
              {"resources", {{"requests", {{"storage", "1Gi"}}}}}}}};
  }

  std::string uid_of(const json& obj) { return obj["metadata"]["uid"]; }

  std::optional<json> volume(const std::string& name) { return h.get(resources::kPersistentVolumes, "", name); }

  // Waits for the claim's PV, as the provisioner makes it.
  json provisioned(const json& made_claim) {
    std::string name = "pvc-" + uid_of(made_claim);
    EXPECT_TRUE(eventually([&] { return volume(name).has_value(); })) << name;
    return volume(name).value_or(json());
  }

  // Deleted by the provisioner: gone, or held by the pv-protection finalizer (the PV binder,
  // not running here, releases it).
  bool volume_deleted(const std::string& name) {
    auto pv = volume(name);
    return !pv || (*pv)["metadata"].contains("deletionTimestamp");
  }

  // What the PV binder does once the claim is gone.
  void mark_released(const std::string& volume_name) {
    auto pv = volume(volume_name);
    ASSERT_TRUE(pv.has_value());
    (*pv)["status"] = {{"phase", "Released"}};
    auto updated = h.api().update_status(resources::kPersistentVolumes, "", *pv);
    ASSERT_TRUE(updated.ok()) << updated.error().message;
  }

  // A PV that claims to be local-path's, pointing wherever a test likes.
  void craft_released_volume(const std::string& name, const std::string& path) {
    json pv = {{"apiVersion", "v1"},
               {"kind", "PersistentVolume"},
               {"metadata", {{"name", name}, {"annotations", {{"pv.kubernetes.io/provisioned-by", kProvisioner}}}}},
               {"spec",
                {{"persistentVolumeReclaimPolicy", "Delete"},
                 {"accessModes", {"ReadWriteOnce"}},
                 {"capacity", {{"storage", "1Gi"}}},
                 {"storageClassName", "local-path"},
                 {"hostPath", {{"path", path}, {"type", "DirectoryOrCreate"}}}}}};
    h.create(resources::kPersistentVolumes, pv);
    mark_released(name);
  }

  // The events about one object with this reason (events of cluster-scoped objects are in default).
  std::vector<json> events(const std::string& object, const std::string& reason) {
    std::vector<json> found;
    for (const auto& e : h.list(resources::kEvents, "default"))
      if (e["involvedObject"].value("name", "") == object && e.value("reason", "") == reason) found.push_back(e);
    return found;
  }
  bool has_event(const std::string& object, const std::string& reason, const std::string& text = "") {
    for (const auto& e : events(object, reason))
      if (e.value("message", "").find(text) != std::string::npos) return true;
    return false;
  }

  std::string canonical_root() { return fs::canonical(root).string(); }

  TempDir tmp;
  ControllerHarness h;
  fs::path root;
  fs::path outside;
};

TEST_F(LocalPathTest, InstallsDefaultClassNamespaceAndConfig) {
  ASSERT_FALSE(fs::exists(root));
  start();
  EXPECT_TRUE(fs::is_directory(root));

  json sc = *h.get(resources::kStorageClasses, "", "local-path");
  EXPECT_EQ(sc["metadata"]["annotations"]["storageclass.kubernetes.io/is-default-class"], "true");
  EXPECT_EQ(sc["provisioner"], kProvisioner);
  EXPECT_EQ(sc["reclaimPolicy"], "Delete");
  EXPECT_EQ(sc["volumeBindingMode"], "WaitForFirstConsumer");
  EXPECT_FALSE(sc.contains("allowVolumeExpansion") && sc["allowVolumeExpansion"] == true);

  EXPECT_TRUE(eventually([&] { return h.exists(resources::kNamespaces, "", "local-path-storage"); }));
  auto cm = h.get(resources::kConfigMaps, "local-path-storage", "local-path-config");
  ASSERT_TRUE(cm.has_value());
  json config = json::parse((*cm)["data"]["config.json"].get<std::string>());
  ASSERT_EQ(config["nodePathMap"].size(), 1u);
  EXPECT_EQ(config["nodePathMap"][0]["node"], "DEFAULT_PATH_FOR_NON_LISTED_NODES");
  EXPECT_EQ(config["nodePathMap"][0]["paths"], json::array({canonical_root()}));
  EXPECT_NE((*cm)["data"]["setup"].get<std::string>().find("mkdir -m 0777 -p"), std::string::npos);
}

TEST_F(LocalPathTest, RestartKeepsUserChanges) {
  start();
  ASSERT_TRUE(eventually([&] { return h.exists(resources::kConfigMaps, "local-path-storage", "local-path-config"); }));
  // The user edits the config and removes the class; a restart brings back only the class.
  auto edited = h.api().patch(resources::kConfigMaps, "local-path-storage", "local-path-config",
                              client::PatchType::kMerge, R"({"data":{"config.json":"{\"mine\":true}"}})");
  ASSERT_TRUE(edited.ok());
  h.stop();
  ASSERT_TRUE(h.api().remove(resources::kStorageClasses, "", "local-path").ok());
  h.start();
  // The class is installed after the ConfigMap, so once it is back the ConfigMap was seen.
  ASSERT_TRUE(eventually([&] { return h.exists(resources::kStorageClasses, "", "local-path"); }));
  auto cm = h.get(resources::kConfigMaps, "local-path-storage", "local-path-config");
  ASSERT_TRUE(cm.has_value());
  EXPECT_EQ((*cm)["data"]["config.json"], "{\"mine\":true}");

  // An edited class stays as edited when the install runs again.
  auto demoted = h.api().patch(resources::kStorageClasses, "", "local-path", client::PatchType::kMerge,
                               R"({"metadata":{"annotations":{"storageclass.kubernetes.io/is-default-class":"false"}}})");
  ASSERT_TRUE(demoted.ok());
  EXPECT_EQ(localpath::install_defaults(h.api(), canonical_root()), std::nullopt);
  auto sc = h.get(resources::kStorageClasses, "", "local-path");
  EXPECT_EQ((*sc)["metadata"]["annotations"]["storageclass.kubernetes.io/is-default-class"], "false");
}

TEST_F(LocalPathTest, ProvisionsDirectoryAndVolumeOnceANodeIsSelected) {
  start();
  json waiting = h.create(resources::kPersistentVolumeClaims, claim("waiting", ""));
  json placed = h.create(resources::kPersistentVolumeClaims, claim("data", kNode));
  json pv = provisioned(placed);

  std::string uid = uid_of(placed);
  std::string dir = canonical_root() + "/pvc-" + uid + "_default_data";
  struct stat st {};
  ASSERT_EQ(::lstat(dir.c_str(), &st), 0) << dir;
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_EQ(st.st_mode & 07777, 0777u);

  EXPECT_EQ(pv["metadata"]["name"], "pvc-" + uid);
  EXPECT_EQ(pv["metadata"]["annotations"]["local.path.provisioner/selected-node"], kNode);
  EXPECT_EQ(pv["metadata"]["annotations"]["pv.kubernetes.io/provisioned-by"], kProvisioner);
  const json& spec = pv["spec"];
  EXPECT_EQ(spec["persistentVolumeReclaimPolicy"], "Delete");
  EXPECT_EQ(spec["accessModes"], json::array({"ReadWriteOnce"}));
  EXPECT_EQ(spec["volumeMode"], "Filesystem");
  EXPECT_EQ(spec["capacity"]["storage"], "1Gi");
  EXPECT_EQ(spec["storageClassName"], "local-path");
  EXPECT_EQ(spec["claimRef"]["kind"], "PersistentVolumeClaim");
  EXPECT_EQ(spec["claimRef"]["apiVersion"], "v1");
  EXPECT_EQ(spec["claimRef"]["namespace"], "default");
  EXPECT_EQ(spec["claimRef"]["name"], "data");
  EXPECT_EQ(spec["claimRef"]["uid"], uid);
  EXPECT_EQ(spec["claimRef"]["resourceVersion"], placed["metadata"]["resourceVersion"]);
  EXPECT_EQ(spec["hostPath"], (json{{"path", dir}, {"type", "DirectoryOrCreate"}}));
  EXPECT_FALSE(spec.contains("local"));
  json expression = {{"key", "kubernetes.io/hostname"}, {"operator", "In"}, {"values", {kNode}}};
  EXPECT_EQ(spec["nodeAffinity"]["required"]["nodeSelectorTerms"],
            json::array({{{"matchExpressions", json::array({expression})}}}));

  EXPECT_TRUE(eventually([&] { return has_event("data", "ProvisioningSucceeded", "Successfully provisioned volume pvc-" + uid); }));
  ASSERT_TRUE(has_event("data", "Provisioning", "External provisioner is provisioning volume for claim \"default/data\""));
  json event = events("data", "Provisioning").front();
  EXPECT_EQ(event["type"], "Normal");
  std::string component = event["source"]["component"];
  EXPECT_EQ(component.rfind("rancher.io/local-path_", 0), 0u) << component;
  EXPECT_EQ(std::count(component.begin(), component.end(), '_'), 2) << component;

  // The claim without a node was queued first and is still waiting: no PV, no directory, no event.
  std::string waiting_uid = uid_of(waiting);
  EXPECT_FALSE(volume("pvc-" + waiting_uid).has_value());
  EXPECT_FALSE(fs::exists(canonical_root() + "/pvc-" + waiting_uid + "_default_waiting"));
  EXPECT_TRUE(events("waiting", "Provisioning").empty());
  // Once the scheduler picks a node, it gets its volume.
  auto selected = h.api().patch(resources::kPersistentVolumeClaims, "default", "waiting", client::PatchType::kMerge,
                                R"({"metadata":{"annotations":{"volume.kubernetes.io/selected-node":"kapi-node"}}})");
  ASSERT_TRUE(selected.ok());
  provisioned(waiting);
  EXPECT_TRUE(fs::is_directory(canonical_root() + "/pvc-" + waiting_uid + "_default_waiting"));
}

TEST_F(LocalPathTest, DeleteReclaimRemovesDirectoryThenVolume) {
  start();
  json made = h.create(resources::kPersistentVolumeClaims, claim("scratch", kNode));
  json pv = provisioned(made);
  std::string dir = pv["spec"]["hostPath"]["path"];
  fs::create_directories(fs::path(dir) / "nested");
  std::ofstream(fs::path(dir) / "nested" / "file") << "data";

  ASSERT_TRUE(h.api().remove(resources::kPersistentVolumeClaims, "default", "scratch").ok());
  mark_released(pv["metadata"]["name"]);
  EXPECT_TRUE(eventually([&] { return volume_deleted(pv["metadata"]["name"]); }));
  EXPECT_FALSE(fs::exists(dir));
  EXPECT_TRUE(fs::is_directory(root));  // only the volume went
}

TEST_F(LocalPathTest, RetainKeepsDirectoryAndVolume) {
  start();
  json keep_class = {{"apiVersion", "storage.k8s.io/v1"},
                     {"kind", "StorageClass"},
                     {"metadata", {{"name", "local-path-retain"}}},
                     {"provisioner", kProvisioner},
                     {"reclaimPolicy", "Retain"},
                     {"volumeBindingMode", "WaitForFirstConsumer"}};
  h.create(resources::kStorageClasses, keep_class);
  json kept = provisioned(h.create(resources::kPersistentVolumeClaims, claim("kept", kNode, "local-path-retain")));
  json dropped = provisioned(h.create(resources::kPersistentVolumeClaims, claim("dropped", kNode)));
  EXPECT_EQ(kept["spec"]["persistentVolumeReclaimPolicy"], "Retain");

  // Released in this order: once the Delete volume is gone, the Retain one has been looked at.
  mark_released(kept["metadata"]["name"]);
  mark_released(dropped["metadata"]["name"]);
  EXPECT_TRUE(eventually([&] { return volume_deleted(dropped["metadata"]["name"]); }));
  auto still = volume(kept["metadata"]["name"]);
  ASSERT_TRUE(still.has_value());
  EXPECT_FALSE((*still)["metadata"].contains("deletionTimestamp"));
  EXPECT_EQ((*still)["status"]["phase"], "Released");
  EXPECT_TRUE(fs::is_directory(kept["spec"]["hostPath"]["path"].get<std::string>()));
}

TEST_F(LocalPathTest, DeleteRefusesPathsOutsideTheRootAndSymlinks) {
  start();
  std::string base = canonical_root();
  fs::create_symlink(outside, root / "link-to-outside");
  fs::create_directories(outside / "sub");
  fs::create_symlink(outside, root / "linkdir");

  craft_released_volume("crafted-outside", outside.string());
  craft_released_volume("crafted-dotdot", base + "/../outside");
  craft_released_volume("crafted-root", base);
  craft_released_volume("crafted-relative", "volumes/x");
  craft_released_volume("crafted-symlink", base + "/link-to-outside");
  craft_released_volume("crafted-through-symlink", base + "/linkdir/sub");
  for (const char* name : {"crafted-outside", "crafted-dotdot", "crafted-root", "crafted-relative",
                           "crafted-symlink", "crafted-through-symlink"}) {
    EXPECT_TRUE(eventually([&] { return has_event(name, "VolumeFailedDelete", "failed to delete volume"); })) << name;
    EXPECT_FALSE(volume_deleted(name)) << name;
  }
  EXPECT_TRUE(has_event("crafted-outside", "VolumeFailedDelete", "is not inside the local path root"));
  EXPECT_TRUE(has_event("crafted-dotdot", "VolumeFailedDelete", "is not inside the local path root"));
  EXPECT_TRUE(has_event("crafted-relative", "VolumeFailedDelete", "is not absolute"));
  EXPECT_TRUE(has_event("crafted-symlink", "VolumeFailedDelete", "is a symlink"));
  EXPECT_TRUE(has_event("crafted-through-symlink", "VolumeFailedDelete", "is not inside the local path root"));

  EXPECT_TRUE(fs::exists(outside / "keep"));
  EXPECT_TRUE(fs::is_directory(outside / "sub"));
  EXPECT_TRUE(fs::is_symlink(root / "link-to-outside"));
  EXPECT_TRUE(fs::is_directory(root));
}

TEST_F(LocalPathTest, ProvisionRefusesASymlinkAtTheVolumePath) {
  start();
  json made = h.create(resources::kPersistentVolumeClaims, claim("trap", ""));
  std::string link = canonical_root() + "/pvc-" + uid_of(made) + "_default_trap";
  fs::create_symlink(outside, link);
  auto perms_before = fs::status(outside).permissions();

  auto selected = h.api().patch(resources::kPersistentVolumeClaims, "default", "trap", client::PatchType::kMerge,
                                R"({"metadata":{"annotations":{"volume.kubernetes.io/selected-node":"kapi-node"}}})");
  ASSERT_TRUE(selected.ok());
  EXPECT_TRUE(eventually([&] { return has_event("trap", "ProvisioningFailed", "is a symlink"); }));
  json failure = events("trap", "ProvisioningFailed").front();
  EXPECT_EQ(failure["type"], "Warning");
  EXPECT_FALSE(volume("pvc-" + uid_of(made)).has_value());
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(fs::status(outside).permissions(), perms_before);  // no chmod through the link
  EXPECT_TRUE(fs::exists(outside / "keep"));
}

TEST_F(LocalPathTest, UnsupportedClaimsGetProvisioningFailed) {
  start();
  json immediate = {{"apiVersion", "storage.k8s.io/v1"},
                    {"kind", "StorageClass"},
                    {"metadata", {{"name", "local-path-now"}}},
                    {"provisioner", kProvisioner},
                    {"volumeBindingMode", "Immediate"}};
  h.create(resources::kStorageClasses, immediate);

  json selector = claim("with-selector", kNode);
  selector["spec"]["selector"] = {{"matchLabels", {{"tier", "db"}}}};
  json shared = claim("shared", kNode);
  shared["spec"]["accessModes"] = {"ReadWriteMany"};
  json block = claim("block", kNode);
  block["spec"]["volumeMode"] = "Block";
  json bad_type = claim("bad-type", kNode);
  bad_type["metadata"]["annotations"]["volumeType"] = "nfs";
  std::vector<std::pair<json, std::string>> cases = {
      {selector, "claim.Spec.Selector is not supported"},
      {shared, "NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes"},
      {block, "rancher.io/local-path does not support block volume provisioning"},
      {bad_type, "\"nfs\" is not a recognised volume type"},
      {claim("no-node", "", "local-path-now"), "configuration error, no node was specified"},
  };
  for (auto& [c, message] : cases) c = h.create(resources::kPersistentVolumeClaims, c);
  for (const auto& [c, message] : cases) {
    std::string name = c["metadata"]["name"];
    EXPECT_TRUE(eventually([&] { return has_event(name, "ProvisioningFailed", message); })) << name;
    EXPECT_FALSE(volume("pvc-" + uid_of(c)).has_value()) << name;
    EXPECT_FALSE(fs::exists(canonical_root() + "/pvc-" + uid_of(c) + "_default_" + name)) << name;
  }
}

TEST(LocalPathPaths, OnlyPlainComponentsStrictlyInsideTheRoot) {
  using namespace localpath;
  EXPECT_EQ(volume_dir_name("pvc-1", "ns", "data"), "pvc-1_ns_data");
  EXPECT_TRUE(is_plain_component("pvc-1_ns_data"));
  for (const char* bad : {"", ".", "..", "a/b", "../x"}) EXPECT_FALSE(is_plain_component(bad)) << bad;

  EXPECT_TRUE(contained_path("/srv/lp", "/srv/lp/pvc-1").ok());
  EXPECT_EQ(contained_path("/srv/lp", "/srv/lp/pvc-1/").path, "/srv/lp/pvc-1");
  EXPECT_FALSE(contained_path("/srv/lp", "/srv/lp").ok());
  EXPECT_FALSE(contained_path("/srv/lp", "/srv/lp/").ok());
  EXPECT_FALSE(contained_path("/srv/lp", "/srv/lp/..").ok());
  EXPECT_FALSE(contained_path("/srv/lp", "/srv/lp/../etc").ok());
  EXPECT_FALSE(contained_path("/srv/lp", "/srv/lpx/pvc-1").ok());
  EXPECT_FALSE(contained_path("/srv/lp", "srv/lp/pvc-1").ok());
  EXPECT_FALSE(contained_path("/srv/lp", "").ok());

  TempDir tmp;
  EXPECT_FALSE(create_volume_dir(tmp.path().string(), "../escape").ok());
  EXPECT_FALSE(create_volume_dir(tmp.path().string(), "a/b").ok());
  EXPECT_FALSE(fs::exists(tmp.path().parent_path() / "escape"));
  auto made = create_volume_dir(tmp.path().string(), "pvc-1_ns_data");
  ASSERT_TRUE(made.ok()) << made.error;
  EXPECT_TRUE(fs::is_directory(made.path));
  EXPECT_TRUE(create_volume_dir(tmp.path().string(), "pvc-1_ns_data").ok());  // idempotent
  EXPECT_EQ(remove_volume_dir(tmp.path().string(), made.path), std::nullopt);
  EXPECT_FALSE(fs::exists(made.path));
  EXPECT_EQ(remove_volume_dir(tmp.path().string(), made.path), std::nullopt);  // already gone
}

}  // namespace
}  // namespace kapi::controllers
