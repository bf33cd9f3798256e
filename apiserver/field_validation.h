// fieldValidation=Strict|Warn|Ignore on create, update and patch, as upstream's handlers apply it:
// unknown fields (openapi/field_pruning.h) are always dropped before the store sees the body;
// they and duplicate keys then fail the request (Strict, 400 "strict decoding error: ..."), come
// back as `Warning: 299 - "unknown field \"spec.foo\""` headers (Warn, the default), or pass
// silently (Ignore).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "apiserver/http_types.h"
#include "registry/api_error.h"
#include "registry/generic_store.h"

namespace kapi::apiserver {

enum class FieldValidation { kIgnore, kWarn, kStrict };

// The request's fieldValidation parameter; Warn when absent. An unknown value is 422 Invalid of
// `options_kind` (CreateOptions, UpdateOptions, PatchOptions), as upstream.
registry::ApiResult<FieldValidation> field_validation(const Request& req, std::string_view options_kind);

// Strict decoding problems of one body: "unknown field \"spec.foo\"", "duplicate field \"x\"".
class FieldProblems {
 public:
  void unknown(const std::vector<std::string>& paths);
  void duplicate(const std::vector<std::string>& paths);
  bool empty() const { return messages_.empty(); }
  // "strict decoding error: unknown field \"spec.foo\", duplicate field \"x\"".
  std::string strict_error() const;
  // Warning headers for Warn; none for Ignore and Strict.
  std::vector<std::pair<std::string, std::string>> warning_headers(FieldValidation mode) const;

 private:
  std::vector<std::string> messages_;
};

// Create and update: prunes the decoded object against the store's kind and, for Strict,
// answers upstream's `Pod in version "v1" cannot be handled as a Pod: strict decoding error: ...`.
// `duplicates` are the repeated keys decode_body found.
std::optional<registry::ApiError> check_object_fields(registry::json& obj, const std::vector<std::string>& duplicates,
                                                      const registry::GenericStore& store, FieldValidation mode,
                                                      FieldProblems& problems);

// Patch: prunes the patch document of the given type (rewriting `body` when it changes) and, for
// Strict, answers 400 "strict decoding error: ...". A body that does not parse is left for the
// patch code to reject.
std::optional<registry::ApiError> check_patch_fields(std::string& body, registry::PatchType type,
                                                     const registry::GenericStore& store, FieldValidation mode,
                                                     FieldProblems& problems);

}  // namespace kapi::apiserver
