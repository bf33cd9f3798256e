#include "controllers/builtin.h"

#include <gtest/gtest.h>

#include "controllers/common/owner_refs.h"
#include "controllers/common/pod_state.h"
#include "controllers/common/template_hash.h"
#include "controllers/shared_informers.h"
#include "tests/controllers/harness.h"

namespace kapi::controllers {
namespace {

std::set<std::string> selected(std::vector<std::string> flags) {
  auto got = select_controllers(flags);
  EXPECT_TRUE(std::holds_alternative<std::set<std::string>>(got));
  return std::holds_alternative<std::set<std::string>>(got) ? std::get<std::set<std::string>>(got)
                                                            : std::set<std::string>{};
}

TEST(SelectControllers, StarEnablesAllAndMinusDisables) {
  auto all = selected({"*"});
  EXPECT_EQ(all.size(), builtin_controllers().size());
  auto some = selected({"*", "-statefulset", "-deployment"});
  EXPECT_EQ(some.size(), builtin_controllers().size() - 2);
  EXPECT_FALSE(some.count("statefulset"));
  EXPECT_TRUE(some.count("node"));
}

TEST(SelectControllers, NamesAloneEnableOnlyThem) {
  EXPECT_EQ(selected({"node", "scheduler"}), (std::set<std::string>{"node", "scheduler"}));
  EXPECT_TRUE(selected({}).empty());
  EXPECT_TRUE(selected({"node", "-node"}).empty());
}

TEST(SelectControllers, UnknownNameIsAnError) {
  auto got = select_controllers({"*", "-kubelet"});
  ASSERT_TRUE(std::holds_alternative<std::string>(got));
  EXPECT_NE(std::get<std::string>(got).find("unknown controller \"kubelet\""), std::string::npos);
}

TEST(TemplateHash, UsesTheSafeAlphabetAndTheCollisionCount) {
  json tmpl = {{"metadata", {{"labels", {{"app", "web"}}}}}, {"spec", {{"containers", json::array()}}}};
  std::string h = template_hash(tmpl);
  EXPECT_FALSE(h.empty());
  EXPECT_EQ(h.find_first_not_of("bcdfghjklmnpqrstvwxz2456789"), std::string::npos);
  EXPECT_EQ(h, template_hash(json::parse(tmpl.dump())));  // stable
  EXPECT_NE(h, template_hash(tmpl, 1));
  EXPECT_EQ(safe_encode(0), "4");
  EXPECT_EQ(safe_encode(1234567890), "56789bcdf4");  // each digit c -> alphabet[c % 27]
}

TEST(OwnerRefs, ControllerRefNamesTheOwner) {
  json owner = {{"apiVersion", "apps/v1"}, {"kind", "StatefulSet"}, {"metadata", {{"name", "web"}, {"uid", "u1"}}}};
  json ref = controller_ref(owner);
  EXPECT_EQ(ref["kind"], "StatefulSet");
  EXPECT_EQ(ref["controller"], true);
  EXPECT_EQ(ref["blockOwnerDeletion"], true);
  json pod = {{"metadata", {{"ownerReferences", json::array({ref})}}}};
  EXPECT_TRUE(is_controlled_by(pod, "u1"));
  EXPECT_FALSE(is_controlled_by(pod, "u2"));
  EXPECT_TRUE(has_owner(pod, "u1"));
}

TEST(PodState, ReadyAvailableAndTerminal) {
  auto now = std::chrono::system_clock::now();
  json pod = {{"status",
               {{"phase", "Running"},
                {"conditions", json::array({{{"type", "Ready"}, {"status", "True"},
                                             {"lastTransitionTime", registry::rfc3339(now - std::chrono::seconds(30))}}})}}}};
  EXPECT_TRUE(is_pod_ready(pod));
  EXPECT_TRUE(is_pod_available(pod, 10, now));
  EXPECT_FALSE(is_pod_available(pod, 60, now));
  EXPECT_TRUE(is_pod_active(pod));
  pod["status"]["phase"] = "Failed";
  EXPECT_TRUE(is_pod_terminal(pod));
  EXPECT_FALSE(is_pod_active(pod));
}

TEST(ControllerManager, StartsAndStopsEveryController) {
  testing::ControllerHarness h({"*"});
  h.start();
  h.stop();
}

// metadata_informer() is the whole-object informer when a controller asks for whole objects
// before start(); otherwise it caches metadata only, and only of objects the garbage collector
// acts on (here: with a finalizer). Whole objects asked for once a metadata-only informer runs
// come from a new informer, which caches every object; the running one keeps following.
TEST(SharedInformers, MetadataOnlyUnlessWholeObjectsAreWanted) {
  using namespace std::chrono_literals;
  client::testing::MemoryRegistry memory;
  client::ClientPtr api =
      std::make_shared<client::InProcessClient>(memory.registry, client::Identity{"admin", {"system:masters"}});
  auto held = [](const std::string& name, const std::string& value) {
    client::json cm = client::testing::configmap("default", name, value);
    cm["metadata"]["finalizers"] = {"example.com/hold"};
    return cm;
  };
  ASSERT_TRUE(api->create(client::resources::kConfigMaps, "default", held("a", "v")).ok());
  ASSERT_TRUE(api->create(client::resources::kConfigMaps, "default", client::testing::configmap("default", "plain", "v")).ok());
  SharedInformers informers(api);
  client::Informer& configmaps = informers.metadata_informer(client::resources::kConfigMaps);
  client::Informer& pods_metadata = informers.metadata_informer(client::resources::kPods);
  client::Informer& pods = informers.informer(client::resources::kPods);
  EXPECT_EQ(&pods_metadata, &pods);
  client::Informer& services = informers.informer(client::resources::kServices);
  EXPECT_EQ(&informers.metadata_informer(client::resources::kServices), &services);
  EXPECT_TRUE(configmaps.options().metadata_only);
  EXPECT_FALSE(pods.options().metadata_only);
  EXPECT_FALSE(services.options().metadata_only);

  informers.start();
  ASSERT_TRUE(informers.wait_for_sync(20s));
  auto cached = configmaps.cache().get("default", "a");
  ASSERT_TRUE(cached);
  EXPECT_FALSE(cached->contains("data"));
  EXPECT_EQ(cached->at("metadata").at("name"), "a");
  EXPECT_FALSE(configmaps.cache().get("default", "plain"));
  EXPECT_TRUE(configmaps.options().keep);
  EXPECT_FALSE(pods.options().keep);

  client::Informer& whole = informers.informer(client::resources::kConfigMaps);
  EXPECT_NE(&whole, &configmaps);
  EXPECT_FALSE(whole.options().metadata_only);
  EXPECT_EQ(&informers.metadata_informer(client::resources::kConfigMaps), &whole);
  ASSERT_TRUE(informers.wait_for_sync(20s));
  ASSERT_TRUE(whole.cache().get("default", "a"));
  EXPECT_EQ(whole.cache().get("default", "a")->at("data").at("k"), "v");
  EXPECT_TRUE(whole.cache().get("default", "plain"));
  ASSERT_TRUE(api->create(client::resources::kConfigMaps, "default", held("b", "w")).ok());
  ASSERT_TRUE(api->create(client::resources::kConfigMaps, "default", client::testing::configmap("default", "c", "w")).ok());
  EXPECT_TRUE(client::testing::eventually([&] { return configmaps.cache().get("default", "b") != nullptr; }));
  EXPECT_TRUE(client::testing::eventually([&] { return whole.cache().get("default", "c") != nullptr; }));
  EXPECT_FALSE(configmaps.cache().get("default", "c"));
  informers.stop();
}

// The text test a sparse metadata informer skips parses with: each field name (and a backslash-u escape)
// is found at every offset, also across the 16-byte blocks it reads; look-alikes are not.
TEST(SharedInformers, MayNameGcFieldsFindsEachNameAtEveryOffset) {
  EXPECT_FALSE(may_name_gc_fields(""));
  EXPECT_FALSE(may_name_gc_fields(R"({"metadata":{"name":"a","namespace":"default"},"data":{"k":"v"}})"));
  // Look-alikes: managedFields' "f:finalizers", strings that are not a whole name.
  EXPECT_FALSE(may_name_gc_fields(R"({"f:finalizers":{},"f:ownerReferences":{},"x":"ownerReferencesX","d":"de","o":"ow"})"));
  for (std::string_view name : {"\"ownerReferences\"", "\"finalizers\"", "\"deletionTimestamp\"", "\\u0041"}) {
    for (size_t at = 0; at < 70; ++at) {
      std::string text(at, 'x');
      text += name;
      text += std::string(at % 37, 'y');
      EXPECT_TRUE(may_name_gc_fields(text)) << name << " at " << at;
      // Cut one byte short of the whole name: not found.
      std::string cut = std::string(at, 'x') + std::string(name.substr(0, name.size() - 1));
      if (name[0] == '"') {
        EXPECT_FALSE(may_name_gc_fields(cut)) << name << " cut at " << at;
      }
    }
  }
}

}  // namespace
}  // namespace kapi::controllers
