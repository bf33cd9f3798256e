// Unknown fields pruned against the schema model, and duplicate keys found while parsing: the
// checks behind fieldValidation=Strict|Warn|Ignore.
#include "openapi/field_pruning.h"

#include <gtest/gtest.h>

#include "openapi/schema_model.h"

namespace kapi::openapi {
namespace {

using json = nlohmann::json;
using Paths = std::vector<std::string>;

const Schema& kind(const std::string& group, const std::string& k) {
  const Schema* s = builtin_schemas().find_kind({group, "v1", k});
  if (s == nullptr) throw std::runtime_error("no schema for " + k);
  return *s;
}

TEST(PruneUnknownFields, KnownObjectIsUntouched) {
  json pod = json::parse(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"a":"b"},
    "annotations":{"x/y":"z"}},"spec":{"containers":[{"name":"c","image":"i","env":[{"name":"A","value":"1"}],
    "resources":{"limits":{"cpu":"1"}}}],"volumes":[{"name":"v","emptyDir":{}}]},"status":{"phase":"Pending"}})");
  json before = pod;
  EXPECT_TRUE(prune_unknown_fields(pod, kind("", "Pod")).empty());
  EXPECT_EQ(pod, before);
}

TEST(PruneUnknownFields, RemovesUnknownFieldsAtEveryDepth) {
  json pod = json::parse(R"({"apiVersion":"v1","kind":"Pod","foo":1,
    "metadata":{"name":"p","bogus":"x"},
    "spec":{"foo":true,"containers":[{"name":"a","image":"i"},{"name":"b","image":"i","bar":{"baz":1},
      "ports":[{"containerPort":80,"hostIP2":"x"}]}],
      "nodeSelector":{"disk":"ssd"}}})");
  Paths unknown = prune_unknown_fields(pod, kind("", "Pod"));
  // Object keys are walked in sorted order.
  EXPECT_EQ(unknown, (Paths{"foo", "metadata.bogus", "spec.containers[1].bar",
                            "spec.containers[1].ports[0].hostIP2", "spec.foo"}));
  EXPECT_FALSE(pod.contains("foo"));
  EXPECT_FALSE(pod["metadata"].contains("bogus"));
  EXPECT_FALSE(pod["spec"].contains("foo"));
  EXPECT_FALSE(pod["spec"]["containers"][1].contains("bar"));
  EXPECT_EQ(pod["spec"]["containers"][1]["ports"][0], json({{"containerPort", 80}}));
  EXPECT_EQ(pod["spec"]["nodeSelector"], json({{"disk", "ssd"}}));  // map keys are data, not fields
}

TEST(PruneUnknownFields, WalksMapValuesAndNestedTemplates) {
  json sts = json::parse(R"({"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"pg"},
    "spec":{"selector":{"matchLabels":{"app":"pg"}},"serviceName":"pg",
      "template":{"metadata":{"labels":{"app":"pg"},"oops":1},"spec":{"containers":[{"name":"pg","image":"pg","nope":1}]}},
      "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"resources":{"requests":{"storage":"1Gi"}},"size":3}}]}})");
  Paths unknown = prune_unknown_fields(sts, kind("apps", "StatefulSet"));
  EXPECT_EQ(unknown, (Paths{"spec.template.metadata.oops", "spec.template.spec.containers[0].nope",
                            "spec.volumeClaimTemplates[0].spec.size"}));
  EXPECT_EQ(sts["spec"]["volumeClaimTemplates"][0]["spec"]["resources"]["requests"]["storage"], "1Gi");
}

TEST(PruneUnknownFields, LeavesFreeFormValuesAndWrongTypesAlone) {
  json rev = json::parse(R"({"apiVersion":"apps/v1","kind":"ControllerRevision","metadata":{"name":"r"},
    "revision":1,"data":{"anything":{"goes":[1,2]}}})");
  EXPECT_TRUE(prune_unknown_fields(rev, kind("apps", "ControllerRevision")).empty());
  EXPECT_EQ(rev["data"]["anything"]["goes"], json::array({1, 2}));
  json cm = json::parse(R"({"kind":"ConfigMap","data":"not a map","metadata":{"managedFields":[
    {"manager":"m","fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:a":{}}}}]}})");
  EXPECT_TRUE(prune_unknown_fields(cm, kind("", "ConfigMap")).empty());
  EXPECT_EQ(cm["data"], "not a map");
  EXPECT_TRUE(cm["metadata"]["managedFields"][0]["fieldsV1"].contains("f:data"));
}

TEST(PruneUnknownFields, MergePatchesDropUnknownNullsSilently) {
  json patch = json::parse(R"({"spec":{"gone":null,"foo":1,"replicas":2}})");
  Paths unknown = prune_unknown_fields(patch, kind("apps", "Deployment"), BodyShape::kMergePatch);
  EXPECT_EQ(unknown, Paths{"spec.foo"});
  EXPECT_EQ(patch, json::parse(R"({"spec":{"replicas":2}})"));
}

