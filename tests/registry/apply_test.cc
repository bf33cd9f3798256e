// managedFields and server-side apply over the generic store: FieldsV1 sets, Update records,
// conflicts, force, removal of fields a manager stops applying, and apply that creates.
#include <gtest/gtest.h>

#include "openapi/schema_model.h"
#include "registry/apply/field_set.h"
#include "registry/apply/managed_fields.h"
#include "registry/registry.h"
#include "storage/memory_store.h"

namespace kapi::registry {
namespace {

using apply::FieldPath;

const openapi::Schema* deployment_schema() { return openapi::builtin_schemas().find_kind({"apps", "v1", "Deployment"}); }

json deployment(int replicas, const std::string& image) {
  return json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"}},
    "spec":{"replicas":)" + std::to_string(replicas) + R"(,"selector":{"matchLabels":{"app":"web"}},
    "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":")" + image + R"("}]}}}})");
}

TEST(FieldSet, KeyedListsSetsAndLeavesInFieldsV1) {
  json obj = deployment(2, "nginx:1.27");
  obj["metadata"]["finalizers"] = json::array({"a"});
  obj["metadata"]["uid"] = "ignored";
  auto set = apply::fields_of(obj, deployment_schema(), apply::Members::kApplied);
  json v1 = apply::to_fields_v1(set);
  EXPECT_EQ(v1["f:spec"]["f:replicas"], json::object());
  EXPECT_EQ(v1["f:spec"]["f:selector"], json::object()) << "a label selector is atomic";
  const json& item = v1["f:spec"]["f:template"]["f:spec"]["f:containers"]["k:{\"name\":\"nginx\"}"];
  EXPECT_EQ(item, json::parse(R"({".":{},"f:image":{},"f:name":{}})"));
  EXPECT_EQ(v1["f:metadata"]["f:finalizers"], json::parse(R"({"v:\"a\"":{}})"));
  EXPECT_FALSE(v1["f:metadata"].contains("f:uid"));
  EXPECT_FALSE(v1["f:metadata"].contains("f:name"));
  auto back = apply::from_fields_v1(v1);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, set);
  EXPECT_FALSE(apply::from_fields_v1(json::parse(R"({"x:bad":{}})")));
  FieldPath image = {"f:spec", "f:template", "f:spec", "f:containers", "k:{\"name\":\"nginx\"}", "f:image"};
  EXPECT_EQ(apply::path_string(image), ".spec.template.spec.containers[name=\"nginx\"].image");
  EXPECT_EQ(*apply::value_at(obj, image), "nginx:1.27");
}

// A create's changes (from an empty object, a shortcut) are what the member-by-member diff finds
// from an object with no member either ({"apiVersion": ...} is not one).
TEST(FieldSet, ChangesFromNothingAreEveryMemberAsTheDiffFindsThem) {
  json obj = deployment(2, "nginx:1.27");
  obj["metadata"]["finalizers"] = json::array({"a"});
  auto created = apply::changed_fields(json::object(), obj, deployment_schema());
  auto diffed = apply::changed_fields(json{{"apiVersion", "apps/v1"}}, obj, deployment_schema());
  EXPECT_EQ(created.changed, diffed.changed);
  EXPECT_EQ(created.changed, apply::fields_of(obj, deployment_schema(), apply::Members::kChanged));
  EXPECT_TRUE(created.removed.empty());
  EXPECT_TRUE(diffed.removed.empty());
}

