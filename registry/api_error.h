// Errors the registry answers with, shaped like upstream's StatusError: an HTTP code, a reason and
// a message that kubectl prints as `Error from server (<Reason>): <message>`.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kapi::registry {

using json = nlohmann::json;

// One field problem of a 422 Invalid, as in upstream's field.Error.
struct FieldError {
  std::string type;     // "FieldValueRequired", "FieldValueInvalid", ...
  std::string field;    // "metadata.name"
  std::string message;  // the full detail, e.g. `Required value: name or generateName is required`
};

struct ApiError {
  int code = 500;
  std::string reason;       // "NotFound", "AlreadyExists", "Conflict", "Invalid", "BadRequest", ...
  std::string message;
  json details;             // name, group, kind, causes, retryAfterSeconds; null when none

  // The metav1.Status object for this error.
  json to_status() const;
};

// What a resource is called in messages: `configmaps` or `deployments.apps` (plural.group).
struct QualifiedResource {
  std::string group;
  std::string resource;
  std::string to_string() const { return group.empty() ? resource : resource + "." + group; }
};

ApiError not_found(const QualifiedResource& qr, std::string_view name);
ApiError already_exists(const QualifiedResource& qr, std::string_view name);
ApiError conflict(const QualifiedResource& qr, std::string_view name, std::string_view why);
ApiError invalid(std::string_view group, std::string_view kind, std::string_view name,
                 const std::vector<FieldError>& causes);
ApiError bad_request(std::string_view message);
ApiError gone(std::string_view message);           // 410 Expired
ApiError method_not_supported(const QualifiedResource& qr, std::string_view action);
// What upstream's router answers when no route has the path (404) or none of the path's routes
// takes the request's HTTP method (405): a generic message and empty details.
ApiError route_not_found();
ApiError route_method_not_allowed();
ApiError unsupported_media_type(std::string_view content_type);
ApiError not_acceptable(std::string_view message);
ApiError request_entity_too_large(std::string_view message);
ApiError unauthorized();
ApiError forbidden_message(std::string_view message);
ApiError internal_error(std::string_view message);
ApiError service_unavailable(std::string_view message);

// Field error constructors (messages as upstream's field package prints them).
FieldError required(std::string_view field, std::string_view detail);
FieldError invalid_value(std::string_view field, const json& value, std::string_view detail);
FieldError forbidden(std::string_view field, std::string_view detail);
FieldError not_supported(std::string_view field, const json& value,
                         const std::vector<std::string>& valid);
FieldError too_long(std::string_view field, size_t max);
FieldError duplicate(std::string_view field, const json& value);

// A value or the error to answer with.
template <typename T>
class [[nodiscard]] ApiResult {
 public:
  ApiResult(T value) : v_(std::move(value)) {}       // NOLINT: implicit by design
  ApiResult(ApiError error) : v_(std::move(error)) {}  // NOLINT
  bool ok() const { return v_.index() == 0; }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T* operator->() { return &value(); }
  T& operator*() { return value(); }
  const ApiError& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, ApiError> v_;
};

}  // namespace kapi::registry
