// The generic store over the memory backend: the behaviour every resource shares.
#include "registry/generic_store.h"

#include <gtest/gtest.h>

#include <thread>

#include "registry/object_meta.h"
#include "registry/registry.h"
#include "storage/memory_store.h"

namespace kapi::registry {
namespace {

class GenericStoreTest : public ::testing::Test {
 protected:
  GenericStoreTest() : registry_(storage::make_memory_store()) {
    register_builtin_resources(registry_);
    ensure_system_namespaces(registry_);
    cms_ = registry_.find("", "v1", "configmaps");
    deployments_ = registry_.find("apps", "v1", "deployments");
  }

  static json cm(const std::string& name, json labels = json::object()) {
    return {{"apiVersion", "v1"}, {"kind", "ConfigMap"},
            {"metadata", {{"name", name}, {"labels", labels}}}, {"data", {{"k", "v"}}}};
  }
  static json parse(const storage::Bytes& b) { return json::parse(*b); }

  Registry registry_;
  const GenericStore* cms_;
  const GenericStore* deployments_;
};

TEST_F(GenericStoreTest, CreateStampsServerFieldsAndGetServesStoredBytes) {
  auto created = cms_->create("default", cm("a"), {});
  ASSERT_TRUE(created.ok()) << created.error().message;
  json obj = parse(created.value());
  EXPECT_EQ(obj["metadata"]["namespace"], "default");
  EXPECT_EQ(obj["metadata"]["uid"].get<std::string>().size(), 36u);
  EXPECT_FALSE(obj["metadata"]["creationTimestamp"].get<std::string>().empty());
  std::string rv = obj["metadata"]["resourceVersion"];
  EXPECT_FALSE(rv.empty());
  auto got = cms_->get("default", "a");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got.value(), *created.value());
}

TEST_F(GenericStoreTest, CreateErrors) {
  ASSERT_TRUE(cms_->create("default", cm("a"), {}).ok());
  auto dup = cms_->create("default", cm("a"), {});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, 409);
  EXPECT_EQ(dup.error().reason, "AlreadyExists");
  auto missing_ns = cms_->create("nowhere", cm("a"), {});
  ASSERT_FALSE(missing_ns.ok());
  EXPECT_EQ(missing_ns.error().code, 404);
  EXPECT_EQ(missing_ns.error().message, "namespaces \"nowhere\" not found");
  json wrong_ns = cm("b");
  wrong_ns["metadata"]["namespace"] = "kube-system";
  EXPECT_EQ(cms_->create("default", wrong_ns, {}).error().code, 400);
  json wrong_kind = cm("c");
  wrong_kind["kind"] = "Secret";
  EXPECT_EQ(cms_->create("default", wrong_kind, {}).error().code, 400);
}

TEST_F(GenericStoreTest, GenerateNameAndDryRun) {
  json obj = cm("");
  obj["metadata"].erase("name");
  obj["metadata"]["generateName"] = "web-";
  auto created = cms_->create("default", obj, {});
  ASSERT_TRUE(created.ok());
  std::string name = parse(created.value())["metadata"]["name"];
  EXPECT_EQ(name.rfind("web-", 0), 0u);
  EXPECT_EQ(name.size(), 9u);

  auto dry = cms_->create("default", cm("dry"), {true, ""});
  ASSERT_TRUE(dry.ok());
  EXPECT_FALSE(cms_->get("default", "dry").ok());
}

TEST_F(GenericStoreTest, UpdateWithStaleResourceVersionConflicts) {
  json obj = parse(cms_->create("default", cm("a"), {}).value());
  obj["data"]["k"] = "v2";
  auto first = cms_->update("default", "a", obj, {});
  ASSERT_TRUE(first.ok());
  obj["data"]["k"] = "v3";  // still carries the old resourceVersion
  auto second = cms_->update("default", "a", obj, {});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, 409);
  EXPECT_EQ(second.error().reason, "Conflict");
  // Without a resourceVersion the update is unconditional.
  obj["metadata"].erase("resourceVersion");
  EXPECT_TRUE(cms_->update("default", "a", obj, {}).ok());
}

