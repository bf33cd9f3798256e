#include "registry/core/pod_spec.h"

#include <gtest/gtest.h>

#include "tests/registry_core/test_support.h"

namespace kapi::registry::core {
namespace {

using testing::find_error;

json minimal_spec() {
  return json::parse(R"({"containers":[{"name":"app","image":"nginx:1.25"}]})");
}

TEST(PodSpecDefaultsTest, AppliesUpstreamDefaults) {
  json spec = json::parse(R"({
    "containers":[{"name":"app","image":"nginx","ports":[{"containerPort":80}],
                   "livenessProbe":{"httpGet":{"port":80}},
                   "env":[{"name":"POD","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]}],
    "initContainers":[{"name":"init","image":"busybox:1.36"}],
    "volumes":[{"name":"scratch"},{"name":"cfg","configMap":{"name":"c"}},
               {"name":"host","hostPath":{"path":"/tmp"}}]})");
  default_pod_spec(spec);
  EXPECT_EQ(spec["restartPolicy"], "Always");
  EXPECT_EQ(spec["dnsPolicy"], "ClusterFirst");
  EXPECT_EQ(spec["terminationGracePeriodSeconds"], 30);
  EXPECT_EQ(spec["schedulerName"], "default-scheduler");
  EXPECT_EQ(spec["securityContext"], json::object());
  EXPECT_FALSE(spec.contains("enableServiceLinks"));  // Pod-only default
  const json& c = spec["containers"][0];
  EXPECT_EQ(c["imagePullPolicy"], "Always");
  EXPECT_EQ(c["terminationMessagePath"], "/dev/termination-log");
  EXPECT_EQ(c["terminationMessagePolicy"], "File");
  EXPECT_EQ(c["resources"], json::object());  // upstream serialises it always (not omitempty)
  EXPECT_EQ(spec["initContainers"][0]["resources"], json::object());
  EXPECT_EQ(c["ports"][0]["protocol"], "TCP");
  EXPECT_EQ(c["livenessProbe"]["timeoutSeconds"], 1);
  EXPECT_EQ(c["livenessProbe"]["periodSeconds"], 10);
  EXPECT_EQ(c["livenessProbe"]["successThreshold"], 1);
  EXPECT_EQ(c["livenessProbe"]["failureThreshold"], 3);
  EXPECT_EQ(c["livenessProbe"]["httpGet"]["path"], "/");
  EXPECT_EQ(c["livenessProbe"]["httpGet"]["scheme"], "HTTP");
  EXPECT_EQ(c["env"][0]["valueFrom"]["fieldRef"]["apiVersion"], "v1");
  EXPECT_EQ(spec["initContainers"][0]["imagePullPolicy"], "IfNotPresent");
  EXPECT_EQ(spec["volumes"][0]["emptyDir"], json::object());
  EXPECT_EQ(spec["volumes"][1]["configMap"]["defaultMode"], 420);
  EXPECT_EQ(spec["volumes"][2]["hostPath"]["type"], "");
}

TEST(PodSpecDefaultsTest, KeepsWhatTheClientSet) {
  json spec = json::parse(R"({"restartPolicy":"Never","dnsPolicy":"Default",
    "terminationGracePeriodSeconds":5,"containers":[{"name":"a","image":"x","imagePullPolicy":"Never"}]})");
  default_pod_spec(spec);
  EXPECT_EQ(spec["restartPolicy"], "Never");
  EXPECT_EQ(spec["dnsPolicy"], "Default");
  EXPECT_EQ(spec["terminationGracePeriodSeconds"], 5);
  EXPECT_EQ(spec["containers"][0]["imagePullPolicy"], "Never");
  spec = json::parse(R"({"containers":[{"name":"a","image":"x","resources":{"limits":{"cpu":"1"}}}]})");
  default_pod_spec(spec);
  EXPECT_EQ(spec["containers"][0]["resources"], json::parse(R"({"limits":{"cpu":"1"}})"));
}

TEST(PodSpecDefaultsTest, PullPolicyByTag) {
  EXPECT_EQ(default_pull_policy("nginx"), "Always");
  EXPECT_EQ(default_pull_policy("nginx:latest"), "Always");
  EXPECT_EQ(default_pull_policy("nginx:1.25"), "IfNotPresent");
  EXPECT_EQ(default_pull_policy("registry:5000/nginx"), "Always");
  EXPECT_EQ(default_pull_policy("registry:5000/nginx:1"), "IfNotPresent");
  EXPECT_EQ(default_pull_policy("nginx@sha256:abcd"), "IfNotPresent");
}

TEST(PodSpecDefaultsTest, PodOnlyDefaults) {
  json spec = json::parse(R"({"hostNetwork":true,"containers":[{"name":"a","image":"x",
    "ports":[{"containerPort":8080}],"resources":{"limits":{"cpu":"1"}}}]})");
  default_pod_spec(spec);
  default_pod_only(spec);
  EXPECT_EQ(spec["enableServiceLinks"], true);
  EXPECT_EQ(spec["containers"][0]["resources"]["requests"]["cpu"], "1");
  EXPECT_EQ(spec["containers"][0]["ports"][0]["hostPort"], 8080);
}

TEST(PodSpecDefaultsTest, TemplateDefaultsSpecOnly) {
  json tmpl = json::parse(R"({"metadata":{"labels":{"app":"x"}},"spec":{"containers":[{"name":"a","image":"x"}]}})");
  default_pod_template_spec(tmpl);
  EXPECT_EQ(tmpl["spec"]["restartPolicy"], "Always");
  EXPECT_FALSE(tmpl["spec"].contains("enableServiceLinks"));
}

TEST(PodSpecCanonicalizeTest, QuantitiesRoundedToMilli) {
  json spec = json::parse(R"({"containers":[{"name":"a","image":"x",
    "resources":{"limits":{"cpu":"1.5","memory":"1024Mi"},"requests":{"cpu":"0.0001"}}}]})");
  canonicalize_pod_spec(spec);
  const json& r = spec["containers"][0]["resources"];
  EXPECT_EQ(r["limits"]["cpu"], "1500m");
  EXPECT_EQ(r["limits"]["memory"], "1Gi");
  EXPECT_EQ(r["requests"]["cpu"], "1m");
}

