// The in-process client: each verb reaches the registry's store with its rules.
#include "client/in_process_client.h"

#include <gtest/gtest.h>

#include "tests/client/test_support.h"

namespace kapi::client {
namespace {

using testing::configmap;

class InProcessClientTest : public ::testing::Test {
 protected:
  testing::MemoryRegistry env_;
  InProcessClient impl_{env_.registry, {"system:serviceaccount:kube-system:test-controller", {}}};
  Client& client_ = impl_;
  const Resource& cms_ = resources::kConfigMaps;
};

TEST_F(InProcessClientTest, CreateGetUpdateAndStaleUpdateConflicts) {
  auto created = client_.create(cms_, "default", configmap("default", "a"));
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_FALSE(created->at("metadata").at("uid").get<std::string>().empty());
  auto got = client_.get(cms_, "default", "a");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got.value(), created.value());

  json changed = created.value();
  changed["data"]["k"] = "w";
  auto updated = client_.update(cms_, "", changed);  // namespace taken from the object
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  EXPECT_EQ(updated->at("data").at("k"), "w");

  auto stale = client_.update(cms_, "default", changed);  // old resourceVersion
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, 409);
  EXPECT_EQ(stale.error().reason, "Conflict");
}

TEST_F(InProcessClientTest, ErrorsComeBackAsApiErrors) {
  auto missing = client_.get(cms_, "default", "nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, 404);
  EXPECT_EQ(missing.error().message, "configmaps \"nope\" not found");
  auto unknown = client_.get({"example.com", "v1", "widgets"}, "default", "x");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, 404);
  json bad = configmap("default", "Not_A_Name");
  auto invalid = client_.create(cms_, "default", bad);
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.error().code, 422);
}

TEST_F(InProcessClientTest, ListPagesWithSelectorsAndContinue) {
  for (int i = 0; i < 5; ++i) {
    json cm = configmap("default", "cm" + std::to_string(i));
    cm["metadata"]["labels"] = {{"parity", i % 2 ? "odd" : "even"}};
    ASSERT_TRUE(client_.create(cms_, "default", cm).ok());
  }
  ListOptions even_only;
  even_only.label_selector = "parity=even";
  auto even = client_.list(cms_, "default", even_only);
  ASSERT_TRUE(even.ok());
  EXPECT_EQ(even->items.size(), 3u);

  ListOptions page;
  page.limit = 2;
  auto first = client_.list(cms_, "default", page);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->items.size(), 2u);
  ASSERT_FALSE(first->continue_token.empty());
  EXPECT_EQ(first->remaining, 3);
  page.continue_token = first->continue_token;
  auto second = client_.list(cms_, "default", page);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->items[0]["metadata"]["name"], "cm2");
  EXPECT_EQ(second->resource_version, first->resource_version);  // one snapshot
}

TEST_F(InProcessClientTest, PatchAndStatusUpdate) {
  ASSERT_TRUE(client_.create(cms_, "default", configmap("default", "a")).ok());
  auto merged = client_.patch(cms_, "default", "a", PatchType::kMerge, R"({"data":{"x":"1"}})");
  ASSERT_TRUE(merged.ok()) << merged.error().message;
  EXPECT_EQ(merged->at("data").at("x"), "1");
  EXPECT_EQ(merged->at("data").at("k"), "v");
  auto json_patch = client_.patch(cms_, "default", "a", PatchType::kJson,
                                  R"([{"op":"remove","path":"/data/k"}])");
  ASSERT_TRUE(json_patch.ok()) << json_patch.error().message;
  EXPECT_FALSE(json_patch->at("data").contains("k"));

  json pv = {{"apiVersion", "v1"}, {"kind", "PersistentVolume"}, {"metadata", {{"name", "pv1"}}},
             {"spec", {{"capacity", {{"storage", "1Gi"}}}, {"accessModes", {"ReadWriteOnce"}},
                       {"hostPath", {{"path", "/tmp/x"}}}}}};
  auto created = client_.create(resources::kPersistentVolumes, "", pv);
  ASSERT_TRUE(created.ok()) << created.error().message;
  json with_status = created.value();
  with_status["status"] = {{"phase", "Available"}};
  with_status["spec"]["capacity"]["storage"] = "2Gi";  // ignored by the status subresource
  auto status = client_.update_status(resources::kPersistentVolumes, "", with_status);
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(status->at("status").at("phase"), "Available");
  EXPECT_EQ(status->at("spec").at("capacity").at("storage"), "1Gi");
}

