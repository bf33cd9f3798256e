// Checks shared by the apps/v1 workloads, as upstream's pkg/apis/apps/validation and the metav1
// validation it calls: label selectors, selector-vs-template labels, non-negative counts and
// int-or-percent values. Each appends upstream-worded field errors.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "registry/api_error.h"

namespace kapi::registry::apps {

using FieldErrors = std::vector<FieldError>;

// metav1 ValidateLabelSelector with strict values; a missing selector passes.
void validate_label_selector(const json& selector, const std::string& path, FieldErrors& errors);

// spec.selector of a Deployment, ReplicaSet or StatefulSet: required, valid, not empty
// ("empty selector is invalid for <kind_word>"), and matching spec.template.metadata.labels.
// `unparsable_detail` is what upstream says when the selector cannot be converted.
void validate_workload_selector(const json& spec, std::string_view kind_word,
                                std::string_view unparsable_detail, FieldErrors& errors);
// The template-labels half alone: Invalid `spec.template.metadata.labels` when `selector`
// (already validated) does not select them. An empty selector matches everything.
void validate_template_matches(const json& selector, const json& spec, bool skip_when_empty,
                               FieldErrors& errors);

// ValidateNonnegativeField for obj[key] when present and a number (validation::check_nonnegative).
void validate_nonnegative(const json& obj, const char* key, const std::string& path, FieldErrors& errors);

// ValidatePositiveIntOrPercent, IsNotMoreThan100Percent and the value upstream compares with 0.
void validate_int_or_percent(const json& value, const std::string& path, FieldErrors& errors);
void validate_at_most_100_percent(const json& value, const std::string& path, FieldErrors& errors);
int int_or_percent_value(const json& value);

// apps/v1 forbids changing spec.selector after create.
void validate_selector_unchanged(const json& obj, const json& old, FieldErrors& errors);

// spec.template.spec.restartPolicy must be Always and activeDeadlineSeconds unset (`kind` names
// the workload in upstream's message, e.g. "ReplicaSet").
void validate_template_restart_rules(const json& spec, std::string_view kind, FieldErrors& errors);

// obj.a.b... or null when a step is missing or not an object; never throws.
const json& field_at(const json& obj, std::initializer_list<const char*> path);
// The string at obj.a.b..., or "" when missing or not a string.
std::string string_at(const json& obj, std::initializer_list<const char*> path);

// obj[key] as an object, created (or replaced when not an object) so defaults can be written.
json& object_member(json& obj, const char* key);

}  // namespace kapi::registry::apps