TEST_F(GenericStoreTest, UpdateKeepsServerOwnedFieldsAndSkipsNoOps) {
  json created = parse(cms_->create("default", cm("a"), {}).value());
  json changed = created;
  changed["metadata"]["uid"] = created["metadata"]["uid"];
  changed["metadata"]["creationTimestamp"] = "2000-01-01T00:00:00Z";
  auto written = cms_->update("default", "a", changed, {});
  ASSERT_TRUE(written.ok());
  json after = parse(written->object);
  EXPECT_EQ(after["metadata"]["creationTimestamp"], created["metadata"]["creationTimestamp"]);
  // Nothing changed: no new revision.
  EXPECT_EQ(after["metadata"]["resourceVersion"], created["metadata"]["resourceVersion"]);
}

TEST_F(GenericStoreTest, GenerationBumpsOnSpecChangeOnlyAndStatusIsSeparate) {
  json labels = {{"app", "pg"}};
  json container = {{"name", "pg"}, {"image", "postgres:14"}};
  json pod_template = {{"metadata", {{"labels", labels}}},
                       {"spec", {{"containers", json::array({container})}}}};
  json spec = {{"replicas", 1}, {"selector", {{"matchLabels", labels}}}, {"template", pod_template}};
  json d = {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"metadata", {{"name", "pg"}}},
            {"spec", spec}, {"status", {{"replicas", 5}}}};
  json created = parse(deployments_->create("default", d, {}).value());
  EXPECT_EQ(created["metadata"]["generation"], 1);
  // status is not set through the main resource (the client's replicas: 5 is dropped)
  EXPECT_EQ(created.value("status", json::object()).value("replicas", 0), 0);

  json status_update = created;
  status_update["status"] = {{"replicas", 1}};
  status_update["spec"]["replicas"] = 9;  // ignored by /status
  json after_status = parse(deployments_->update("default", "pg", status_update, {false, "status"})->object);
  EXPECT_EQ(after_status["status"]["replicas"], 1);
  EXPECT_EQ(after_status["spec"]["replicas"], 1);
  EXPECT_EQ(after_status["metadata"]["generation"], 1);

  json spec_update = after_status;
  spec_update["spec"]["replicas"] = 3;
  spec_update["status"] = {{"replicas", 0}};  // ignored by the main resource
  json after_spec = parse(deployments_->update("default", "pg", spec_update, {})->object);
  EXPECT_EQ(after_spec["metadata"]["generation"], 2);
  EXPECT_EQ(after_spec["status"]["replicas"], 1);
}

TEST_F(GenericStoreTest, DeleteWithFinalizersWaitsThenCompletesWhenRemoved) {
  json obj = cm("held");
  obj["metadata"]["finalizers"] = {"example.com/hold"};
  ASSERT_TRUE(cms_->create("default", obj, {}).ok());
  auto pending = cms_->remove("default", "held", {});
  ASSERT_TRUE(pending.ok());
  EXPECT_FALSE(pending->deleted_now);
  json marked = parse(pending->object);
  EXPECT_TRUE(marked["metadata"].contains("deletionTimestamp"));
  ASSERT_TRUE(cms_->get("default", "held").ok());

  marked["metadata"]["finalizers"] = json::array();
  ASSERT_TRUE(cms_->update("default", "held", marked, {}).ok());
  EXPECT_EQ(cms_->get("default", "held").error().code, 404);
}

