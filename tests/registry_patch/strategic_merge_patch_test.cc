// Strategic merge patch driven by the built-in schema model, with the patches kubectl's
// client-side apply sends ($setElementOrder, $patch: delete, $retainKeys, primitive lists).
#include <gtest/gtest.h>

#include "openapi/schema_model.h"
#include "registry/patch/strategic_merge_patch.h"

namespace kapi::registry::patch {
namespace {

using json = nlohmann::json;

const openapi::Schema* schema(const std::string& group, const std::string& kind) {
  const openapi::Schema* s = openapi::builtin_schemas().find_kind({group, "v1", kind});
  EXPECT_NE(s, nullptr) << kind;
  return s;
}

json smp(const json& original, const std::string& patch, const openapi::Schema* s) {
  PatchResult r = apply_strategic_merge_patch(original, patch, s);
  if (const PatchError* e = std::get_if<PatchError>(&r)) {
    ADD_FAILURE() << e->code << " " << e->message;
    return json();
  }
  return std::get<json>(r);
}

PatchError smp_error(const json& original, const std::string& patch, const openapi::Schema* s) {
  PatchResult r = apply_strategic_merge_patch(original, patch, s);
  if (std::holds_alternative<json>(r)) {
    ADD_FAILURE() << "expected an error, got " << std::get<json>(r).dump();
    return {};
  }
  return std::get<PatchError>(r);
}

json pod() {
  return json::parse(R"({
    "apiVersion":"v1","kind":"Pod",
    "metadata":{"name":"p","labels":{"app":"web","tier":"fe"},"finalizers":["a","b"]},
    "spec":{
      "containers":[
        {"name":"app","image":"app:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],
         "ports":[{"containerPort":80,"protocol":"TCP"}],
         "volumeMounts":[{"name":"data","mountPath":"/data"},{"name":"cfg","mountPath":"/etc/cfg"}]},
        {"name":"sidecar","image":"side:1"}],
      "volumes":[{"name":"data","emptyDir":{}},{"name":"cfg","configMap":{"name":"c"}}],
      "tolerations":[{"key":"k1","operator":"Exists"}]}})");
}

std::vector<std::string> names(const json& list, const std::string& key = "name") {
  std::vector<std::string> out;
  for (const json& item : list) out.push_back(item[key].get<std::string>());
  return out;
}

TEST(StrategicMergePatch, MergesContainersByNameWithSetElementOrder) {
  json out = smp(pod(), R"({"spec":{
      "$setElementOrder/containers":[{"name":"app"},{"name":"sidecar"}],
      "containers":[{"name":"sidecar","image":"side:2"}]}})", schema("", "Pod"));
  ASSERT_EQ(out["spec"]["containers"].size(), 2u);
  EXPECT_EQ(names(out["spec"]["containers"]), (std::vector<std::string>{"app", "sidecar"}));
  EXPECT_EQ(out["spec"]["containers"][1]["image"], "side:2");
  EXPECT_EQ(out["spec"]["containers"][0]["image"], "app:1");  // untouched item kept whole
  EXPECT_EQ(out["spec"]["containers"][0]["env"].size(), 2u);
  EXPECT_FALSE(out["spec"].contains("$setElementOrder/containers"));
}

TEST(StrategicMergePatch, SetElementOrderPutsNewItemsWhereAsked) {
  json out = smp(pod(), R"({"spec":{
      "$setElementOrder/containers":[{"name":"init"},{"name":"app"},{"name":"sidecar"}],
      "containers":[{"name":"init","image":"i:1"}]}})", schema("", "Pod"));
  EXPECT_EQ(names(out["spec"]["containers"]), (std::vector<std::string>{"init", "app", "sidecar"}));
}

// Without $setElementOrder, upstream's order rule puts items the original did not have first
// (kubectl's client-side apply always sends the order directive, so users do not see this).
TEST(StrategicMergePatch, NewItemWithoutOrderComesFirstAsUpstream) {
  json out = smp(pod(), R"({"spec":{"containers":[{"name":"extra","image":"e:1"}]}})", schema("", "Pod"));
  EXPECT_EQ(names(out["spec"]["containers"]), (std::vector<std::string>{"extra", "app", "sidecar"}));
}

