// The OpenAPI documents: what kubectl 1.32 reads from /openapi/v3 before apply and create -f,
// and the v2 document explain falls back to.
#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <thread>

#include "openapi/documents.h"

namespace kapi::openapi {
namespace {

using json = nlohmann::json;

const std::vector<std::string> kAllVerbs = {"create", "delete", "deletecollection", "get",
                                            "list", "patch", "update", "watch"};

std::vector<ResourceDescriptor> served() {
  return {
      {"", "v1", "ConfigMap", "configmaps", true, kAllVerbs, {}},
      {"", "v1", "Namespace", "namespaces", false, {"create", "delete", "get", "list", "patch", "update", "watch"}, {"status"}},
      {"", "v1", "Pod", "pods", true, kAllVerbs, {"status"}},
      {"apps", "v1", "Deployment", "deployments", true, kAllVerbs, {"status", "scale"}},
      {"storage.k8s.io", "v1", "StorageClass", "storageclasses", false, kAllVerbs, {}},
      {"", "v1", "LimitRange", "limitranges", true, kAllVerbs, {}},
      {"example.com", "v1", "Widget", "widgets", true, kAllVerbs, {}},  // not in the model
  };
}

const Documents& docs() {
  static const Documents d(served());
  return d;
}

json v3(const std::string& gv) {
  const std::string* text = docs().v3_json(gv);
  if (text == nullptr) throw std::runtime_error("no document " + gv);
  return json::parse(*text);
}

// Every "$ref" in `doc` must name an existing entry under `prefix`.
void expect_refs_resolve(const json& doc, const json& defs, const std::string& prefix) {
  std::function<void(const json&)> walk = [&](const json& node) {
    if (node.is_object()) {
      for (auto it = node.begin(); it != node.end(); ++it) {
        if (it.key() == "$ref") {
          std::string ref = it.value().get<std::string>();
          ASSERT_EQ(ref.rfind(prefix, 0), 0u) << ref;
          EXPECT_TRUE(defs.contains(ref.substr(prefix.size()))) << ref;
        } else {
          walk(it.value());
        }
      }
    } else if (node.is_array()) {
      for (const json& x : node) walk(x);
    }
  };
  walk(doc);
}

TEST(Documents, IndexListsEachGroupVersionWithItsHash) {
  json index = json::parse(docs().v3_index_json());
  for (const char* gv : {"api/v1", "apis/apps/v1", "apis/storage.k8s.io/v1", "apis/example.com/v1"}) {
    ASSERT_TRUE(index["paths"].contains(gv)) << gv;
    EXPECT_EQ(index["paths"][gv]["serverRelativeURL"], std::string("/openapi/v3/") + gv + "?hash=" + docs().v3_hash(gv));
  }
  EXPECT_EQ(index["paths"].size(), 4u);
  EXPECT_EQ(docs().v3_json("apis/batch/v1"), nullptr);
  EXPECT_EQ(docs().v3_hash("apis/batch/v1"), "");
}

TEST(Documents, HashFollowsContent) {
  Documents other({{"", "v1", "ConfigMap", "configmaps", true, kAllVerbs, {}}});
  EXPECT_NE(other.v3_hash("api/v1"), docs().v3_hash("api/v1"));
  Documents same({{"", "v1", "ConfigMap", "configmaps", true, kAllVerbs, {}}});
  EXPECT_EQ(other.v3_hash("api/v1"), same.v3_hash("api/v1"));
}

// The documents are built on first use: threads asking at once all get the one built copy.
TEST(Documents, FirstRequestsFromManyThreadsShareOneBuild) {
  Documents fresh(served());
  std::vector<const std::string*> v3_docs(8), v2_docs(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < v3_docs.size(); ++i)
    threads.emplace_back([&, i] {
      v3_docs[i] = fresh.v3_json("api/v1");
      v2_docs[i] = &fresh.v2_json();
    });
  for (auto& t : threads) t.join();
  for (std::size_t i = 0; i < v3_docs.size(); ++i) {
    ASSERT_NE(v3_docs[i], nullptr);
    EXPECT_EQ(v3_docs[i], v3_docs[0]);
    EXPECT_EQ(v2_docs[i], v2_docs[0]);
  }
  EXPECT_EQ(*v3_docs[0], *docs().v3_json("api/v1"));
  EXPECT_EQ(fresh.v2_hash(), docs().v2_hash());
}

TEST(Documents, V3KindSchemaCarriesGroupVersionKind) {
  json doc = v3("apis/apps/v1");
  EXPECT_EQ(doc["openapi"], "3.0.0");
  const json& deploy = doc["components"]["schemas"]["io.k8s.api.apps.v1.Deployment"];
  EXPECT_EQ(deploy["x-kubernetes-group-version-kind"],
            json::parse(R"([{"group":"apps","kind":"Deployment","version":"v1"}])"));
  // Referenced types come along: the pod template and the shared meta types.
  EXPECT_TRUE(doc["components"]["schemas"].contains("io.k8s.api.core.v1.Container"));
  EXPECT_TRUE(doc["components"]["schemas"].contains("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
  EXPECT_TRUE(doc["components"]["schemas"].contains("io.k8s.api.autoscaling.v1.Scale"));
  // ConfigMap is not referenced from apps/v1.
  EXPECT_FALSE(doc["components"]["schemas"].contains("io.k8s.api.core.v1.ConfigMap"));
  expect_refs_resolve(doc, doc["components"]["schemas"], "#/components/schemas/");
}

TEST(Documents, V3PatchOperationHasWhatKubectlChecks) {
  json doc = v3("api/v1");
  const json& patch = doc["paths"]["/api/v1/namespaces/{namespace}/configmaps/{name}"]["patch"];
  ASSERT_TRUE(patch.is_object());
  EXPECT_EQ(patch["x-kubernetes-group-version-kind"],
            json::parse(R"({"group":"","kind":"ConfigMap","version":"v1"})"));
  std::set<std::string> params;
  for (const json& p : patch["parameters"]) {
    EXPECT_EQ(p["in"], "query");
    params.insert(p["name"]);
  }
  for (const char* p : {"dryRun", "fieldManager", "fieldValidation", "force"}) EXPECT_TRUE(params.count(p)) << p;
  for (const char* media : {"application/json-patch+json", "application/merge-patch+json",
                            "application/strategic-merge-patch+json", "application/apply-patch+yaml"}) {
    EXPECT_EQ(patch["requestBody"]["content"][media]["schema"]["$ref"],
              "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch") << media;
  }
  expect_refs_resolve(doc, doc["components"]["schemas"], "#/components/schemas/");
}

TEST(Documents, PathsFollowScopeVerbsAndSubresources) {
  json core = v3("api/v1");
  const json& paths = core["paths"];
  EXPECT_TRUE(paths.contains("/api/v1/namespaces/{namespace}/configmaps"));
  EXPECT_TRUE(paths.contains("/api/v1/configmaps"));  // list across namespaces
  EXPECT_TRUE(paths.contains("/api/v1/namespaces/{namespace}/pods/{name}/status"));
  EXPECT_TRUE(paths.contains("/api/v1/namespaces/{name}"));  // cluster-scoped
  EXPECT_FALSE(paths.contains("/api/v1/namespaces/{namespace}/namespaces"));
  // Namespace has no deletecollection verb here.
  EXPECT_FALSE(paths["/api/v1/namespaces"].contains("delete"));
  EXPECT_EQ(paths["/api/v1/namespaces/{namespace}/configmaps"]["get"]["operationId"], "listCoreV1NamespacedConfigMap");
  EXPECT_EQ(paths["/api/v1/namespaces/{namespace}/configmaps"]["delete"]["operationId"],
            "deleteCoreV1CollectionNamespacedConfigMap");

  json apps = v3("apis/apps/v1");
  const json& scale = apps["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale"];
  EXPECT_EQ(scale["patch"]["x-kubernetes-group-version-kind"],
            json::parse(R"({"group":"autoscaling","kind":"Scale","version":"v1"})"));
  EXPECT_EQ(scale["get"]["operationId"], "readAppsV1NamespacedDeploymentScale");
  EXPECT_EQ(v3("apis/storage.k8s.io/v1")["paths"]["/apis/storage.k8s.io/v1/storageclasses/{name}"]["get"]["operationId"],
            "readStorageV1StorageClass");
}

TEST(Documents, ReferenceWithDescriptionIsWrappedInAllOfForV3) {
  json doc = v3("api/v1");
  const json& metadata = doc["components"]["schemas"]["io.k8s.api.core.v1.ConfigMap"]["properties"]["metadata"];
  ASSERT_TRUE(metadata.contains("allOf"));
  EXPECT_EQ(metadata["allOf"][0]["$ref"], "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
  const json& containers = doc["components"]["schemas"]["io.k8s.api.core.v1.PodSpec"]["properties"]["containers"];
  EXPECT_EQ(containers["x-kubernetes-patch-merge-key"], "name");
  EXPECT_EQ(containers["x-kubernetes-patch-strategy"], "merge");
  EXPECT_EQ(containers["items"]["$ref"], "#/components/schemas/io.k8s.api.core.v1.Container");
}

TEST(Documents, KindWithoutModelGetsAMinimalDefinition) {
  json doc = v3("apis/example.com/v1");
  const json& widget = doc["components"]["schemas"]["com.example.v1.Widget"];
  EXPECT_EQ(widget["x-kubernetes-group-version-kind"][0]["kind"], "Widget");
  EXPECT_EQ(widget["x-kubernetes-preserve-unknown-fields"], true);
  EXPECT_TRUE(doc["components"]["schemas"].contains("com.example.v1.WidgetList"));
  EXPECT_TRUE(doc["paths"]["/apis/example.com/v1/namespaces/{namespace}/widgets/{name}"].contains("patch"));
}

TEST(Documents, ModelledKindsCarryTheirFields) {
  json doc = v3("api/v1");
  const json& schemas = doc["components"]["schemas"];
  const json& lr = schemas["io.k8s.api.core.v1.LimitRange"];
  EXPECT_FALSE(lr.contains("x-kubernetes-preserve-unknown-fields"));
  EXPECT_EQ(lr["properties"]["spec"]["allOf"][0]["$ref"], "#/components/schemas/io.k8s.api.core.v1.LimitRangeSpec");
  const json& item = schemas["io.k8s.api.core.v1.LimitRangeItem"];
  EXPECT_EQ(item["required"], json::array({"type"}));
  EXPECT_EQ(item["properties"]["max"]["additionalProperties"]["$ref"],
            "#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity");
}

TEST(Documents, QuantityAndIntOrStringAreOneOfInV3AndStringsInV2) {
  // kubectl explain reads v3 and names a definition without a `type`: <map[string]Quantity>.
  json doc = v3("api/v1");
  const json& v3_schemas = doc["components"]["schemas"];
  const json& quantity = v3_schemas["io.k8s.apimachinery.pkg.api.resource.Quantity"];
  EXPECT_FALSE(quantity.contains("type"));
  EXPECT_EQ(quantity["oneOf"], json::parse(R"([{"type":"string"},{"type":"number"}])"));
  const json& int_or_string = v3_schemas["io.k8s.apimachinery.pkg.util.intstr.IntOrString"];
  EXPECT_FALSE(int_or_string.contains("type"));
  EXPECT_EQ(int_or_string["format"], "int-or-string");
  EXPECT_EQ(int_or_string["oneOf"], json::parse(R"([{"type":"integer"},{"type":"string"}])"));
  json v2 = json::parse(docs().v2_json());
  const json& v2_quantity = v2["definitions"]["io.k8s.apimachinery.pkg.api.resource.Quantity"];
  EXPECT_EQ(v2_quantity["type"], "string");
  EXPECT_FALSE(v2_quantity.contains("oneOf"));
}

TEST(Documents, V2UsesDefinitionsAndBodyParameters) {
  json v2 = json::parse(docs().v2_json());
  EXPECT_EQ(v2["swagger"], "2.0");
  ASSERT_TRUE(v2["definitions"].contains("io.k8s.api.core.v1.Pod"));
  const json& patch = v2["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]["patch"];
  EXPECT_EQ(patch["consumes"][2], "application/strategic-merge-patch+json");
  bool has_body = false;
  for (const json& p : patch["parameters"]) {
    if (p["in"] == "body") has_body = p["schema"]["$ref"] == "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
  }
  EXPECT_TRUE(has_body);
  expect_refs_resolve(v2, v2["definitions"], "#/definitions/");
  EXPECT_EQ(v2["definitions"]["io.k8s.api.core.v1.PodSpec"]["properties"]["containers"]["items"]["$ref"],
            "#/definitions/io.k8s.api.core.v1.Container");
}

}  // namespace
}  // namespace kapi::openapi
