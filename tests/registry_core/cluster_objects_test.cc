// Events, nodes, endpoints, serviceaccounts, namespaces, limitranges and resourcequotas: field
// selectors, defaults, validation and tables.
#include <gtest/gtest.h>

#include "tests/registry_core/test_support.h"

namespace kapi::registry::core {
namespace {

const auto kNow = std::chrono::system_clock::from_time_t(1700000000);  // 2023-11-14T22:13:20Z

json object(const char* name, const char* body) {
  json obj = json::parse(body);
  obj["metadata"]["name"] = name;
  return obj;
}

class ClusterObjectsTest : public testing::RegistryFixture {
 protected:
  json cells(const char* plural, const json& obj) {
    return store(plural).strategy().table_printer().cells(obj, kNow);
  }
  std::vector<std::string> names(const char* plural, const std::string& ns, const std::string& selector) {
    ListQuery q;
    q.field_selector = selector;
    auto page = store(plural).list(ns, q);
    EXPECT_TRUE(page.ok()) << (page.ok() ? "" : page.error().message);
    std::vector<std::string> out;
    if (page.ok())
      for (const auto& item : page->items) out.push_back(json::parse(*item)["metadata"]["name"]);
    return out;
  }
};

TEST_F(ClusterObjectsTest, EventFieldSelectors) {
  create_ok("events", "default", object("e1", R"({"involvedObject":{"kind":"Pod","name":"web","namespace":"default"},
      "reason":"Scheduled","type":"Normal","source":{"component":"default-scheduler"}})"));
  create_ok("events", "default", object("e2", R"({"involvedObject":{"kind":"Node","name":"n1"},"reason":"Ready","type":"Warning"})"));
  using V = std::vector<std::string>;
  EXPECT_EQ(names("events", "default", "involvedObject.kind=Pod"), V{"e1"});
  EXPECT_EQ(names("events", "default", "involvedObject.name=n1,type=Warning"), V{"e2"});
  EXPECT_EQ(names("events", "default", "source=default-scheduler"), V{"e1"});
  EXPECT_EQ(names("events", "default", "reason!=Ready"), V{"e1"});
  EXPECT_EQ(names("events", "default", "involvedObject.namespace="), V{"e2"});  // empty matches empty
  ListQuery unknown_field;
  unknown_field.field_selector = "involvedObject.colour=red";
  auto bad = store("events").list("default", unknown_field);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, 400);
}

TEST_F(ClusterObjectsTest, EventTable) {
  json ev = object("web.1", R"({"involvedObject":{"kind":"Pod","name":"web","fieldPath":"spec.containers{a}"},
      "reason":"Pulled","type":"Normal","message":"  pulled image \n","count":3,
      "firstTimestamp":"2023-11-14T22:10:00Z","lastTimestamp":"2023-11-14T22:13:00Z",
      "source":{"component":"kubelet","host":"n1"}})");
  EXPECT_EQ(cells("events", ev),
            json::parse(R"(["20s","Normal","Pulled","pod/web","spec.containers{a}","kubelet, n1","pulled image","3m20s","3","web.1"])"));
  auto printer = store("events").strategy().table_printer();
  EXPECT_EQ(printer.columns.back().name, "Name");
  EXPECT_EQ(printer.columns.back().priority, 1);
  json bare = object("x", R"({"involvedObject":{"kind":"Node"}})");
  json c = cells("events", bare);
  EXPECT_EQ(c[0], "<unknown>");
  EXPECT_EQ(c[3], "node");
  EXPECT_EQ(c[8], "1");
}

TEST_F(ClusterObjectsTest, NodeTable) {
  json node = object("n1", R"({"metadata":{"creationTimestamp":"2023-11-14T22:13:00Z",
      "labels":{"node-role.kubernetes.io/control-plane":"","kubernetes.io/role":"worker"}},
      "spec":{"unschedulable":true},
      "status":{"conditions":[{"type":"Ready","status":"True"}],"addresses":[{"type":"InternalIP","address":"10.0.0.5"}],
                "nodeInfo":{"kubeletVersion":"v1.32.0","osImage":"Debian"}}})");
  EXPECT_EQ(cells("nodes", node),
            json::parse(R"(["n1","Ready,SchedulingDisabled","control-plane,worker","20s","v1.32.0","10.0.0.5","<none>","Debian","<unknown>","<unknown>"])"));
  json unknown = object("n2", R"({})");
  EXPECT_EQ(cells("nodes", unknown)[1], "Unknown");
  EXPECT_EQ(cells("nodes", unknown)[2], "<none>");
}

