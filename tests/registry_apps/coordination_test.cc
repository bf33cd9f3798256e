// coordination.k8s.io/v1: Lease validation and its Table row.
#include "tests/registry_apps/fixture.h"

namespace kapi::registry::testing {
namespace {

class LeaseTest : public RegistryTest {
 protected:
  const GenericStore& leases() const { return store("coordination.k8s.io", "leases"); }
};

TEST_F(LeaseTest, ValidatesTheSpecBounds) {
  json lease = json::parse(R"({"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"n1"},
    "spec":{"leaseDurationSeconds":0,"leaseTransitions":-1,"preferredHolder":"x"}})");
  ApiError e = create_error(leases(), lease);
  expect_cause(e, "spec.leaseDurationSeconds", "Invalid value: 0: must be greater than 0");
  expect_cause(e, "spec.leaseTransitions", "Invalid value: -1: must be greater than or equal to 0");
  expect_cause(e, "spec.preferredHolder", "Forbidden: may only be specified if `strategy` is defined");
  lease["spec"] = {{"strategy", "Newest"}};
  expect_cause(create_error(leases(), lease), "spec.strategy",
               "Unsupported value: \"Newest\": supported values: \"OldestEmulationVersion\"");
}

TEST_F(LeaseTest, TableShowsTheHolder) {
  json lease = json::parse(R"({"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"n1"},
    "spec":{"holderIdentity":"n1","leaseDurationSeconds":40,"renewTime":"2026-11-25T10:00:00.123456Z"}})");
  json created = create_ok(leases(), lease);
  EXPECT_EQ(created["spec"]["renewTime"], "2026-11-25T10:00:00.123456Z");
  json row = cells(leases(), created);
  EXPECT_EQ(row[0], "n1");
  EXPECT_EQ(row[1], "n1");
  created["spec"].erase("holderIdentity");
  EXPECT_EQ(cells(leases(), update_ok(leases(), created))[1], "<unknown>");
}

}  // namespace
}  // namespace kapi::registry::testing