// A create writes its FieldsV1 tree in one walk; it must be the tree of the member set, for every
// shape the walk tells apart: maps, atomic and keyed lists, sets, duplicate and keyless items,
// nulls, empty values, free-form fields, unknown kinds (no schema).
TEST(FieldSet, FieldsV1OfAnObjectIsTheTreeOfItsMembers) {
  const auto& schemas = openapi::builtin_schemas();
  const openapi::Schema* pod = schemas.find_kind({"", "v1", "Pod"});
  const openapi::Schema* cm = schemas.find_kind({"", "v1", "ConfigMap"});
  const openapi::Schema* svc = schemas.find_kind({"", "v1", "Service"});
  const openapi::Schema* sts = schemas.find_kind({"apps", "v1", "StatefulSet"});
  ASSERT_TRUE(pod && cm && svc && sts);
  json with_finalizers = deployment(2, "nginx:1.27");
  with_finalizers["metadata"]["finalizers"] = json::array({"a", "b", "a"});
  with_finalizers["metadata"]["uid"] = "stripped";
  const std::vector<std::pair<json, const openapi::Schema*>> cases = {
      {deployment(1, "nginx"), deployment_schema()},
      {with_finalizers, deployment_schema()},
      {json::parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"d",
         "labels":{"a":"1"},"annotations":{"x":"y","z":""}},"data":{"k":"v","e":""},"binaryData":{}})"), cm},
      {json::parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}})"), cm},
      {json::parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{}},"data":null,
         "immutable":false})"), cm},
      {json::parse(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","ownerReferences":[
         {"apiVersion":"v1","kind":"X","name":"o","uid":"u1","controller":true},{"apiVersion":"v1","kind":"X","name":"o2","uid":"u2"}]},
         "spec":{"containers":[{"name":"a","image":"i","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":80,"protocol":"UDP"},
         {"name":"noport"}],"env":[{"name":"E","value":"1"},{"name":"E","valueFrom":{"fieldRef":{"fieldPath":"x"}}}],
         "command":["a","b"],"resources":{"limits":{"cpu":"1"},"requests":{}}},{"image":"keyless"}],
         "nodeSelector":{"k":"v"},"tolerations":[{"key":"k","operator":"Exists"}],"volumes":[],"hostNetwork":null}})"), pod},
      {json::parse(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"ports":[{"port":80,"protocol":"TCP"},
         {"port":443}],"selector":{"a":"b"},"clusterIPs":["10.0.0.1"]}})"), svc},
      {json::parse(R"({"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"s"},"spec":{"replicas":1,
         "selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c"}]}},
         "volumeClaimTemplates":[{"metadata":{"name":"d"},"spec":{"accessModes":["ReadWriteOnce"],
         "resources":{"requests":{"storage":"1Gi"}}}}]}})"), sts},
      {json::parse(R"({"apiVersion":"x/v1","kind":"Unknown","metadata":{"name":"u","labels":{"a":"b"}},
         "spec":{"list":[1,2],"map":{"a":{"b":null}},"empty":{},"n":null}})"), nullptr},
      {json::parse(R"({"apiVersion":"x/v1","kind":"Unknown","metadata":{"name":"u"}})"), nullptr},
  };
  for (const auto& [obj, schema] : cases) {
    json expected = apply::to_fields_v1(apply::fields_of(obj, schema, apply::Members::kChanged));
    EXPECT_EQ(apply::fields_v1_of(obj, schema), expected) << obj.dump();
  }
}

// A create's record (written at once from the object) is the record the general path writes: the
// changes from nothing, as one Update entry through write_managed_fields.
TEST(ManagedFields, ACreateIsRecordedAsTheGeneralPathRecordsIt) {
  for (const apply::Writer& writer : {apply::Writer{"kubectl", "apps/v1", "", "2026-01-01T00:00:00Z"},
                                      apply::Writer{"ctl", "apps/v1", "status", ""}}) {
    for (json obj : {deployment(2, "nginx"), json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x"}})")}) {
      json general = obj;
      auto changes = apply::changed_fields(json::object(), general, deployment_schema());
      std::vector<apply::ManagedEntry> entries;
      if (!changes.changed.empty())
        entries.push_back({writer.manager, "Update", writer.api_version, writer.time, writer.subresource,
                           std::move(changes.changed)});
      general["metadata"]["managedFields"] = "replaced";
      apply::write_managed_fields(general, entries);
      json created = obj;
      created["metadata"]["managedFields"] = "replaced";
      apply::record_update(created, json(), deployment_schema(), writer);
      EXPECT_EQ(created, general) << obj.dump();
    }
  }
}

TEST(ManagedFields, UpdateEntriesBeyondTenAreMergedIntoAncientChanges) {
  std::vector<apply::ManagedEntry> entries;
  entries.push_back({"applier", "Apply", "apps/v1", "2026-01-01T00:00:00Z", "", {{"f:spec", "f:replicas"}}});
  for (int i = 12; i >= 1; --i) {  // newest first, so the cap must sort by time
    std::string n = (i < 10 ? "0" : "") + std::to_string(i);
    entries.push_back({"m" + n, "Update", "apps/v1", "2026-01-01T00:00:" + n + "Z", "",
                       {{"f:metadata", "f:labels", "f:l" + n}}});
  }
  json obj = {{"metadata", json::object()}};
  apply::write_managed_fields(obj, entries);
  auto written = apply::read_managed_fields(obj);
  int updates = 0;
  const apply::ManagedEntry* bucket = nullptr;
  for (const auto& e : written) {
    if (e.operation == "Update") ++updates;
    if (e.manager == "ancient-changes") bucket = &e;
    EXPECT_NE(e.manager, "m01");
    EXPECT_NE(e.manager, "m03");
  }
  EXPECT_EQ(updates, 10);
  ASSERT_NE(bucket, nullptr);
  EXPECT_EQ(bucket->time, "2026-01-01T00:00:03Z") << "the newest time merged into it";
  EXPECT_EQ(bucket->fields, (apply::FieldSet{{"f:metadata", "f:labels", "f:l01"}, {"f:metadata", "f:labels", "f:l02"},
                                             {"f:metadata", "f:labels", "f:l03"}}));
  EXPECT_EQ(written.size(), 11u) << "the Apply entry is not counted or merged";
}

class ApplyTest : public ::testing::Test {
 protected:
  ApplyTest() : registry_(storage::make_memory_store()) {
    register_builtin_resources(registry_);
    ensure_system_namespaces(registry_);
    store_ = registry_.find("apps", "v1", "deployments");
  }
  static WriteOptions by(const std::string& manager, bool force = false) {
    WriteOptions o;
    o.field_manager = manager;
    o.force = force;
    return o;
  }
  ApiResult<Written> apply(const json& config, const std::string& manager, bool force = false) {
    return store_->patch("default", "web", PatchType::kApply, config.dump(), by(manager, force));
  }
  json get() { return json::parse(*store_->get("default", "web").value()); }
  static const json* entry(const json& obj, const std::string& manager, const std::string& operation) {
    for (const auto& e : obj["metadata"]["managedFields"])
      if (e["manager"] == manager && e["operation"] == operation) return &e;
    return nullptr;
  }

