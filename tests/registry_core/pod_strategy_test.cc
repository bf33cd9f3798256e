// The Pod strategy: defaults and status on create, update rules, and the table's STATUS, READY
// and RESTARTS cells for pods in the usual states.
#include <gtest/gtest.h>

#include "registry/core/resources.h"
#include "registry/object_meta.h"
#include "tests/registry_core/test_support.h"

namespace kapi::registry::core {
namespace {

using namespace std::chrono_literals;

const auto kNow = std::chrono::system_clock::from_time_t(1700000000);

json pod(const char* spec_json, const char* status_json = "{}") {
  return {{"metadata", {{"name", "web"}, {"namespace", "default"}, {"creationTimestamp", rfc3339(kNow - 90s)}}},
          {"spec", json::parse(spec_json)},
          {"status", json::parse(status_json)}};
}

json cells(const json& obj) { return pods().strategy->table_printer().cells(obj, kNow); }

TEST(PodStrategyTest, CreateDefaultsSpecAndSetsPendingStatus) {
  json obj = pod(R"({"containers":[{"name":"a","image":"nginx","resources":{"limits":{"cpu":"1","memory":"1Gi"}}}]})");
  obj.erase("status");
  auto errors = testing::create(*pods().strategy, obj);
  ASSERT_TRUE(errors.empty()) << testing::describe(errors);
  EXPECT_EQ(obj["spec"]["restartPolicy"], "Always");
  EXPECT_EQ(obj["spec"]["enableServiceLinks"], true);
  EXPECT_EQ(obj["spec"]["containers"][0]["resources"]["requests"]["memory"], "1Gi");
  EXPECT_EQ(obj["status"]["phase"], "Pending");
  EXPECT_EQ(obj["status"]["qosClass"], "Guaranteed");
}

TEST(PodStrategyTest, QosClasses) {
  json best = pod(R"({"containers":[{"name":"a","image":"x"}]})");
  testing::create(*pods().strategy, best);
  EXPECT_EQ(best["status"]["qosClass"], "BestEffort");
  json burst = pod(R"({"containers":[{"name":"a","image":"x","resources":{"requests":{"cpu":"100m"}}}]})");
  testing::create(*pods().strategy, burst);
  EXPECT_EQ(burst["status"]["qosClass"], "Burstable");
}

TEST(PodStrategyTest, ValidationReportsSpecPaths) {
  json obj = pod(R"({"containers":[{"name":"a"}]})");
  auto errors = testing::create(*pods().strategy, obj);
  EXPECT_FIELD_ERROR(errors, "spec.containers[0].image", "Required value");
}

TEST(PodStrategyTest, UpdateMayChangeImageButNotOtherSpec) {
  json old = pod(R"({"containers":[{"name":"a","image":"nginx:1"}]})");
  testing::create(*pods().strategy, old);
  json image = old;
  image["spec"]["containers"][0]["image"] = "nginx:2";
  EXPECT_TRUE(testing::update(*pods().strategy, image, old).empty());
  json ports = old;
  ports["spec"]["containers"][0]["ports"] = json::parse(R"([{"containerPort":80}])");
  auto errors = testing::update(*pods().strategy, ports, old);
  EXPECT_FIELD_ERROR(errors, "spec", "Forbidden: pod updates may not change fields other than `spec.containers[*].image`");
  json bind = old;
  bind["spec"]["nodeName"] = "node-1";  // what the binding subresource writes
  EXPECT_TRUE(testing::update(*pods().strategy, bind, old).empty());
}

TEST(PodTableTest, Columns) {
  auto printer = pods().strategy->table_printer();
  std::vector<std::pair<std::string, int>> want = {{"Name", 0}, {"Ready", 0}, {"Status", 0}, {"Restarts", 0},
      {"Age", 0}, {"IP", 1}, {"Node", 1}, {"Nominated Node", 1}, {"Readiness Gates", 1}};
  ASSERT_EQ(printer.columns.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(printer.columns[i].name, want[i].first);
    EXPECT_EQ(printer.columns[i].priority, want[i].second);
  }
  EXPECT_EQ(printer.columns[0].format, "name");
}

TEST(PodTableTest, PendingPod) {
  json obj = pod(R"({"containers":[{"name":"a","image":"x"},{"name":"b","image":"y"}]})", R"({"phase":"Pending"})");
  EXPECT_EQ(cells(obj), json::parse(R"(["web","0/2","Pending","0","90s","<none>","<none>","<none>","<none>"])"));
}

TEST(PodTableTest, FinishedPodsCarryTheCompletedRowCondition) {
  auto printer = pods().strategy->table_printer();
  const auto now = std::chrono::system_clock::now();
  json done = pod(R"({"containers":[{"name":"a","image":"x"}]})", R"({"phase":"Succeeded"})");
  EXPECT_EQ(table_row(printer, done, IncludeObject::kNone, now)["conditions"],
            json::parse(R"([{"type":"Completed","status":"True","reason":"Succeeded","message":"The pod has completed successfully."}])"));
  json failed = pod(R"({"containers":[{"name":"a","image":"x"}]})", R"({"phase":"Failed"})");
  EXPECT_EQ(table_row(printer, failed, IncludeObject::kNone, now)["conditions"][0]["message"], "The pod failed.");
  json running = pod(R"({"containers":[{"name":"a","image":"x"}]})", R"({"phase":"Running"})");
  EXPECT_FALSE(table_row(printer, running, IncludeObject::kNone, now).contains("conditions"));
}

TEST(PodTableTest, ContainerCreating) {
  json obj = pod(R"({"nodeName":"n1","containers":[{"name":"a","image":"x"}]})",
                 R"({"phase":"Pending","containerStatuses":[{"name":"a","ready":false,"restartCount":0,
                     "state":{"waiting":{"reason":"ContainerCreating"}}}]})");
  EXPECT_EQ(cells(obj)[2], "ContainerCreating");
  EXPECT_EQ(cells(obj)[6], "n1");
}

