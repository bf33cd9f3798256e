// The ObjectMeta rules every resource shares (upstream's apimachinery ValidateObjectMeta minus
// the name, which each strategy checks): label and annotation syntax, the 256 KiB annotation
// budget, finalizer names, ownerReferences. Also used for pod template metadata.
#pragma once

#include <string>

#include "registry/validation/field_checks.h"

namespace kapi::registry::validation {

inline constexpr size_t kTotalAnnotationSizeLimit = 256 * 1024;

// `labels` is metadata.labels (any JSON); `path` is where it sits, e.g. "metadata.labels".
void validate_labels(const json& labels, std::string_view path, Errors& errors);
void validate_annotations(const json& annotations, std::string_view path, Errors& errors);
void validate_finalizers(const json& finalizers, std::string_view path, Errors& errors);
void validate_owner_references(const json& references, std::string_view path, Errors& errors);

// All of the above for one metadata object at `path` ("metadata", "spec.template.metadata").
void validate_object_meta(const json& metadata, std::string_view path, Errors& errors);

}  // namespace kapi::registry::validation
