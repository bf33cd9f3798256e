// Deployments: upstream's defaults, validation messages, selector immutability, generation and
// the Table row.
#include "tests/registry_apps/fixture.h"

namespace kapi::registry::testing {
namespace {

// The seed walkthrough's Deployment (kubernetes-101 part V), with its PVC volume.
json seed_deployment() {
  return json::parse(R"({
    "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "pg"},
    "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "pg"}},
      "template": {"metadata": {"labels": {"app": "pg"}},
        "spec": {"containers": [{"name": "postgresql", "image": "postgres:14",
          "env": [{"name": "POSTGRES_USER", "value": "postgres"}],
          "volumeMounts": [{"name": "pgdata", "mountPath": "/var/lib/postgresql/data"}]}],
          "volumes": [{"name": "pgdata", "persistentVolumeClaim": {"claimName": "my-pvc"}}]}}}})");
}

class DeploymentTest : public RegistryTest {
 protected:
  const GenericStore& deployments() const { return store("apps", "deployments"); }
};

TEST_F(DeploymentTest, SeedDeploymentGetsUpstreamDefaults) {
  json d = seed_deployment();
  d["spec"].erase("replicas");
  json created = create_ok(deployments(), d);
  const json& spec = created["spec"];
  EXPECT_EQ(spec["replicas"], 1);
  EXPECT_EQ(spec["strategy"], json::parse(R"({"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}})"));
  EXPECT_EQ(spec["revisionHistoryLimit"], 10);
  EXPECT_EQ(spec["progressDeadlineSeconds"], 600);
  EXPECT_EQ(spec["template"]["spec"]["restartPolicy"], "Always");
  EXPECT_EQ(spec["template"]["spec"]["dnsPolicy"], "ClusterFirst");
  EXPECT_EQ(spec["template"]["spec"]["containers"][0]["imagePullPolicy"], "IfNotPresent");
  EXPECT_TRUE(spec["template"]["metadata"].contains("creationTimestamp"));
  EXPECT_TRUE(spec["template"]["metadata"]["creationTimestamp"].is_null());
  EXPECT_EQ(created["status"], json::object());
  EXPECT_EQ(created["metadata"]["generation"], 1);
}

TEST_F(DeploymentTest, RecreateGetsNoRollingUpdateDefaults) {
  json d = seed_deployment();
  d["spec"]["strategy"] = {{"type", "Recreate"}};
  json created = create_ok(deployments(), d);
  EXPECT_EQ(created["spec"]["strategy"], json::parse(R"({"type":"Recreate"})"));
}

TEST_F(DeploymentTest, SelectorMustMatchTemplateLabels) {
  json d = seed_deployment();
  d["spec"]["template"]["metadata"]["labels"] = {{"app", "other"}, {"tier", "db"}};
  ApiError e = create_error(deployments(), d);
  EXPECT_EQ(e.message,
            "Deployment.apps \"pg\" is invalid: spec.template.metadata.labels: Invalid value: "
            "map[string]string{\"app\":\"other\", \"tier\":\"db\"}: `selector` does not match template `labels`");
  expect_cause(e, "spec.template.metadata.labels",
               "Invalid value: map[string]string{\"app\":\"other\", \"tier\":\"db\"}: `selector` does not match template `labels`");
}

TEST_F(DeploymentTest, SelectorRequiredAndNotEmpty) {
  json d = seed_deployment();
  d["spec"].erase("selector");
  expect_cause(create_error(deployments(), d), "spec.selector", "Required value");
  d["spec"]["selector"] = json::object();
  expect_cause(create_error(deployments(), d), "spec.selector",
               "Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), "
               "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment");
}

