// ReplicaSets, DaemonSets and ControllerRevisions: defaults, validation messages, immutability
// and Table rows.
#include "tests/registry_apps/fixture.h"

namespace kapi::registry::testing {
namespace {

json pod_template(const std::string& app) {
  return {{"metadata", {{"labels", {{"app", app}}}}},
          {"spec", {{"containers", json::array({{{"name", "web"}, {"image", "nginx:1.27"}}})}}}};
}
json workload(const std::string& kind, const std::string& name) {
  return {{"apiVersion", "apps/v1"}, {"kind", kind}, {"metadata", {{"name", name}}},
          {"spec", {{"selector", {{"matchLabels", {{"app", name}}}}}, {"template", pod_template(name)}}}};
}

class WorkloadsTest : public RegistryTest {
 protected:
  const GenericStore& replicasets() const { return store("apps", "replicasets"); }
  const GenericStore& daemonsets() const { return store("apps", "daemonsets"); }
  const GenericStore& revisions() const { return store("apps", "controllerrevisions"); }
};

TEST_F(WorkloadsTest, ReplicaSetDefaultsAndStatus) {
  json rs = create_ok(replicasets(), workload("ReplicaSet", "web"));
  EXPECT_EQ(rs["spec"]["replicas"], 1);
  EXPECT_EQ(rs["status"], json::parse(R"({"replicas":0})"));
  EXPECT_EQ(rs["metadata"]["generation"], 1);
}

TEST_F(WorkloadsTest, ReplicaSetValidation) {
  json rs = workload("ReplicaSet", "web");
  rs["spec"]["selector"] = {{"matchLabels", json::object()}};
  // Upstream's ReplicaSet message says "deployment" too.
  expect_cause(create_error(replicasets(), rs), "spec.selector",
               "Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, "
               "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment");
  rs = workload("ReplicaSet", "web");
  rs["spec"]["minReadySeconds"] = -5;
  rs["spec"]["selector"]["matchLabels"]["bad key!"] = "x";
  ApiError e = create_error(replicasets(), rs);
  expect_cause(e, "spec.minReadySeconds", "Invalid value: -5: must be greater than or equal to 0");
  EXPECT_NE(e.message.find("spec.selector.matchLabels: Invalid value: \"bad key!\": name part must consist of"),
            std::string::npos) << e.message;
}

TEST_F(WorkloadsTest, ReplicaSetSelectorIsImmutableButReplicasScale) {
  json rs = create_ok(replicasets(), workload("ReplicaSet", "web"));
  rs["spec"]["replicas"] = 4;
  rs = update_ok(replicasets(), rs);
  EXPECT_EQ(rs["metadata"]["generation"], 2);
  rs["spec"]["selector"]["matchExpressions"] = json::parse(R"([{"key":"app","operator":"Exists"}])");
  expect_cause(update_error(replicasets(), rs), "spec.selector",
               "Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\"}, "
               "MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:\"app\", "
               "Operator:\"Exists\", Values:[]string(nil)}}}: field is immutable");
}

TEST_F(WorkloadsTest, ReplicaSetTable) {
  EXPECT_EQ(column_names(replicasets(), 0), (std::vector<std::string>{"Name", "Desired", "Current", "Ready", "Age"}));
  EXPECT_EQ(column_names(replicasets(), 1), (std::vector<std::string>{"Containers", "Images", "Selector"}));
  json rs = create_ok(replicasets(), workload("ReplicaSet", "web"));
  rs["status"] = {{"replicas", 1}, {"readyReplicas", 1}};
  json row = cells(replicasets(), rs);
  EXPECT_EQ(row[1], 1);
  EXPECT_EQ(row[2], 1);
  EXPECT_EQ(row[3], 1);
  EXPECT_EQ(row[5], "web");
  EXPECT_EQ(row[6], "nginx:1.27");
  EXPECT_EQ(row[7], "app=web");
  rs["spec"]["selector"] = json::object();
  EXPECT_EQ(cells(replicasets(), rs)[7], "<none>");
}

TEST_F(WorkloadsTest, DaemonSetDefaults) {
  json ds = create_ok(daemonsets(), workload("DaemonSet", "agent"));
  EXPECT_EQ(ds["spec"]["updateStrategy"],
            json::parse(R"({"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":0}})"));
  EXPECT_EQ(ds["spec"]["revisionHistoryLimit"], 10);
  EXPECT_EQ(ds["status"], json::parse(
      R"({"currentNumberScheduled":0,"desiredNumberScheduled":0,"numberMisscheduled":0,"numberReady":0})"));
}

TEST_F(WorkloadsTest, DaemonSetRollingUpdateRules) {
  json ds = workload("DaemonSet", "agent");
  ds["spec"]["updateStrategy"] = json::parse(R"({"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":"10%"}})");
  expect_cause(create_error(daemonsets(), ds), "spec.updateStrategy.rollingUpdate.maxSurge",
               "Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"10%\"}: may not be set when maxUnavailable is non-zero");
  ds["spec"]["updateStrategy"] = json::parse(R"({"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":0,"maxSurge":0}})");
  expect_cause(create_error(daemonsets(), ds), "spec.updateStrategy.rollingUpdate.maxUnavailable",
               "Required value: cannot be 0 when maxSurge is 0");
  ds["spec"]["updateStrategy"] = json::parse(R"({"type":"Surge"})");
  expect_cause(create_error(daemonsets(), ds), "spec.updateStrategy",
               "Unsupported value: apps.DaemonSetUpdateStrategy{Type:\"Surge\", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: "
               "supported values: \"RollingUpdate\", \"OnDelete\"");
}

TEST_F(WorkloadsTest, DaemonSetWithoutSelectorOnlyFailsToMatch) {
  json ds = workload("DaemonSet", "agent");
  ds["spec"].erase("selector");
  ApiError e = create_error(daemonsets(), ds);
  EXPECT_EQ(e.details["causes"].size(), 1u) << e.message;
  expect_cause(e, "spec.template.metadata.labels",
               "Invalid value: map[string]string{\"app\":\"agent\"}: `selector` does not match template `labels`");
}

TEST_F(WorkloadsTest, DaemonSetTable) {
  EXPECT_EQ(column_names(daemonsets(), 0),
            (std::vector<std::string>{"Name", "Desired", "Current", "Ready", "Up-to-date", "Available", "Node Selector", "Age"}));
  json ds = create_ok(daemonsets(), workload("DaemonSet", "agent"));
  json row = cells(daemonsets(), ds);
  EXPECT_EQ(row[6], "<none>");
  ds["spec"]["template"]["spec"]["nodeSelector"] = {{"zone", "a"}, {"disk", "ssd"}};
  ds["status"] = {{"desiredNumberScheduled", 3}, {"currentNumberScheduled", 2}, {"numberReady", 1},
                  {"updatedNumberScheduled", 2}, {"numberAvailable", 1}};
  row = cells(daemonsets(), ds);
  EXPECT_EQ(row, json::parse(R"(["agent",3,2,1,2,1,"disk=ssd,zone=a",")" + row[7].get<std::string>() +
                             R"(","web","nginx:1.27","app=agent"])"));
}

json revision(int64_t number) {
  return {{"apiVersion", "apps/v1"}, {"kind", "ControllerRevision"},
          {"metadata", {{"name", "web-5d8f7"},
                        {"ownerReferences", json::array({{{"apiVersion", "apps/v1"}, {"kind", "StatefulSet"},
                                                          {"name", "web"}, {"uid", "u1"}, {"controller", true}}})}}},
          {"data", {{"spec", {{"template", pod_template("web")}}}}}, {"revision", number}};
}

TEST_F(WorkloadsTest, ControllerRevisionRules) {
  json r = revision(1);
  r.erase("data");
  r["revision"] = -1;
  ApiError e = create_error(revisions(), r);
  expect_cause(e, "data", "Required value: data is mandatory");
  expect_cause(e, "revision", "Invalid value: -1: must be greater than or equal to 0");

  json created = create_ok(revisions(), revision(1));
  created["revision"] = 2;
  json renumbered = update_ok(revisions(), created);
  EXPECT_EQ(renumbered["revision"], 2) << "upstream lets controllers renumber";
  renumbered["data"] = {{"a", 1}};
  expect_cause(update_error(revisions(), renumbered), "data",
               "Invalid value: runtime.RawExtension{Raw:[]uint8{0x7b, 0x22, 0x61, 0x22, 0x3a, 0x31, 0x7d}, "
               "Object:runtime.Object(nil)}: field is immutable");
}

TEST_F(WorkloadsTest, ControllerRevisionTable) {
  EXPECT_EQ(column_names(revisions(), 0), (std::vector<std::string>{"Name", "Controller", "Revision", "Age"}));
  json r = create_ok(revisions(), revision(3));
  json row = cells(revisions(), r);
  EXPECT_EQ(row[1], "statefulset.apps/web");
  EXPECT_EQ(row[2], 3);
  r["metadata"]["ownerReferences"][0]["controller"] = false;
  EXPECT_EQ(cells(revisions(), r)[1], "<none>");
  r["metadata"]["ownerReferences"] = json::array({{{"apiVersion", "v1"}, {"kind", "Pod"}, {"name", "p"}, {"controller", true}}});
  EXPECT_EQ(cells(revisions(), r)[1], "pod/p");
}

}  // namespace
}  // namespace kapi::registry::testing
