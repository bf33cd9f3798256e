// Services through the generic store: defaults, ClusterIP/NodePort allocation without
// duplicates, validation, update rules and the table.
#include <gtest/gtest.h>

#include "registry/core/service_allocator.h"
#include "tests/registry_core/test_support.h"

namespace kapi::registry::core {
namespace {

const auto kNow = std::chrono::system_clock::from_time_t(1700000000);

json service(const std::string& name, const char* spec) {
  return {{"metadata", {{"name", name}}}, {"spec", json::parse(spec)}};
}

class ServiceTest : public testing::RegistryFixture {};

TEST_F(ServiceTest, DefaultsAndFirstAddress) {
  json svc = create_ok("services", "default", service("web", R"({"selector":{"app":"web"},"ports":[{"port":80}]})"));
  const json& spec = svc["spec"];
  EXPECT_EQ(spec["type"], "ClusterIP");
  EXPECT_EQ(spec["sessionAffinity"], "None");
  EXPECT_EQ(spec["internalTrafficPolicy"], "Cluster");
  EXPECT_EQ(spec["ports"][0]["protocol"], "TCP");
  EXPECT_EQ(spec["ports"][0]["targetPort"], 80);
  EXPECT_EQ(spec["ipFamilies"], json::array({"IPv4"}));
  EXPECT_EQ(spec["ipFamilyPolicy"], "SingleStack");
  EXPECT_EQ(spec["clusterIP"], "10.96.0.1");
  EXPECT_EQ(spec["clusterIPs"], json::array({"10.96.0.1"}));
  EXPECT_EQ(svc["status"], json::parse(R"({"loadBalancer":{}})"));
}

TEST_F(ServiceTest, AllocatesDistinctAddressesAndRespectsRequestedOnes) {
  create_ok("services", "default", service("explicit", R"({"clusterIP":"10.96.0.2","ports":[{"port":80}]})"));
  json a = create_ok("services", "default", service("a", R"({"ports":[{"port":80}]})"));
  json b = create_ok("services", "default", service("b", R"({"ports":[{"port":80}]})"));
  EXPECT_EQ(a["spec"]["clusterIP"], "10.96.0.1");
  EXPECT_EQ(b["spec"]["clusterIP"], "10.96.0.3");
  auto taken = create_error("services", "default", service("c", R"({"clusterIP":"10.96.0.3","ports":[{"port":80}]})"));
  EXPECT_EQ(taken.code, 422);
  EXPECT_FIELD_ERROR(causes(taken), "spec.clusterIPs",
                     "Invalid value: []string{\"10.96.0.3\"}: failed to allocate IP 10.96.0.3: provided IP is already allocated");
  auto outside = create_error("services", "default", service("d", R"({"clusterIP":"192.168.0.1","ports":[{"port":80}]})"));
  EXPECT_FIELD_ERROR(causes(outside), "spec.clusterIPs",
                     "Invalid value: []string{\"192.168.0.1\"}: failed to allocate IP 192.168.0.1: the provided IP "
                     "(192.168.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12");
  // Deleting frees the address for the next Service.
  ASSERT_TRUE(store("services").remove("default", "a", {}).ok());
  json e = create_ok("services", "default", service("e", R"({"ports":[{"port":80}]})"));
  EXPECT_EQ(e["spec"]["clusterIP"], "10.96.0.1");
}

TEST_F(ServiceTest, HeadlessAndNodePort) {
  json headless = create_ok("services", "default", service("db", R"({"clusterIP":"None"})"));
  EXPECT_EQ(headless["spec"]["clusterIPs"], json::array({"None"}));
  EXPECT_EQ(headless["spec"]["ipFamilyPolicy"], "RequireDualStack");
  json ok = create_ok("services", "default",
                      service("np2", R"({"type":"NodePort","ports":[{"name":"http","port":80},{"name":"https","port":443}]})"));
  EXPECT_EQ(ok["spec"]["ports"][0]["nodePort"], 30000);
  EXPECT_EQ(ok["spec"]["ports"][1]["nodePort"], 30001);
  EXPECT_EQ(ok["spec"]["externalTrafficPolicy"], "Cluster");
  auto cells = store("services").strategy().table_printer().cells(ok, kNow);
  EXPECT_EQ(cells[1], "NodePort");
  EXPECT_EQ(cells[3], "<none>");
  EXPECT_EQ(cells[4], "80:30000/TCP,443:30001/TCP");
  auto headless_cells = store("services").strategy().table_printer().cells(headless, kNow);
  EXPECT_EQ(headless_cells[2], "None");
  EXPECT_EQ(headless_cells[4], "<none>");
  EXPECT_EQ(headless_cells[6], "<none>");
}

TEST_F(ServiceTest, ValidationErrors) {
  auto err = create_error("services", "default", service("bad",
      R"({"type":"Weird","sessionAffinity":"Sticky","ports":[{"port":0},{"name":"b","port":80,"protocol":"ICMP"}]})"));
  auto c = causes(err);
  EXPECT_FIELD_ERROR(c, "spec.type", "Unsupported value: \"Weird\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"");
  EXPECT_FIELD_ERROR(c, "spec.sessionAffinity", "Unsupported value: \"Sticky\"");
  EXPECT_FIELD_ERROR(c, "spec.ports[0].name", "Required value");
  EXPECT_FIELD_ERROR(c, "spec.ports[0].port", "Invalid value: 0: must be between 1 and 65535, inclusive");
  EXPECT_FIELD_ERROR(c, "spec.ports[1].protocol", "Unsupported value: \"ICMP\"");
  auto no_ports = create_error("services", "default", service("np", R"({})"));
  EXPECT_FIELD_ERROR(causes(no_ports), "spec.ports", "Required value");
  auto ext = create_error("services", "default", service("ext", R"({"type":"ExternalName"})"));
  EXPECT_FIELD_ERROR(causes(ext), "spec.externalName", "Required value");
  auto node_port = create_error("services", "default", service("cip", R"({"ports":[{"port":80,"nodePort":30005}]})"));
  EXPECT_FIELD_ERROR(causes(node_port), "spec.ports[0].nodePort", "Forbidden: may not be used when `type` is 'ClusterIP'");
}

TEST_F(ServiceTest, UpdateKeepsAllocatedAddressAndRefusesChanges) {
  json svc = create_ok("services", "default", service("web", R"({"ports":[{"port":80}]})"));
  json applied = service("web", R"({"ports":[{"port":8080}]})");  // kubectl apply sends no clusterIP
  auto updated = store("services").update("default", "web", applied, {});
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  EXPECT_EQ(json::parse(*updated->object)["spec"]["clusterIP"], svc["spec"]["clusterIP"]);
  json moved = service("web", R"({"clusterIP":"10.96.0.9","ports":[{"port":80}]})");
  auto refused = store("services").update("default", "web", moved, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_FIELD_ERROR(causes(refused.error()), "spec.clusterIPs[0]", "Invalid value: \"10.96.0.9\": may not change once set");
}

TEST(ServiceAllocatorTest, ParsesOnlyDottedQuads) {
  EXPECT_EQ(ServiceAllocator::parse_ipv4("10.96.0.1"), (10u << 24) | (96u << 16) | 1u);
  EXPECT_FALSE(ServiceAllocator::parse_ipv4("10.96.0"));
  EXPECT_FALSE(ServiceAllocator::parse_ipv4("10.96.0.256"));
  EXPECT_FALSE(ServiceAllocator::parse_ipv4("10.96.0.01"));
  EXPECT_FALSE(ServiceAllocator::parse_ipv4("10.96.0.1x"));
  EXPECT_FALSE(ServiceAllocator::in_range(*ServiceAllocator::parse_ipv4("10.96.0.0")));
  EXPECT_TRUE(ServiceAllocator::in_range(*ServiceAllocator::parse_ipv4("10.111.255.254")));
  EXPECT_FALSE(ServiceAllocator::in_range(*ServiceAllocator::parse_ipv4("10.112.0.1")));
}

TEST(ServiceAllocatorTest, InFlightReservationsAreNotHandedOutTwice) {
  ServiceAllocator allocator;
  allocator.set_lister([] { return std::vector<json>{}; });
  EXPECT_EQ(allocator.allocate_ip("ns/a"), "10.96.0.1");
  EXPECT_EQ(allocator.allocate_ip("ns/b"), "10.96.0.2");  // a not stored yet, still reserved
  EXPECT_EQ(allocator.claim_ip("10.96.0.1", "ns/c"), "provided IP is already allocated");
  EXPECT_EQ(allocator.claim_ip("10.96.0.1", "ns/a"), "");
}

}  // namespace
}  // namespace kapi::registry::core
