// Helpers for the core strategy tests: run a strategy's create/update hooks as the generic store
// does, and look up field errors by path.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "registry/api_error.h"
#include "registry/registry.h"
#include "registry/strategy.h"
#include "storage/memory_store.h"

namespace kapi::registry::testing {

// The error at `field` whose message starts with `prefix`, or nullptr.
inline const FieldError* find_error(const std::vector<FieldError>& errors, const std::string& field,
                                    const std::string& prefix = "") {
  for (const auto& e : errors)
    if (e.field == field && e.message.rfind(prefix, 0) == 0) return &e;
  return nullptr;
}

inline std::string describe(const std::vector<FieldError>& errors) {
  std::string out;
  for (const auto& e : errors) out += e.field + ": " + e.message + "\n";
  return out;
}

#define EXPECT_FIELD_ERROR(errors, field, prefix)                                              \
  EXPECT_NE(::kapi::registry::testing::find_error(errors, field, prefix), nullptr)            \
      << "want " << (field) << ": " << (prefix) << "\ngot:\n"                                  \
      << ::kapi::registry::testing::describe(errors)

// prepare_for_create + validate, as GenericStore::create runs them.
inline std::vector<FieldError> create(const Strategy& s, json& obj) {
  s.prepare_for_create(obj);
  std::vector<FieldError> errors;
  s.validate(obj, errors);
  if (errors.empty()) s.canonicalize(obj);
  return errors;
}

// prepare_for_update + validate_update, as GenericStore's update runs them.
inline std::vector<FieldError> update(const Strategy& s, json& obj, const json& old) {
  s.prepare_for_update(obj, old);
  std::vector<FieldError> errors;
  s.validate_update(obj, old, errors);
  if (errors.empty()) s.canonicalize(obj);
  return errors;
}

// Every built-in resource over a memory store, with the system namespaces: for rules that need
// the generic store around the strategy (metadata checks, status split, allocation).
class RegistryFixture : public ::testing::Test {
 protected:
  RegistryFixture() : registry_(storage::make_memory_store()) {
    register_builtin_resources(registry_);
    ensure_system_namespaces(registry_);
  }
  const GenericStore& store(const char* plural) { return *registry_.find("", "v1", plural); }
  // Creates `obj` in `ns`; the stored object, or the error as a failed assertion and null.
  json create_ok(const char* plural, const std::string& ns, const json& obj) {
    auto created = store(plural).create(ns, obj, {});
    EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
    return created.ok() ? json::parse(*created.value()) : json();
  }
  ApiError create_error(const char* plural, const std::string& ns, const json& obj) {
    auto created = store(plural).create(ns, obj, {});
    EXPECT_FALSE(created.ok());
    return created.ok() ? ApiError{} : created.error();
  }
  // The causes of a 422 as FieldErrors, so EXPECT_FIELD_ERROR can look into them.
  static std::vector<FieldError> causes(const ApiError& error) {
    std::vector<FieldError> out;
    if (error.details.is_object() && error.details.contains("causes"))
      for (const auto& c : error.details["causes"])
        out.push_back({c.value("reason", ""), c.value("field", ""), c.value("message", "")});
    return out;
  }

  Registry registry_;
};

}  // namespace kapi::registry::testing