// Upstream's "preserve the order from the patch in a merging list 2": a server-only item stays in
// front of patch items that followed it in the original.
TEST(StrategicMergePatch, PatchOrderWinsServerOnlyItemsKeepTheirPlace) {
  json original = json::parse(R"({"spec":{"volumes":[{"name":"1"},{"name":"2","emptyDir":{}},{"name":"3"}]}})");
  json out = smp(original, R"({"spec":{"volumes":[{"name":"3","hostPath":{"path":"/c"}},{"name":"1"}]}})",
                 schema("", "Pod"));
  EXPECT_EQ(names(out["spec"]["volumes"]), (std::vector<std::string>{"2", "3", "1"}));
  EXPECT_EQ(out["spec"]["volumes"][1]["hostPath"]["path"], "/c");
  json ints = json::parse(R"({"metadata":{"finalizers":["1","2","3"]}})");
  out = smp(ints, R"({"metadata":{"finalizers":["3","1"]}})", schema("", "Pod"));
  EXPECT_EQ(out["metadata"]["finalizers"], json::parse(R"(["2","3","1"])"));
}

TEST(StrategicMergePatch, DeletesAContainerWithPatchDelete) {
  json out = smp(pod(), R"({"spec":{
      "$setElementOrder/containers":[{"name":"app"}],
      "containers":[{"$patch":"delete","name":"sidecar"}]}})", schema("", "Pod"));
  EXPECT_EQ(names(out["spec"]["containers"]), (std::vector<std::string>{"app"}));
}

TEST(StrategicMergePatch, NestedListsMergeByTheirOwnKeys) {
  json out = smp(pod(), R"({"spec":{"containers":[{"name":"app",
      "env":[{"name":"B","value":"two"},{"name":"C","value":"3"}],
      "ports":[{"containerPort":443,"protocol":"TCP"}],
      "volumeMounts":[{"$patch":"delete","mountPath":"/etc/cfg"}]}]}})", schema("", "Pod"));
  const json& app = out["spec"]["containers"][0];
  EXPECT_EQ(names(app["env"]), (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_EQ(app["env"][1]["value"], "two");
  ASSERT_EQ(app["ports"].size(), 2u);  // new item first: no $setElementOrder (see above)
  EXPECT_EQ(app["ports"][0]["containerPort"], 443);
  EXPECT_EQ(app["ports"][1]["containerPort"], 80);
  EXPECT_EQ(names(app["volumeMounts"], "mountPath"), (std::vector<std::string>{"/data"}));
}

TEST(StrategicMergePatch, VolumesMergeByNameAndAtomicListsAreReplaced) {
  json out = smp(pod(), R"({"spec":{
      "volumes":[{"name":"cache","emptyDir":{"medium":"Memory"}}],
      "tolerations":[{"key":"k2","operator":"Exists"}]}})", schema("", "Pod"));
  EXPECT_EQ(names(out["spec"]["volumes"]), (std::vector<std::string>{"cache", "data", "cfg"}));
  ASSERT_EQ(out["spec"]["tolerations"].size(), 1u);
  EXPECT_EQ(out["spec"]["tolerations"][0]["key"], "k2");
}

TEST(StrategicMergePatch, ListReplaceDirective) {
  json out = smp(pod(), R"({"spec":{"containers":[{"$patch":"replace"},{"name":"only","image":"o:1"}]}})",
                 schema("", "Pod"));
  ASSERT_EQ(out["spec"]["containers"].size(), 1u);
  EXPECT_EQ(out["spec"]["containers"][0], json::parse(R"({"name":"only","image":"o:1"})"));
}

TEST(StrategicMergePatch, MapReplaceAndDeleteDirectives) {
  json out = smp(pod(), R"({"metadata":{"labels":{"$patch":"replace","new":"x"}}})", schema("", "Pod"));
  EXPECT_EQ(out["metadata"]["labels"], json::parse(R"({"new":"x"})"));
  out = smp(pod(), R"({"metadata":{"labels":{"$patch":"delete"}}})", schema("", "Pod"));
  EXPECT_EQ(out["metadata"]["labels"], json::object());
}

