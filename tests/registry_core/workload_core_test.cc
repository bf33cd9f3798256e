// ReplicationControllers and PodTemplates, and the ObjectMeta rules every resource shares.
#include <gtest/gtest.h>

#include "registry/validation/object_meta_validation.h"
#include "tests/registry_core/test_support.h"

namespace kapi::registry::core {
namespace {

const auto kNow = std::chrono::system_clock::from_time_t(1700000000);

json rc(const char* spec) { return {{"metadata", {{"name", "web"}}}, {"spec", json::parse(spec)}}; }

class WorkloadCoreTest : public testing::RegistryFixture {};

TEST_F(WorkloadCoreTest, ReplicationControllerDefaultsFromTemplate) {
  json obj = create_ok("replicationcontrollers", "default", rc(R"({"template":{"metadata":{"labels":{"app":"web"}},
      "spec":{"containers":[{"name":"a","image":"nginx:1"},{"name":"b","image":"busybox"}]}}})"));
  EXPECT_EQ(obj["spec"]["replicas"], 1);
  EXPECT_EQ(obj["spec"]["selector"], json::parse(R"({"app":"web"})"));
  EXPECT_EQ(obj["metadata"]["labels"], json::parse(R"({"app":"web"})"));
  EXPECT_EQ(obj["metadata"]["generation"], 1);
  EXPECT_EQ(obj["spec"]["template"]["spec"]["restartPolicy"], "Always");
  json c = store("replicationcontrollers").strategy().table_printer().cells(obj, kNow);
  EXPECT_EQ(c[1], 1);
  EXPECT_EQ(c[2], 0);
  EXPECT_EQ(c[5], "a,b");
  EXPECT_EQ(c[6], "nginx:1,busybox");
  EXPECT_EQ(c[7], "app=web");
}

TEST_F(WorkloadCoreTest, ReplicationControllerValidation) {
  auto err = create_error("replicationcontrollers", "default", rc(R"({"replicas":-1,"selector":{"app":"other"},
      "template":{"metadata":{"labels":{"app":"web"}},"spec":{"restartPolicy":"Never","containers":[{"name":"a"}]}}})"));
  auto c = causes(err);
  EXPECT_FIELD_ERROR(c, "spec.replicas", "Invalid value: -1: must be greater than or equal to 0");
  EXPECT_FIELD_ERROR(c, "spec.template.metadata.labels",
                     "Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`");
  EXPECT_FIELD_ERROR(c, "spec.template.spec.restartPolicy", "Unsupported value: \"Never\": supported values: \"Always\"");
  EXPECT_FIELD_ERROR(c, "spec.template.spec.containers[0].image", "Required value");
  auto no_template = create_error("replicationcontrollers", "default", rc(R"({"selector":{"a":"b"}})"));
  EXPECT_FIELD_ERROR(causes(no_template), "spec.template", "Required value");
}

TEST_F(WorkloadCoreTest, PodTemplateDefaultsValidationAndTable) {
  json pt = {{"metadata", {{"name", "tpl"}}},
             {"template", json::parse(R"({"metadata":{"labels":{"b":"2","a":"1"}},"spec":{"containers":[{"name":"a","image":"x"}]}})")}};
  json stored = create_ok("podtemplates", "default", pt);
  EXPECT_EQ(stored["template"]["spec"]["dnsPolicy"], "ClusterFirst");
  auto printer = store("podtemplates").strategy().table_printer();
  ASSERT_EQ(printer.columns.size(), 4u);  // no AGE, as upstream
  EXPECT_EQ(printer.columns[3].name, "Pod Labels");
  EXPECT_EQ(printer.cells(stored, kNow), json::parse(R"(["tpl","a","x","a=1,b=2"])"));
  pt["template"]["spec"]["containers"][0].erase("image");
  pt["metadata"]["name"] = "bad";
  auto err = create_error("podtemplates", "default", pt);
  EXPECT_FIELD_ERROR(causes(err), "template.spec.containers[0].image", "Required value");
}

TEST_F(WorkloadCoreTest, MetadataRulesApplyToEveryResource) {
  json cm = {{"metadata", {{"name", "c"},
                           {"labels", {{"bad key!", "v"}, {"ok", "bad value!"}}},
                           {"annotations", {{"x/y/z", "v"}}},
                           {"finalizers", {"orphan", "foregroundDeletion", "Not Valid"}},
                           {"ownerReferences", json::parse(R"([{"apiVersion":"v1","kind":"Event","name":"e","uid":"1"},
                                                              {"apiVersion":"","kind":"","name":"","uid":"","controller":true},
                                                              {"apiVersion":"apps/v1","kind":"X","name":"x","uid":"2","controller":true}])")}}}};
  auto err = create_error("configmaps", "default", cm);
  ASSERT_EQ(err.code, 422);
  auto c = causes(err);
  EXPECT_FIELD_ERROR(c, "metadata.labels", "Invalid value: \"bad key!\": name part must consist of alphanumeric characters");
  EXPECT_FIELD_ERROR(c, "metadata.labels", "Invalid value: \"bad value!\": a valid label must be an empty string or consist of");
  EXPECT_FIELD_ERROR(c, "metadata.annotations", "Invalid value: \"x/y/z\": a qualified name must consist of");
  EXPECT_FIELD_ERROR(c, "metadata.finalizers", "Invalid value: \"Not Valid\"");
  EXPECT_FIELD_ERROR(c, "metadata.finalizers", "Invalid value: [\"orphan\",\"foregroundDeletion\",\"Not Valid\"]: finalizer orphan and foregroundDeletion cannot be both set");
  EXPECT_FIELD_ERROR(c, "metadata.ownerReferences", "Invalid value: {");  // the banned Event owner
  EXPECT_FIELD_ERROR(c, "metadata.ownerReferences.apiVersion", "Invalid value: \"\": version must not be empty");
  EXPECT_FIELD_ERROR(c, "metadata.ownerReferences.uid", "Invalid value: \"\": must not be empty");
  EXPECT_FIELD_ERROR(c, "metadata.ownerReferences", "Invalid value: [");  // two controllers
}

TEST(ObjectMetaValidationTest, AnnotationBudgetIs256KiB) {
  std::vector<FieldError> errors;
  json annotations = {{"a", std::string(validation::kTotalAnnotationSizeLimit - 1, 'x')}};
  validation::validate_annotations(annotations, "metadata.annotations", errors);
  EXPECT_TRUE(errors.empty());
  annotations["b"] = "y";
  validation::validate_annotations(annotations, "metadata.annotations", errors);
  EXPECT_FIELD_ERROR(errors, "metadata.annotations", "Too long: may not be more than 262144 bytes");
  errors.clear();
  validation::validate_annotations(json{{"Example.COM/Key", "v"}}, "metadata.annotations", errors);
  EXPECT_TRUE(errors.empty()) << testing::describe(errors);  // case does not matter in annotation keys
}

}  // namespace
}  // namespace kapi::registry::core