std::vector<FieldError> validate_at(const json& spec, const char* path = "spec") {
  std::vector<FieldError> errors;
  json defaulted = spec;
  default_pod_spec(defaulted);
  validate_pod_spec(defaulted, path, errors);
  return errors;
}

TEST(PodSpecValidationTest, MinimalSpecIsValid) {
  EXPECT_TRUE(validate_at(minimal_spec()).empty()) << testing::describe(validate_at(minimal_spec()));
}

TEST(PodSpecValidationTest, ContainersRequired) {
  auto errors = validate_at(json::parse(R"({"containers":[]})"));
  EXPECT_FIELD_ERROR(errors, "spec.containers", "Required value");
}

TEST(PodSpecValidationTest, ContainerNamesAndImages) {
  auto errors = validate_at(json::parse(R"({
    "initContainers":[{"name":"app","image":"x"}],
    "containers":[{"name":"app","image":"x"},{"name":"Bad_Name","image":"x"},{"image":"x"},
                  {"name":"noimage"}]})"),
                            "spec.template.spec");
  EXPECT_FIELD_ERROR(errors, "spec.template.spec.containers[0].name", "Duplicate value: \"app\"");
  EXPECT_FIELD_ERROR(errors, "spec.template.spec.containers[1].name",
                     "Invalid value: \"Bad_Name\": a lowercase RFC 1123 label must consist of");
  EXPECT_FIELD_ERROR(errors, "spec.template.spec.containers[2].name", "Required value");
  EXPECT_FIELD_ERROR(errors, "spec.template.spec.containers[3].image", "Required value");
}

TEST(PodSpecValidationTest, EnumsAndPorts) {
  json spec = json::parse(R"({"restartPolicy":"Sometimes","dnsPolicy":"Nope",
    "containers":[{"name":"a","image":"x","imagePullPolicy":"Maybe",
      "ports":[{"containerPort":70000,"protocol":"ICMP","name":"http"},{"containerPort":0,"name":"http"},
               {"containerPort":81,"name":"Not_Valid"}]}]})");
  auto errors = validate_at(spec);
  EXPECT_FIELD_ERROR(errors, "spec.restartPolicy",
                     "Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"");
  EXPECT_FIELD_ERROR(errors, "spec.dnsPolicy", "Unsupported value: \"Nope\"");
  EXPECT_FIELD_ERROR(errors, "spec.containers[0].imagePullPolicy", "Unsupported value: \"Maybe\"");
  EXPECT_FIELD_ERROR(errors, "spec.containers[0].ports[0].containerPort",
                     "Invalid value: 70000: must be between 1 and 65535, inclusive");
  EXPECT_FIELD_ERROR(errors, "spec.containers[0].ports[0].protocol", "Unsupported value: \"ICMP\"");
  EXPECT_FIELD_ERROR(errors, "spec.containers[0].ports[1].containerPort", "Required value");
  EXPECT_FIELD_ERROR(errors, "spec.containers[0].ports[1].name", "Duplicate value: \"http\"");
  EXPECT_FIELD_ERROR(errors, "spec.containers[0].ports[2].name",
                     "Invalid value: \"Not_Valid\": must contain only alpha-numeric characters");
}

