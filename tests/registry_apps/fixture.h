// A registry with every built-in resource over the memory store, and helpers to create, update
// and read objects and to assert 422 causes, shared by the apps and storage strategy tests.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "registry/registry.h"
#include "storage/memory_store.h"

namespace kapi::registry::testing {

class RegistryTest : public ::testing::Test {
 protected:
  RegistryTest() : registry_(storage::make_memory_store()) {
    register_builtin_resources(registry_);
    ensure_system_namespaces(registry_);
  }

  const GenericStore& store(const std::string& group, const std::string& plural) const {
    const GenericStore* s = registry_.find(group, "v1", plural);
    EXPECT_NE(s, nullptr) << plural;
    return *s;
  }
  static std::string ns_of(const GenericStore& s) { return s.info().namespaced ? "default" : ""; }

  json create_ok(const GenericStore& s, const json& obj) const {
    auto created = s.create(ns_of(s), obj, {});
    EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
    return created.ok() ? json::parse(*created.value()) : json();
  }
  ApiError create_error(const GenericStore& s, const json& obj) const {
    auto created = s.create(ns_of(s), obj, {});
    EXPECT_FALSE(created.ok());
    return created.ok() ? ApiError{} : created.error();
  }
  ApiResult<Written> update(const GenericStore& s, const json& obj, const std::string& subresource = "") const {
    return s.update(ns_of(s), obj["metadata"]["name"], obj, {false, subresource});
  }
  json update_ok(const GenericStore& s, const json& obj, const std::string& subresource = "") const {
    auto written = update(s, obj, subresource);
    EXPECT_TRUE(written.ok()) << (written.ok() ? "" : written.error().message);
    return written.ok() ? json::parse(*written->object) : json();
  }
  ApiError update_error(const GenericStore& s, const json& obj) const {
    auto written = update(s, obj);
    EXPECT_FALSE(written.ok());
    return written.ok() ? ApiError{} : written.error();
  }

  // The 422 has exactly one cause, with this field and message.
  static void expect_cause(const ApiError& e, const std::string& field, const std::string& message) {
    EXPECT_EQ(e.code, 422) << e.message;
    ASSERT_TRUE(e.details.contains("causes")) << e.message;
    bool found = false;
    for (const auto& cause : e.details["causes"])
      if (cause.value("field", "") == field && cause.value("message", "") == message) found = true;
    EXPECT_TRUE(found) << "wanted " << field << ": " << message << "\nin: " << e.message;
  }

  static json cells(const GenericStore& s, const json& obj) {
    return s.strategy().table_printer().cells(obj, std::chrono::system_clock::now());
  }
  static std::vector<std::string> column_names(const GenericStore& s, int priority) {
    std::vector<std::string> names;
    for (const auto& c : s.strategy().table_printer().columns)
      if (c.priority == priority) names.push_back(c.name);
    return names;
  }

  Registry registry_;
};

}  // namespace kapi::registry::testing
