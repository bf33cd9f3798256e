// Field-level rules shared by every resource's validation, with upstream's messages
// (k8s.io/apimachinery/pkg/util/validation and pkg/apis/core/validation): paths, immutability,
// names, ports, enums, quantities. Each check appends FieldErrors and never throws.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "registry/api_error.h"
#include "registry/quantity.h"

namespace kapi::registry::validation {

using Errors = std::vector<FieldError>;

// Field paths as upstream's field.Path prints them: `spec.ports[0].port`, `data[key]`.
std::string child(std::string_view path, std::string_view name);
std::string index(std::string_view path, size_t i);
std::string key(std::string_view path, std::string_view key);

// obj[field] as a string, "" when absent or not a string.
std::string text(const json& obj, const char* field);
// obj[field] when it is an array / object, else an empty one (so loops need no checks).
const json& array_at(const json& obj, const char* field);
const json& object_at(const json& obj, const char* field);

// `Not found: "x"` (field.NotFound), which api_error.h does not offer.
FieldError not_found_value(std::string_view path, const json& value);

inline constexpr std::string_view kImmutable = "field is immutable";
// field.Invalid(path, now, "field is immutable") when now != before (absent counts as null).
void check_immutable(std::string_view path, const json& now, const json& before, Errors& errors);

void check_dns1123_label(std::string_view path, const std::string& value, Errors& errors);
void check_dns1123_subdomain(std::string_view path, const std::string& value, Errors& errors);
// IANA_SVC_NAME: a port name (at most 15 chars, lowercase alphanumerics and '-', a letter).
void check_port_name(std::string_view path, const std::string& value, Errors& errors);
// IsConfigMapKey (configmap and secret data keys) and IsEnvVarName.
void check_config_key(std::string_view path, const std::string& value, Errors& errors);
void check_env_var_name(std::string_view path, const std::string& value, Errors& errors);
// 1..65535 (`must be between 1 and 65535, inclusive`).
void check_port_number(std::string_view path, const json& value, Errors& errors);
// `must be greater than or equal to 0` for a negative integer.
void check_nonnegative(std::string_view path, const json& value, Errors& errors);
// Required when empty, else one of `valid` (field.NotSupported lists them in the given order).
void check_enum(std::string_view path, const json& value, const std::vector<std::string>& valid,
                Errors& errors);
// The quantity at `path`, or an Invalid error with upstream's parse message.
std::optional<Quantity> check_quantity(std::string_view path, const json& value, Errors& errors);
// A map of resource name → quantity (requests, limits, capacity, hard): each must parse and be
// non-negative.
void check_resource_list(std::string_view path, const json& list, Errors& errors);
}  // namespace kapi::registry::validation