TEST(StrategicMergePatch, NullDeletesAndMapsMerge) {
  json out = smp(pod(), R"({"metadata":{"labels":{"tier":null,"env":"prod"},"annotations":{"x":null,"y":"1"}}})",
                 schema("", "Pod"));
  EXPECT_EQ(out["metadata"]["labels"], json::parse(R"({"app":"web","env":"prod"})"));
  EXPECT_EQ(out["metadata"]["annotations"], json::parse(R"({"y":"1"})"));  // unmatched null dropped
}

TEST(StrategicMergePatch, FinalizersMergeAsASet) {
  json out = smp(pod(), R"({"metadata":{"finalizers":["b","c"]}})", schema("", "Pod"));
  EXPECT_EQ(out["metadata"]["finalizers"], json::parse(R"(["a","b","c"])"));
  out = smp(pod(), R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}})", schema("", "Pod"));
  EXPECT_EQ(out["metadata"]["finalizers"], json::parse(R"(["b"])"));
  out = smp(pod(), R"({"metadata":{"$setElementOrder/finalizers":["c","b"],
                                   "$deleteFromPrimitiveList/finalizers":["a"],"finalizers":["c"]}})",
            schema("", "Pod"));
  EXPECT_EQ(out["metadata"]["finalizers"], json::parse(R"(["c","b"])"));
}

TEST(StrategicMergePatch, RetainKeysClearsOtherMembers) {
  json deploy = json::parse(R"({"spec":{"replicas":2,"strategy":{"type":"RollingUpdate",
      "rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}}})");
  json out = smp(deploy, R"({"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate","rollingUpdate":null}}})",
                 schema("apps", "Deployment"));
  EXPECT_EQ(out["spec"]["strategy"], json::parse(R"({"type":"Recreate"})"));
  EXPECT_EQ(out["spec"]["replicas"], 2);
}

TEST(StrategicMergePatch, TemplateSpecsOfWorkloadsMergeContainers) {
  json deploy = json::parse(R"({"spec":{"template":{"metadata":{"labels":{"app":"x"}},"spec":{
      "containers":[{"name":"web","image":"nginx:1","env":[{"name":"A","value":"1"}]},{"name":"log","image":"l"}]}}}})");
  for (const char* kind : {"Deployment", "StatefulSet", "ReplicaSet", "DaemonSet"}) {
    json out = smp(deploy, R"({"spec":{"template":{"spec":{
        "$setElementOrder/containers":[{"name":"web"},{"name":"log"}],
        "containers":[{"name":"web","image":"nginx:2","env":[{"name":"B","value":"2"}],
                       "$setElementOrder/env":[{"name":"A"},{"name":"B"}]}]}}}})",
                   schema("apps", kind));
    const json& containers = out["spec"]["template"]["spec"]["containers"];
    ASSERT_EQ(containers.size(), 2u) << kind;
    EXPECT_EQ(containers[0]["image"], "nginx:2") << kind;
    EXPECT_EQ(names(containers[0]["env"]), (std::vector<std::string>{"A", "B"})) << kind;
    EXPECT_EQ(containers[1]["name"], "log") << kind;
  }
}

TEST(StrategicMergePatch, OwnerReferencesMergeByUidAndServicePortsByPort) {
  json cm = json::parse(R"({"metadata":{"ownerReferences":[{"uid":"1","name":"a","kind":"X","apiVersion":"v1"}]}})");
  json out = smp(cm, R"({"metadata":{"ownerReferences":[{"uid":"2","name":"b","kind":"X","apiVersion":"v1"}]}})",
                 schema("", "ConfigMap"));
  EXPECT_EQ(out["metadata"]["ownerReferences"].size(), 2u);

  json svc = json::parse(R"({"spec":{"ports":[{"port":80,"targetPort":8080},{"port":443}]}})");
  out = smp(svc, R"({"spec":{"ports":[{"port":80,"targetPort":9090}]}})", schema("", "Service"));
  ASSERT_EQ(out["spec"]["ports"].size(), 2u);
  EXPECT_EQ(out["spec"]["ports"][0]["targetPort"], 9090);
}