TEST_F(InProcessClientTest, RemoveHonoursPreconditionsAndAnswersAsTheServer) {
  auto created = client_.create(cms_, "default", configmap("default", "a"));
  ASSERT_TRUE(created.ok());
  DeleteOptions wrong;
  wrong.precondition_uid = "not-the-uid";
  auto wrong_uid = client_.remove(cms_, "default", "a", wrong);
  ASSERT_FALSE(wrong_uid.ok());
  EXPECT_EQ(wrong_uid.error().code, 409);
  DeleteOptions right;
  right.precondition_uid = created->at("metadata").at("uid").get<std::string>();
  right.propagation_policy = "Background";
  auto removed = client_.remove(cms_, "default", "a", right);
  ASSERT_TRUE(removed.ok()) << removed.error().message;
  EXPECT_EQ(removed->at("kind"), "Status");
  EXPECT_EQ(removed->at("status"), "Success");
  EXPECT_EQ(client_.get(cms_, "default", "a").error().code, 404);
}

TEST_F(InProcessClientTest, WatchFromAResourceVersionDeliversLaterChangesInOrder) {
  auto created = client_.create(cms_, "default", configmap("default", "a"));
  ASSERT_TRUE(created.ok());
  std::string rv = created->at("metadata").at("resourceVersion");
  WatchOptions from;
  from.resource_version = rv;
  auto watcher = client_.watch(cms_, "default", from);
  ASSERT_TRUE(watcher.ok());
  ASSERT_TRUE(client_.patch(cms_, "default", "a", PatchType::kMerge, R"({"data":{"k":"2"}})").ok());
  ASSERT_TRUE(client_.remove(cms_, "default", "a", {}).ok());
  auto modified = (*watcher)->next();
  ASSERT_TRUE(modified);
  EXPECT_EQ(modified->type, WatchEvent::Type::kModified);
  EXPECT_EQ(modified->object["data"]["k"], "2");
  auto deleted = (*watcher)->next();
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->type, WatchEvent::Type::kDeleted);
  (*watcher)->stop();
  EXPECT_FALSE((*watcher)->next());
}

TEST_F(InProcessClientTest, WatchBelowTheCompactedRevisionIsExpired) {
  auto created = client_.create(cms_, "default", configmap("default", "a"));
  ASSERT_TRUE(created.ok());
  std::string rv = created->at("metadata").at("resourceVersion");
  // Two more writes: compacting at the last one forgets the first of them, which a watch from
  // `rv` would need.
  ASSERT_TRUE(client_.patch(cms_, "default", "a", PatchType::kMerge, R"({"data":{"k":"2"}})").ok());
  ASSERT_TRUE(client_.patch(cms_, "default", "a", PatchType::kMerge, R"({"data":{"k":"3"}})").ok());
  auto& store = env_.registry.storage();
  ASSERT_TRUE(store->compact(store->current_revision()).ok());
  WatchOptions from;
  from.resource_version = rv;
  auto watcher = client_.watch(cms_, "default", from);
  ASSERT_TRUE(watcher.ok());
  auto event = (*watcher)->next();
  ASSERT_TRUE(event);
  EXPECT_EQ(event->type, WatchEvent::Type::kError);
  EXPECT_EQ(event->object["code"], 410);
  EXPECT_FALSE((*watcher)->next());
}

TEST_F(InProcessClientTest, StopUnblocksAWaitingNext) {
  WatchOptions from_now;
  from_now.resource_version = "0";
  auto watcher = client_.watch(cms_, "default", from_now);
  ASSERT_TRUE(watcher.ok());
  std::thread stopper([&] { (*watcher)->stop(); });
  while ((*watcher)->next()) {}  // returns once stopped
  stopper.join();
  SUCCEED();
}

}  // namespace
}  // namespace kapi::client