TEST_F(GenericStoreTest, DeletePreconditions) {
  json obj = parse(cms_->create("default", cm("a"), {}).value());
  DeleteOptions wrong_uid;
  wrong_uid.precondition_uid = "nope";
  EXPECT_EQ(cms_->remove("default", "a", wrong_uid).error().code, 409);
  DeleteOptions right;
  right.precondition_uid = obj["metadata"]["uid"].get<std::string>();
  auto deleted = cms_->remove("default", "a", right);
  ASSERT_TRUE(deleted.ok());
  EXPECT_TRUE(deleted->deleted_now);
  EXPECT_EQ(cms_->remove("default", "a", {}).error().code, 404);
}

TEST_F(GenericStoreTest, ListSelectorsAndPaginationOnOneSnapshot) {
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(cms_->create("default", cm("c" + std::to_string(i), {{"app", i % 2 ? "odd" : "even"}}), {}).ok());
  ListQuery q;
  q.label_selector = "app=even";
  auto even = cms_->list("default", q);
  ASSERT_TRUE(even.ok());
  EXPECT_EQ(even->items.size(), 3u);

  ListQuery page_query;
  page_query.limit = 2;
  auto page1 = cms_->list("default", page_query);
  ASSERT_TRUE(page1.ok());
  ASSERT_EQ(page1->items.size(), 2u);
  ASSERT_FALSE(page1->continue_token.empty());
  EXPECT_EQ(page1->remaining.value_or(-1), 3);
  // A write between pages does not show up in later pages of the same list.
  ASSERT_TRUE(cms_->create("default", cm("c9"), {}).ok());
  page_query.continue_token = page1->continue_token;
  auto page2 = cms_->list("default", page_query);
  ASSERT_TRUE(page2.ok());
  page_query.continue_token = page2->continue_token;
  auto page3 = cms_->list("default", page_query);
  ASSERT_TRUE(page3.ok());
  EXPECT_EQ(page2->items.size() + page3->items.size(), 3u);
  EXPECT_TRUE(page3->continue_token.empty());
  EXPECT_EQ(page3->revision, page1->revision);

  ListQuery fields;
  fields.field_selector = "metadata.name=c3";
  EXPECT_EQ(cms_->list("default", fields)->items.size(), 1u);
  fields.field_selector = "spec.unknown=x";
  EXPECT_EQ(cms_->list("default", fields).error().code, 400);
  ListQuery bad;
  bad.label_selector = "a in (b";
  EXPECT_EQ(cms_->list("default", bad).error().code, 400);
}

TEST_F(GenericStoreTest, ExpiredContinueIsGone) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(cms_->create("default", cm("c" + std::to_string(i)), {}).ok());
  ListQuery q;
  q.limit = 1;
  auto page1 = cms_->list("default", q);
  ASSERT_TRUE(page1.ok());
  ASSERT_TRUE(cms_->create("default", cm("later"), {}).ok());
  ASSERT_TRUE(registry_.storage()->compact(registry_.storage()->current_revision()).ok());
  q.continue_token = page1->continue_token;
  auto expired = cms_->list("default", q);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, 410);
  EXPECT_EQ(expired.error().reason, "Expired");
}

std::vector<WatchEvent> drain(WatchStream& w, size_t want) {
  std::vector<WatchEvent> out;
  for (int i = 0; i < 200 && out.size() < want; ++i) {
    for (auto& e : w.poll()) out.push_back(std::move(e));
    if (out.size() < want) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return out;
}

TEST_F(GenericStoreTest, WatchFromRevisionSeesAddModifyDelete) {
  auto listed = cms_->list("default", {});
  WatchQuery q;
  q.resource_version = std::to_string(listed->revision);
  auto w = cms_->watch("default", q);
  ASSERT_TRUE(w.ok());
  json obj = parse(cms_->create("default", cm("w"), {}).value());
  obj["data"]["k"] = "2";
  obj["metadata"].erase("resourceVersion");
  ASSERT_TRUE(cms_->update("default", "w", obj, {}).ok());
  ASSERT_TRUE(cms_->remove("default", "w", {}).ok());
  auto events = drain(*w.value(), 3);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, WatchEvent::Type::kAdded);
  EXPECT_EQ(events[1].type, WatchEvent::Type::kModified);
  EXPECT_EQ(events[2].type, WatchEvent::Type::kDeleted);
  // The DELETED object carries the deletion's revision.
  EXPECT_EQ(parse(events[2].object)["metadata"]["resourceVersion"], std::to_string(events[2].revision));
  EXPECT_LT(events[1].revision, events[2].revision);
}