TEST_F(DeploymentTest, SelectorExpressionsAreValidated) {
  json d = seed_deployment();
  d["spec"]["selector"]["matchExpressions"] = json::parse(R"([{"key":"tier","operator":"In"}])");
  ApiError e = create_error(deployments(), d);
  expect_cause(e, "spec.selector.matchExpressions[0].values",
               "Required value: must be specified when `operator` is 'In' or 'NotIn'");
  expect_cause(e, "spec.selector",
               "Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"pg\"}, "
               "MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:\"tier\", "
               "Operator:\"In\", Values:[]string(nil)}}}: invalid label selector");
}

TEST_F(DeploymentTest, CountsMustBeNonNegative) {
  json d = seed_deployment();
  d["spec"]["replicas"] = -1;
  d["spec"]["revisionHistoryLimit"] = -2;
  ApiError e = create_error(deployments(), d);
  expect_cause(e, "spec.replicas", "Invalid value: -1: must be greater than or equal to 0");
  expect_cause(e, "spec.revisionHistoryLimit", "Invalid value: -2: must be greater than or equal to 0");
}

TEST_F(DeploymentTest, StrategyRules) {
  json d = seed_deployment();
  d["spec"]["strategy"] = json::parse(R"({"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":0,"maxSurge":"0%"}})");
  expect_cause(create_error(deployments(), d), "spec.strategy.rollingUpdate.maxUnavailable",
               "Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0");
  d["spec"]["strategy"] = json::parse(R"({"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"150%"}})");
  expect_cause(create_error(deployments(), d), "spec.strategy.rollingUpdate.maxUnavailable",
               "Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be greater than 100%");
  d["spec"]["strategy"] = json::parse(R"({"type":"RollingUpdate","rollingUpdate":{"maxSurge":"x"}})");
  expect_cause(create_error(deployments(), d), "spec.strategy.rollingUpdate.maxSurge",
               "Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"x\"}: a valid percent string must be "
               "a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')");
  d["spec"]["strategy"] = json::parse(R"({"type":"Recreate","rollingUpdate":{"maxSurge":1}})");
  expect_cause(create_error(deployments(), d), "spec.strategy.rollingUpdate",
               "Forbidden: may not be specified when strategy `type` is 'Recreate'");
  d["spec"]["strategy"] = json::parse(R"({"type":"BlueGreen"})");
  expect_cause(create_error(deployments(), d), "spec.strategy",
               "Unsupported value: apps.DeploymentStrategy{Type:\"BlueGreen\", "
               "RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: \"Recreate\", \"RollingUpdate\"");
}

TEST_F(DeploymentTest, PodTemplateIsValidatedUnderSpecTemplate) {
  json d = seed_deployment();
  d["spec"]["template"]["spec"]["containers"][0].erase("image");
  expect_cause(create_error(deployments(), d), "spec.template.spec.containers[0].image", "Required value");
}

TEST_F(DeploymentTest, ProgressDeadlineMustExceedMinReadySeconds) {
  json d = seed_deployment();
  d["spec"]["minReadySeconds"] = 30;
  d["spec"]["progressDeadlineSeconds"] = 30;
  expect_cause(create_error(deployments(), d), "spec.progressDeadlineSeconds",
               "Invalid value: 30: must be greater than minReadySeconds");
}

TEST_F(DeploymentTest, TemplateRestartPolicyMustBeAlways) {
  json d = seed_deployment();
  d["spec"]["template"]["spec"]["restartPolicy"] = "Never";
  d["spec"]["template"]["spec"]["activeDeadlineSeconds"] = 5;
  ApiError e = create_error(deployments(), d);
  expect_cause(e, "spec.template.spec.restartPolicy", "Unsupported value: \"Never\": supported values: \"Always\"");
  expect_cause(e, "spec.template.spec.activeDeadlineSeconds",
               "Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported");
}

TEST_F(DeploymentTest, SelectorIsImmutable) {
  json d = create_ok(deployments(), seed_deployment());
  d["spec"]["selector"]["matchLabels"]["app"] = "pg2";
  d["spec"]["template"]["metadata"]["labels"]["app"] = "pg2";
  ApiError e = update_error(deployments(), d);
  EXPECT_EQ(e.message,
            "Deployment.apps \"pg\" is invalid: spec.selector: Invalid value: "
            "v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"pg2\"}, "
            "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable");
}