TEST(PruneUnknownFields, StrategicMergePatchDirectivesPass) {
  json patch = json::parse(R"({"spec":{"$setElementOrder/containers":[{"name":"a"}],
    "containers":[{"name":"a","image":"x","wat":1},{"name":"b","$patch":"delete"}],
    "$retainKeys":["x"]}})");
  Paths unknown = prune_unknown_fields(patch, kind("", "Pod"), BodyShape::kStrategicMergePatch);
  EXPECT_EQ(unknown, Paths{"spec.containers[0].wat"});
  EXPECT_TRUE(patch["spec"].contains("$setElementOrder/containers"));
  EXPECT_TRUE(patch["spec"].contains("$retainKeys"));
  EXPECT_EQ(patch["spec"]["containers"][1]["$patch"], "delete");
  // In a plain object the same keys are unknown fields.
  json obj = json::parse(R"({"spec":{"$retainKeys":["x"]}})");
  EXPECT_EQ(prune_unknown_fields(obj, kind("", "Pod")), Paths{"spec.$retainKeys"});
}

TEST(PruneUnknownFields, QuotaAndCsiKinds) {
  json quota = json::parse(R"({"kind":"ResourceQuota","spec":{"hard":{"pods":"10"},"soft":{"pods":"5"},
    "scopeSelector":{"matchExpressions":[{"scopeName":"PriorityClass","operator":"In","values":["high"],"x":1}]}}})");
  EXPECT_EQ(prune_unknown_fields(quota, kind("", "ResourceQuota")),
            (Paths{"spec.scopeSelector.matchExpressions[0].x", "spec.soft"}));
  json csinode = json::parse(R"({"kind":"CSINode","spec":{"drivers":[{"name":"d","nodeID":"n","allocatable":{"count":3,"size":1}}]}})");
  EXPECT_EQ(prune_unknown_fields(csinode, kind("storage.k8s.io", "CSINode")),
            Paths{"spec.drivers[0].allocatable.size"});
}

TEST(PruneJsonPatch, DropsOperationsIntoUnknownFieldsAndPrunesValues) {
  json ops = json::parse(R"([
    {"op":"add","path":"/spec/foo","value":1},
    {"op":"replace","path":"/spec/replicas","value":3},
    {"op":"add","path":"/spec/template/spec/containers/-","value":{"name":"b","image":"i","bad":1}},
    {"op":"add","path":"/metadata/labels/app~1name","value":"x"},
    {"op":"move","from":"/spec/paused","path":"/spec/paws"},
    {"op":"remove","path":"/spec/nothing"},
    {"op":"test","path":"/spec/replicas","value":3}])");
  Paths unknown = prune_json_patch(ops, kind("apps", "Deployment"));
  EXPECT_EQ(unknown, (Paths{"spec.foo", "spec.template.spec.containers[-].bad", "spec.paws"}));
  ASSERT_EQ(ops.size(), 6u);
  EXPECT_EQ(ops[0]["path"], "/spec/replicas");
  EXPECT_FALSE(ops[1]["value"].contains("bad"));
  EXPECT_EQ(ops[2]["path"], "/metadata/labels/app~1name");
  EXPECT_EQ(ops[3], json::parse(R"({"op":"remove","path":"/spec/paused"})"));
  EXPECT_EQ(ops[4]["op"], "remove");
  EXPECT_EQ(ops[5]["op"], "test");
}

TEST(ParseNotingDuplicates, ReportsRepeatedKeysWithTheirPaths) {
  Paths duplicates;
  json v = parse_noting_duplicates(
      R"({"kind":"Pod","metadata":{"name":"a","name":"b","labels":{"x":"1","x":"2"}},
          "spec":{"containers":[{"name":"c"},{"name":"d","image":"i","image":"j"}]},"kind":"Pod"})",
      duplicates);
  EXPECT_EQ(duplicates, (Paths{"metadata.name", "metadata.labels.x", "spec.containers[1].image", "kind"}));
  EXPECT_EQ(v["metadata"]["name"], "b");  // the last value wins, as in Go
  EXPECT_EQ(v["spec"]["containers"][1]["image"], "j");
}

TEST(ParseNotingDuplicates, CleanBodiesAndArraysOfScalars) {
  Paths duplicates;
  json v = parse_noting_duplicates(R"({"a":[1,"x",{"b":1},[2,{"c":1,"c":2}]],"d":{"b":1}})", duplicates);
  EXPECT_EQ(duplicates, Paths{"a[3][1].c"});
  EXPECT_EQ(v["d"]["b"], 1);
  duplicates.clear();
  parse_noting_duplicates(R"([{"a":1},{"a":2}])", duplicates);
  EXPECT_TRUE(duplicates.empty());
  EXPECT_THROW(parse_noting_duplicates("{\"a\":", duplicates), json::parse_error);
}

}  // namespace
}  // namespace kapi::openapi