TEST(PodTableTest, RunningPodWithRestarts) {
  json obj = pod(R"({"nodeName":"n1","containers":[{"name":"a","image":"x"}]})",
                 R"({"phase":"Running","podIP":"10.244.0.5","conditions":[{"type":"Ready","status":"True"}],
                     "containerStatuses":[{"name":"a","ready":true,"restartCount":2,"state":{"running":{}},
                       "lastState":{"terminated":{"exitCode":1,"finishedAt":"2023-11-14T22:12:15Z"}}}]})");
  json c = cells(obj);
  EXPECT_EQ(c[1], "1/1");
  EXPECT_EQ(c[2], "Running");
  EXPECT_EQ(c[3], "2 (65s ago)");  // 1700000000 is 22:13:20Z
  EXPECT_EQ(c[5], "10.244.0.5");
}

TEST(PodTableTest, CompletedAndFailedPods) {
  json done = pod(R"({"restartPolicy":"Never","containers":[{"name":"a","image":"x"}]})",
                  R"({"phase":"Succeeded","containerStatuses":[{"name":"a","ready":false,"restartCount":0,
                      "state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]})");
  EXPECT_EQ(cells(done)[1], "0/1");
  EXPECT_EQ(cells(done)[2], "Completed");
  json crashed = pod(R"({"containers":[{"name":"a","image":"x"}]})",
                     R"({"phase":"Running","containerStatuses":[{"name":"a","ready":false,"restartCount":5,
                         "state":{"waiting":{"reason":"CrashLoopBackOff"}}}]})");
  EXPECT_EQ(cells(crashed)[2], "CrashLoopBackOff");
  EXPECT_EQ(cells(crashed)[3], "5");
  json signal = pod(R"({"containers":[{"name":"a","image":"x"}]})",
                    R"({"phase":"Failed","containerStatuses":[{"name":"a","state":{"terminated":{"exitCode":137,"signal":9}}}]})");
  EXPECT_EQ(cells(signal)[2], "Signal:9");
}

TEST(PodTableTest, InitContainersAndTerminating) {
  json init = pod(R"({"initContainers":[{"name":"i1","image":"x"},{"name":"i2","image":"x"}],
                      "containers":[{"name":"a","image":"x"}]})",
                  R"({"phase":"Pending","initContainerStatuses":[
                      {"name":"i1","state":{"terminated":{"exitCode":0}}},
                      {"name":"i2","state":{"running":{}}}]})");
  EXPECT_EQ(cells(init)[2], "Init:1/2");
  json failed_init = pod(R"({"initContainers":[{"name":"i1","image":"x"}],"containers":[{"name":"a","image":"x"}]})",
                         R"({"phase":"Pending","initContainerStatuses":[{"name":"i1","state":{"terminated":{"exitCode":3}}}]})");
  EXPECT_EQ(cells(failed_init)[2], "Init:ExitCode:3");
  json deleting = pod(R"({"containers":[{"name":"a","image":"x"}]})", R"({"phase":"Running"})");
  deleting["metadata"]["deletionTimestamp"] = rfc3339(kNow);
  EXPECT_EQ(cells(deleting)[2], "Terminating");
}

TEST(PodTableTest, ReadinessGates) {
  json obj = pod(R"({"readinessGates":[{"conditionType":"a"},{"conditionType":"b"}],"containers":[{"name":"a","image":"x"}]})",
                 R"({"conditions":[{"type":"a","status":"True"},{"type":"b","status":"False"}]})");
  EXPECT_EQ(cells(obj)[8], "1/2");
}

}  // namespace
}  // namespace kapi::registry::core