  Registry registry_;
  const GenericStore* store_;
};

TEST_F(ApplyTest, CreateAndUpdateAreRecordedUnderTheirManagers) {
  ASSERT_TRUE(store_->create("default", deployment(1, "nginx:1.26"), by("kubectl-create")).ok());
  json obj = get();
  const json* created = entry(obj, "kubectl-create", "Update");
  ASSERT_NE(created, nullptr) << obj["metadata"].dump();
  EXPECT_EQ((*created)["apiVersion"], "apps/v1");
  EXPECT_EQ((*created)["fieldsType"], "FieldsV1");
  EXPECT_TRUE((*created)["fieldsV1"]["f:spec"].contains("f:replicas"));
  EXPECT_TRUE((*created)["fieldsV1"]["f:metadata"]["f:labels"].contains(".")) << "a new map is a member";

  obj["spec"]["replicas"] = 4;
  ASSERT_TRUE(store_->update("default", "web", obj, by("kubectl-scale")).ok());
  obj = get();
  EXPECT_FALSE(entry(obj, "kubectl-create", "Update")->at("fieldsV1")["f:spec"].contains("f:replicas"))
      << "an update takes the fields it changes";
  EXPECT_EQ(entry(obj, "kubectl-scale", "Update")->at("fieldsV1"), json::parse(R"({"f:spec":{"f:replicas":{}}})"));

  // Writing it back unchanged is a no-op: no new revision, no new record.
  const std::string rv = obj["metadata"]["resourceVersion"];
  ASSERT_TRUE(store_->update("default", "web", obj, by("someone-else")).ok());
  EXPECT_EQ(get()["metadata"]["resourceVersion"], rv);
  EXPECT_EQ(entry(get(), "someone-else", "Update"), nullptr);
}

TEST_F(ApplyTest, ApplyCreatesConflictsForcesAndRemoves) {
  auto created = apply(deployment(2, "nginx:1.26"), "alice");
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_TRUE(created->created);
  json obj = get();
  EXPECT_EQ(obj["spec"]["replicas"], 2);
  ASSERT_NE(entry(obj, "alice", "Apply"), nullptr);
  EXPECT_EQ(entry(obj, "alice", "Apply")->at("operation"), "Apply");

  // Another applier with the same value shares the field; with another value it conflicts.
  json bob = json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":3}})");
  auto refused = apply(bob, "bob");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, 409);
  EXPECT_EQ(refused.error().message, "Apply failed with 1 conflict: conflict with \"alice\": .spec.replicas");
  EXPECT_EQ(refused.error().details["causes"][0]["field"], ".spec.replicas");
  EXPECT_EQ(refused.error().details["causes"][0]["reason"], "FieldManagerConflict");
  EXPECT_EQ(get()["spec"]["replicas"], 2);

  ASSERT_TRUE(apply(bob, "bob", /*force=*/true).ok());
  obj = get();
  EXPECT_EQ(obj["spec"]["replicas"], 3);
  EXPECT_FALSE(entry(obj, "alice", "Apply")->at("fieldsV1")["f:spec"].contains("f:replicas"));

  // alice stops applying her label: it goes; the image she changes is hers alone, no conflict.
  json next = deployment(3, "nginx:1.27");
  next["metadata"].erase("labels");
  next["spec"].erase("replicas");
  auto reapplied = apply(next, "alice");
  ASSERT_TRUE(reapplied.ok()) << reapplied.error().message;
  obj = get();
  EXPECT_FALSE(obj["metadata"].contains("labels") && obj["metadata"]["labels"].contains("app"));
  EXPECT_EQ(obj["spec"]["template"]["spec"]["containers"][0]["image"], "nginx:1.27");
  EXPECT_EQ(obj["spec"]["replicas"], 3) << "bob's field stays";
}

TEST_F(ApplyTest, ConflictsWithAnUpdaterNameItsApiVersion) {
  ASSERT_TRUE(store_->create("default", deployment(1, "nginx:1.26"), by("kubectl-client-side-apply")).ok());
  auto refused = apply(deployment(5, "nginx:1.26"), "kubectl");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message,
            "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas");
}

TEST_F(ApplyTest, ApplyNeedsAFieldManagerAndAnObject) {
  auto missing = apply(deployment(1, "x"), "");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, 422);
  auto not_object = store_->patch("default", "web", PatchType::kApply, "[1]", by("m"));
  ASSERT_FALSE(not_object.ok());
  EXPECT_EQ(not_object.error().code, 400);
  json with_managed = deployment(1, "x");
  with_managed["metadata"]["managedFields"] = json::array({json::object()});
  auto refused = apply(with_managed, "m");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, 400);
}

}  // namespace
}  // namespace kapi::registry