TEST_F(DeploymentTest, UpdatesKeepDefaultsAndBumpGenerationOnSpecOrAnnotations) {
  json d = create_ok(deployments(), seed_deployment());
  // A client that drops defaulted fields (as a PUT of the original manifest does) gets them back.
  json put = seed_deployment();
  put["spec"]["replicas"] = 3;
  json updated = update_ok(deployments(), put);
  EXPECT_EQ(updated["spec"]["replicas"], 3);
  EXPECT_EQ(updated["spec"]["revisionHistoryLimit"], 10);
  EXPECT_EQ(updated["metadata"]["generation"], 2);

  updated["metadata"]["labels"] = {{"team", "db"}};
  updated = update_ok(deployments(), updated);
  EXPECT_EQ(updated["metadata"]["generation"], 2) << "labels are not spec";

  updated["metadata"]["annotations"] = {{"kubectl.kubernetes.io/restartedAt", "2024-01-01T00:00:00Z"}};
  updated = update_ok(deployments(), updated);
  EXPECT_EQ(updated["metadata"]["generation"], 3) << "annotations are copied to ReplicaSets";
}

TEST_F(DeploymentTest, StatusSubresourceChangesStatusAndAnnotationsNotSpecOrLabels) {
  json d = create_ok(deployments(), seed_deployment());
  const json labels = d["metadata"].value("labels", json());
  d["spec"]["replicas"] = 5;
  d["metadata"]["labels"] = {{"team", "db"}};
  d["metadata"]["annotations"] = {{"deployment.kubernetes.io/revision", "1"}};
  d["metadata"]["generation"] = 7;
  d["status"] = {{"replicas", 1}, {"readyReplicas", 1}, {"updatedReplicas", 1}, {"availableReplicas", 1}};
  json written = update_ok(deployments(), d, "status");
  EXPECT_EQ(written["spec"]["replicas"], 1);
  EXPECT_EQ(written["status"]["readyReplicas"], 1);
  EXPECT_EQ(written["metadata"].value("labels", json()), labels);
  // How the controller records the revision (upstream's deploymentStatusStrategy lets it through)
  // without a new generation, so `kubectl rollout status` does not wait for one.
  EXPECT_EQ(written["metadata"]["annotations"]["deployment.kubernetes.io/revision"], "1");
  EXPECT_EQ(written["metadata"]["generation"], 1);
}

TEST_F(DeploymentTest, TableColumnsAndCells) {
  EXPECT_EQ(column_names(deployments(), 0), (std::vector<std::string>{"Name", "Ready", "Up-to-date", "Available", "Age"}));
  EXPECT_EQ(column_names(deployments(), 1), (std::vector<std::string>{"Containers", "Images", "Selector"}));
  json d = create_ok(deployments(), seed_deployment());
  d["spec"]["template"]["spec"]["containers"].push_back({{"name", "sidecar"}, {"image", "busybox"}});
  d["spec"]["selector"]["matchExpressions"] = json::parse(R"([{"key":"tier","operator":"NotIn","values":["web","cache"]}])");
  d["status"] = {{"readyReplicas", 1}, {"updatedReplicas", 1}, {"availableReplicas", 1}};
  json row = cells(deployments(), d);
  ASSERT_EQ(row.size(), 8u);
  EXPECT_EQ(row[0], "pg");
  EXPECT_EQ(row[1], "1/1");
  EXPECT_EQ(row[2], 1);
  EXPECT_EQ(row[3], 1);
  EXPECT_EQ(row[5], "postgresql,sidecar");
  EXPECT_EQ(row[6], "postgres:14,busybox");
  EXPECT_EQ(row[7], "app=pg,tier notin (cache,web)");
  d["spec"].erase("selector");
  EXPECT_EQ(cells(deployments(), d)[7], "");
}

}  // namespace
}  // namespace kapi::registry::testing