TEST_F(GenericStoreTest, WatchWithSelectorTurnsLeavingIntoDeleted) {
  ASSERT_TRUE(cms_->create("default", cm("x", {{"app", "a"}}), {}).ok());
  WatchQuery q;
  q.label_selector = "app=a";
  q.resource_version = std::to_string(registry_.storage()->current_revision());
  auto w = cms_->watch("default", q);
  ASSERT_TRUE(w.ok());
  json obj = parse(cms_->get("default", "x").value());
  obj["metadata"]["labels"]["app"] = "b";
  obj["metadata"].erase("resourceVersion");
  ASSERT_TRUE(cms_->update("default", "x", obj, {}).ok());
  auto events = drain(*w.value(), 1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, WatchEvent::Type::kDeleted);
}

TEST_F(GenericStoreTest, WatchListSendsInitialEventsThenBookmark) {
  ASSERT_TRUE(cms_->create("default", cm("one"), {}).ok());
  ASSERT_TRUE(cms_->create("default", cm("two"), {}).ok());
  WatchQuery q;
  q.send_initial_events = true;
  q.allow_bookmarks = true;
  q.resource_version_match = "NotOlderThan";
  auto w = cms_->watch("default", q);
  ASSERT_TRUE(w.ok()) << w.error().message;
  auto events = drain(*w.value(), 3);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, WatchEvent::Type::kAdded);
  EXPECT_EQ(events[1].type, WatchEvent::Type::kAdded);
  EXPECT_EQ(events[2].type, WatchEvent::Type::kBookmark);
  EXPECT_EQ(parse(events[2].object)["metadata"]["annotations"]["k8s.io/initial-events-end"], "true");

  WatchQuery without_match;
  without_match.send_initial_events = true;
  without_match.allow_bookmarks = true;
  EXPECT_EQ(cms_->watch("default", without_match).error().code, 422);
}

TEST_F(GenericStoreTest, WatchFromCompactedRevisionIsAn410ErrorEvent) {
  ASSERT_TRUE(cms_->create("default", cm("a"), {}).ok());
  ASSERT_TRUE(cms_->create("default", cm("b"), {}).ok());
  ASSERT_TRUE(registry_.storage()->compact(registry_.storage()->current_revision()).ok());
  WatchQuery q;
  q.resource_version = "1";
  auto w = cms_->watch("default", q);
  ASSERT_TRUE(w.ok());
  auto events = drain(*w.value(), 1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, WatchEvent::Type::kError);
  EXPECT_EQ(parse(events[0].object)["code"], 410);
  EXPECT_TRUE(w.value()->ended());
}

TEST_F(GenericStoreTest, SecretStringDataMergesIntoData) {
  const GenericStore* secrets = registry_.find("", "v1", "secrets");
  json s = {{"apiVersion", "v1"}, {"kind", "Secret"}, {"metadata", {{"name", "s"}}},
            {"stringData", {{"password", "hunter2"}}}};
  json created = parse(secrets->create("default", s, {}).value());
  EXPECT_EQ(created["data"]["password"], "aHVudGVyMg==");
  EXPECT_EQ(created["type"], "Opaque");
  EXPECT_FALSE(created.contains("stringData"));
}

TEST_F(GenericStoreTest, SystemNamespacesCannotBeDeleted) {
  const GenericStore* namespaces = registry_.find("", "v1", "namespaces");
  auto denied = namespaces->remove("", "kube-system", {});
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, 403);
}

}  // namespace
}  // namespace kapi::registry