TEST(StrategicMergePatch, StatefulSetVolumeClaimTemplatesAreReplacedWhole) {
  json sts = json::parse(R"({"spec":{"volumeClaimTemplates":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"}}]}})");
  json out = smp(sts, R"({"spec":{"volumeClaimTemplates":[{"metadata":{"name":"c"}}]}})", schema("apps", "StatefulSet"));
  ASSERT_EQ(out["spec"]["volumeClaimTemplates"].size(), 1u);
  EXPECT_EQ(out["spec"]["volumeClaimTemplates"][0]["metadata"]["name"], "c");
}

TEST(StrategicMergePatch, WithoutSchemaListsAreReplaced) {
  json out = smp(pod(), R"({"spec":{"containers":[{"name":"x","image":"x"}]},"metadata":{"labels":{"n":"1"}}})", nullptr);
  ASSERT_EQ(out["spec"]["containers"].size(), 1u);
  EXPECT_EQ(out["metadata"]["labels"].size(), 3u);
}

TEST(StrategicMergePatch, DirectivesNeverReachTheStoredObject) {
  json original = json::parse(R"({"spec":{}})");
  json out = smp(original, R"({"spec":{"containers":[{"name":"a","env":[{"name":"X","value":"1"}],
      "$setElementOrder/env":[{"name":"X"}]}],"volumes":[{"$patch":"delete","name":"gone"}]}})", schema("", "Pod"));
  EXPECT_EQ(out["spec"]["containers"][0], json::parse(R"({"name":"a","env":[{"name":"X","value":"1"}]})"));
  EXPECT_EQ(out["spec"]["volumes"], json::array());
}

TEST(StrategicMergePatch, BadBodiesAre400) {
  EXPECT_EQ(smp_error(pod(), "{oops", schema("", "Pod")).code, 400);
  PatchError e = smp_error(pod(), "[1]", schema("", "Pod"));
  EXPECT_EQ(e.code, 400);
  EXPECT_EQ(e.reason, "BadRequest");
  e = smp_error(pod(), R"({"metadata":{"$retainKeys":"name"}})", schema("", "Pod"));
  EXPECT_EQ(e.code, 400);
  EXPECT_EQ(e.message, "invalid patch format of retainKeys");
  e = smp_error(pod(), R"({"metadata":{"$retainKeys":["name"],"labels":{"a":"b"}}})", schema("", "Pod"));
  EXPECT_EQ(e.code, 400);
  e = smp_error(pod(), R"({"spec":{"$setElementOrderX":[]}})", schema("", "Pod"));
  EXPECT_EQ(e.code, 400);
  EXPECT_EQ(e.message, "invalid patch format of setElementOrder list");
}

TEST(StrategicMergePatch, MergeKeyAndDirectiveErrorsAsUpstream) {
  PatchError e = smp_error(pod(), R"({"spec":{"containers":[{"image":"no-name"}]}})", schema("", "Pod"));
  EXPECT_EQ(e.code, 500);
  EXPECT_NE(e.message.find("does not contain declared merge key: name"), std::string::npos) << e.message;
  e = smp_error(pod(), R"({"metadata":{"labels":{"$patch":"explode"}}})", schema("", "Pod"));
  EXPECT_EQ(e.code, 500);
  EXPECT_EQ(e.message.rfind("unknown patch type: \"explode\"", 0), 0u) << e.message;
  e = smp_error(json::parse(R"({"metadata":{"finalizers":[["x"]]}})"), R"({"metadata":{"finalizers":[["y"]]}})",
                schema("", "Pod"));
  EXPECT_EQ(e.code, 422);
  EXPECT_EQ(e.details["causes"][0]["message"], "lists of lists are not supported");
  e = smp_error(pod(), R"({"spec":{"$setElementOrder/containers":[{"name":"sidecar"}],
      "containers":[{"name":"app"},{"name":"sidecar"}]}})", schema("", "Pod"));
  EXPECT_EQ(e.code, 500);
}

}  // namespace
}  // namespace kapi::registry::patch