TEST_F(ClusterObjectsTest, NodeKeepsTheStatusItIsCreatedWith) {
  json node = create_ok("nodes", "", object("n3", R"({"status":{"capacity":{"cpu":"2","pods":"110"},
      "conditions":[{"type":"Ready","status":"True"}]}})"));
  EXPECT_EQ(node["status"]["conditions"][0]["type"], "Ready");
  EXPECT_EQ(node["status"]["allocatable"], node["status"]["capacity"]) << "allocatable defaults to capacity";
  EXPECT_EQ(cells("nodes", node)[1], "Ready");
}

TEST_F(ClusterObjectsTest, EndpointsDefaultsAndTable) {
  json ep = create_ok("endpoints", "default", object("web", R"({"subsets":[{"addresses":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"}],
      "ports":[{"port":80},{"port":443}]}]})"));
  EXPECT_EQ(ep["subsets"][0]["ports"][0]["protocol"], "TCP");
  EXPECT_EQ(cells("endpoints", ep)[1], "10.0.0.1:80,10.0.0.1:443,10.0.0.2:80 + 1 more...");
  EXPECT_EQ(cells("endpoints", object("none", "{}"))[1], "<none>");
  auto bad = create_error("endpoints", "default", object("bad", R"({"subsets":[{"addresses":[{"ip":"nope"}]}]})"));
  EXPECT_FIELD_ERROR(causes(bad), "subsets[0].addresses[0].ip", "Invalid value: \"nope\": must be a valid IP address");
}

TEST_F(ClusterObjectsTest, ServiceAccountAndNamespaceTables) {
  json sa = object("builder", R"({"secrets":[{"name":"a"}]})");
  EXPECT_EQ(cells("serviceaccounts", sa)[1], 1);
  json ns = json::parse(*store("namespaces").get("", "default").value());
  EXPECT_EQ(cells("namespaces", ns)[1], "Active");
}

TEST_F(ClusterObjectsTest, LimitRangeDefaultsAndCreatedAtTable) {
  json lr = create_ok("limitranges", "default", object("lr", R"({"spec":{"limits":[{"type":"Container",
      "max":{"cpu":"2"},"min":{"memory":"64Mi"}}]}})"));
  const json& item = lr["spec"]["limits"][0];
  EXPECT_EQ(item["default"]["cpu"], "2");
  EXPECT_EQ(item["defaultRequest"]["cpu"], "2");
  EXPECT_EQ(item["defaultRequest"]["memory"], "64Mi");
  auto printer = store("limitranges").strategy().table_printer();
  EXPECT_EQ(printer.columns[1].name, "Created At");
  EXPECT_EQ(printer.columns[1].type, "date");
  auto bad = create_error("limitranges", "default", object("bad", R"({"spec":{"limits":[{"type":"Node",
      "max":{"cpu":"1"},"min":{"cpu":"2"}}]}})"));
  EXPECT_FIELD_ERROR(causes(bad), "spec.limits[0].type", "Unsupported value: \"Node\"");
  EXPECT_FIELD_ERROR(causes(bad), "spec.limits[0].min[cpu]", "Invalid value: \"2\": min value 2 is greater than max value 1");
}

TEST_F(ClusterObjectsTest, ResourceQuotaValidationStatusAndTable) {
  auto bad = create_error("resourcequotas", "default", object("q", R"({"spec":{"hard":{"pods":"ten"}}})"));
  EXPECT_FIELD_ERROR(causes(bad), "spec.hard[pods]", "Invalid value: \"ten\": quantities must match the regular expression");
  create_ok("resourcequotas", "default", object("q", R"({"spec":{"hard":{"pods":"10","limits.cpu":"2","requests.memory":"1Gi"}}})"));
  json status = object("q", R"({"spec":{"hard":{"pods":"10","limits.cpu":"2","requests.memory":"1Gi"}},
      "status":{"hard":{"pods":"10","limits.cpu":"2","requests.memory":"1Gi"},"used":{"pods":"3","limits.cpu":"500m"}}})");
  auto updated = store("resourcequotas").update("default", "q", status, {false, "status"});
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  json c = cells("resourcequotas", json::parse(*updated->object));
  EXPECT_EQ(c[2], "pods: 3/10, requests.memory: 0/1Gi");
  EXPECT_EQ(c[3], "limits.cpu: 500m/2");
}

}  // namespace
}  // namespace kapi::registry::core
