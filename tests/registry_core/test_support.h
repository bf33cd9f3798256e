// Helpers for the core strategy tests: run a strategy's create/update hooks as the generic store
// does, and look up field errors by path.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "registry/api_error.h"
#include "registry/strategy.h"

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

}  // namespace kapi::registry::testing
