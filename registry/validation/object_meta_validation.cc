#include "registry/validation/object_meta_validation.h"

#include <algorithm>
#include <cctype>

#include "registry/selector/label_validation.h"

namespace kapi::registry::validation {

void validate_labels(const json& labels, std::string_view path, Errors& errors) {
  if (labels.is_null()) return;
  if (!labels.is_object()) {
    errors.push_back(invalid_value(path, labels, "must be a map of strings"));
    return;
  }
  for (const auto& [k, v] : labels.items()) {
    for (const auto& msg : selector::qualified_name_errors(k))
      errors.push_back(invalid_value(path, k, msg));
    if (!v.is_string()) {
      errors.push_back(invalid_value(child(path, k), v, "must be a string"));
      continue;
    }
    for (const auto& msg : selector::label_value_errors(v.get<std::string>()))
      errors.push_back(invalid_value(path, v, msg));
  }
}

void validate_annotations(const json& annotations, std::string_view path, Errors& errors) {
  if (annotations.is_null()) return;
  if (!annotations.is_object()) {
    errors.push_back(invalid_value(path, annotations, "must be a map of strings"));
    return;
  }
  size_t total = 0;
  for (const auto& [k, v] : annotations.items()) {
    // Keys are qualified names, except that case does not matter.
    std::string lower = k;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const auto& msg : selector::qualified_name_errors(lower))
      errors.push_back(invalid_value(path, k, msg));
    if (!v.is_string()) {
      errors.push_back(invalid_value(child(path, k), v, "must be a string"));
      continue;
    }
    total += k.size() + v.get_ref<const std::string&>().size();
  }
  if (total > kTotalAnnotationSizeLimit) errors.push_back(too_long(path, kTotalAnnotationSizeLimit));
}

void validate_finalizers(const json& finalizers, std::string_view path, Errors& errors) {
  if (finalizers.is_null()) return;
  if (!finalizers.is_array()) {
    errors.push_back(invalid_value(path, finalizers, "must be a list of strings"));
    return;
  }
  bool orphan = false, foreground = false;
  for (const auto& f : finalizers) {
    if (!f.is_string()) {
      errors.push_back(invalid_value(path, f, "must be a string"));
      continue;
    }
    const auto& name = f.get_ref<const std::string&>();
    for (const auto& msg : selector::qualified_name_errors(name))
      errors.push_back(invalid_value(path, name, msg));
    orphan = orphan || name == "orphan";
    foreground = foreground || name == "foregroundDeletion";
  }
  if (orphan && foreground)
    errors.push_back(invalid_value(path, finalizers,
                                   "finalizer orphan and foregroundDeletion cannot be both set"));
}

void validate_owner_references(const json& references, std::string_view path, Errors& errors) {
  if (references.is_null()) return;
  if (!references.is_array()) {
    errors.push_back(invalid_value(path, references, "must be a list of owner references"));
    return;
  }
  std::string first_controller;
  for (const auto& ref : references) {
    // upstream reports each field at the list's path, not at an index.
    std::string api_version = text(ref, "apiVersion");
    std::string kind = text(ref, "kind");
    std::string version = api_version.substr(api_version.find('/') + 1);
    if (api_version.empty() || version.empty())
      errors.push_back(invalid_value(child(path, "apiVersion"), api_version, "version must not be empty"));
    if (kind.empty()) errors.push_back(invalid_value(child(path, "kind"), kind, "must not be empty"));
    if (text(ref, "name").empty())
      errors.push_back(invalid_value(child(path, "name"), text(ref, "name"), "must not be empty"));
    if (text(ref, "uid").empty())
      errors.push_back(invalid_value(child(path, "uid"), text(ref, "uid"), "must not be empty"));
    if (api_version == "v1" && kind == "Event")
      errors.push_back(invalid_value(path, ref, "/v1, Kind=Event is disallowed from being an owner"));
    if (ref.is_object() && ref.value("controller", false) == true) {
      std::string name = kind + "/" + text(ref, "name");
      if (!first_controller.empty())
        errors.push_back(invalid_value(
            path, references,
            "Only one reference can have Controller set to true. Found \"true\" in references for " +
                first_controller + " and " + name));
      else
        first_controller = name;
    }
  }
}

void validate_object_meta(const json& metadata, std::string_view path, Errors& errors) {
  if (!metadata.is_object()) return;
  auto at = [&](const char* field) -> const json& {
    static const json null;
    auto it = metadata.find(field);
    return it == metadata.end() ? null : *it;
  };
  check_nonnegative(child(path, "generation"), at("generation"), errors);
  validate_labels(at("labels"), child(path, "labels"), errors);
  validate_annotations(at("annotations"), child(path, "annotations"), errors);
  validate_owner_references(at("ownerReferences"), child(path, "ownerReferences"), errors);
  validate_finalizers(at("finalizers"), child(path, "finalizers"), errors);
}

}  // namespace kapi::registry::validation
