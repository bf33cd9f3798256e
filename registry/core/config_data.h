// Rules ConfigMaps and Secrets share: data keys (IsConfigMapKey), the 1 MiB size limit and the
// `immutable` flag.
#pragma once

#include "registry/validation/field_checks.h"

namespace kapi::registry::core {

inline constexpr size_t kMaxConfigDataSize = 1024 * 1024;

// Each key of obj[field] at `field[key]`.
void validate_data_keys(const json& obj, const char* field, validation::Errors& errors);
// Once `immutable` is true, neither it nor the listed data fields may change.
void validate_immutable_data(const json& obj, const json& old, std::initializer_list<const char*> fields,
                             validation::Errors& errors);

}  // namespace kapi::registry::core