TEST(PodSpecValidationTest, ResourceQuantities) {
  json spec = json::parse(R"({"containers":[{"name":"a","image":"x","resources":{
    "limits":{"cpu":"500m","memory":"lots","gpu":"1"},"requests":{"cpu":"1","memory":"-1"}}}]})");
  auto errors = validate_at(spec);
  EXPECT_FIELD_ERROR(errors, "spec.containers[0].resources.limits[memory]",
                     "Invalid value: \"lots\": quantities must match the regular expression");
  EXPECT_FIELD_ERROR(errors, "spec.containers[0].resources.requests[memory]",
                     "Invalid value: \"-1\": must be greater than or equal to 0");
  EXPECT_FIELD_ERROR(errors, "spec.containers[0].resources.requests[cpu]",
                     "Invalid value: \"1\": must be less than or equal to cpu limit of 500m");
  EXPECT_FIELD_ERROR(errors, "spec.containers[0].resources.limits[gpu]",
                     "Invalid value: \"gpu\": must be a standard resource for containers");
}

TEST(PodSpecValidationTest, VolumesAndMounts) {
  json spec = json::parse(R"({
    "volumes":[{"name":"data","emptyDir":{}},{"name":"data","emptyDir":{}},
               {"name":"two","emptyDir":{},"hostPath":{"path":"/x"}},
               {"name":"claim","persistentVolumeClaim":{}}],
    "containers":[{"name":"a","image":"x","volumeMounts":[
      {"name":"data","mountPath":"/d"},{"name":"missing","mountPath":"/m"},
      {"name":"data","mountPath":"/d"},{"name":"data"}]}]})");
  auto errors = validate_at(spec);
  EXPECT_FIELD_ERROR(errors, "spec.volumes[1].name", "Duplicate value: \"data\"");
  EXPECT_FIELD_ERROR(errors, "spec.volumes[2].hostPath", "Forbidden: may not specify more than 1 volume type");
  EXPECT_FIELD_ERROR(errors, "spec.volumes[3].persistentVolumeClaim.claimName", "Required value");
  EXPECT_FIELD_ERROR(errors, "spec.containers[0].volumeMounts[1].name", "Not found: \"missing\"");
  EXPECT_FIELD_ERROR(errors, "spec.containers[0].volumeMounts[2].mountPath",
                     "Invalid value: \"/d\": must be unique");
  EXPECT_FIELD_ERROR(errors, "spec.containers[0].volumeMounts[3].mountPath", "Required value");
}

TEST(PodSpecValidationTest, EnvNames) {
  json spec = json::parse(R"({"containers":[{"name":"a","image":"x","env":[{"name":"1BAD"},{"value":"v"}]}]})");
  auto errors = validate_at(spec);
  EXPECT_FIELD_ERROR(errors, "spec.containers[0].env[0].name",
                     "Invalid value: \"1BAD\": a valid environment variable name must consist of");
  EXPECT_FIELD_ERROR(errors, "spec.containers[0].env[1].name", "Required value");
}

TEST(PodTemplateSpecValidationTest, ChecksMetadataAndSpecUnderPath) {
  json tmpl = json::parse(R"({"metadata":{"labels":{"app":"bad value!"}},
                              "spec":{"containers":[{"name":"a"}]}})");
  default_pod_template_spec(tmpl);
  std::vector<FieldError> errors;
  validate_pod_template_spec(tmpl, "spec.template", errors);
  EXPECT_FIELD_ERROR(errors, "spec.template.labels", "Invalid value: \"bad value!\"");
  EXPECT_FIELD_ERROR(errors, "spec.template.spec.containers[0].image", "Required value");
}

}  // namespace
}  // namespace kapi::registry::core
