#include "registry/api_error.h"

namespace kapi::registry {

json ApiError::to_status() const {
  json status = {{"kind", "Status"},
                 {"apiVersion", "v1"},
                 {"metadata", json::object()},
                 {"status", "Failure"},
                 {"message", message},
                 {"reason", reason},
                 {"code", code}};
  if (!details.is_null()) status["details"] = details;
  return status;
}

namespace {

ApiError make(int code, std::string reason, std::string message, json details = nullptr) {
  return ApiError{code, std::move(reason), std::move(message), std::move(details)};
}

json name_details(const QualifiedResource& qr, std::string_view name) {
  json d = {{"name", name}, {"kind", qr.resource}};
  if (!qr.group.empty()) d["group"] = qr.group;
  return d;
}

// How upstream's field package prints a bad value inside a message.
std::string describe_value(const json& value) {
  if (value.is_string()) return "\"" + value.get<std::string>() + "\"";
  if (value.is_null()) return "null";
  return value.dump();
}

}  // namespace

ApiError not_found(const QualifiedResource& qr, std::string_view name) {
  return make(404, "NotFound", qr.to_string() + " \"" + std::string(name) + "\" not found",
              name_details(qr, name));
}

ApiError already_exists(const QualifiedResource& qr, std::string_view name) {
  return make(409, "AlreadyExists", qr.to_string() + " \"" + std::string(name) + "\" already exists",
              name_details(qr, name));
}

ApiError conflict(const QualifiedResource& qr, std::string_view name, std::string_view why) {
  return make(409, "Conflict",
              "Operation cannot be fulfilled on " + qr.to_string() + " \"" + std::string(name) +
                  "\": " + std::string(why),
              name_details(qr, name));
}

ApiError invalid(std::string_view group, std::string_view kind, std::string_view name,
                 const std::vector<FieldError>& causes) {
  // As upstream's NewInvalid: `<Kind>[.<group>] "<name>" is invalid: <errors>`, where several
  // errors print as an aggregate in brackets.
  std::string qualified_kind = std::string(kind) + (group.empty() ? "" : "." + std::string(group));
  std::string joined;
  json cause_list = json::array();
  for (size_t i = 0; i < causes.size(); ++i) {
    if (i > 0) joined += ", ";
    joined += causes[i].field + ": " + causes[i].message;
    cause_list.push_back(
        {{"reason", causes[i].type}, {"message", causes[i].message}, {"field", causes[i].field}});
  }
  if (causes.size() > 1) joined = "[" + joined + "]";
  json details = {{"name", name}, {"kind", kind}, {"causes", cause_list}};
  if (!group.empty()) details["group"] = group;
  return make(422, "Invalid", qualified_kind + " \"" + std::string(name) + "\" is invalid: " + joined,
              details);
}

ApiError bad_request(std::string_view message) { return make(400, "BadRequest", std::string(message)); }
ApiError gone(std::string_view message) { return make(410, "Expired", std::string(message)); }

ApiError method_not_supported(const QualifiedResource& qr, std::string_view action) {
  return make(405, "MethodNotAllowed",
              std::string(action) + " is not supported on resources of kind \"" + qr.to_string() + "\"",
              json{{"kind", qr.resource}});
}

ApiError route_not_found() {
  return make(404, "NotFound", "the server could not find the requested resource", json::object());
}

ApiError route_method_not_allowed() {
  return make(405, "MethodNotAllowed", "the server does not allow this method on the requested resource",
              json::object());
}

ApiError unsupported_media_type(std::string_view content_type) {
  return make(415, "UnsupportedMediaType",
              "the body of the request was in an unknown format - accepted media types include: "
              "application/json, application/yaml, application/vnd.kubernetes.protobuf",
              json{{"causes", json::array({{{"reason", "UnsupportedMediaType"},
                                            {"message", std::string(content_type)}}})}});
}

ApiError not_acceptable(std::string_view message) { return make(406, "NotAcceptable", std::string(message)); }
ApiError request_entity_too_large(std::string_view message) {
  return make(413, "RequestEntityTooLarge", std::string(message));
}
ApiError unauthorized() { return make(401, "Unauthorized", "Unauthorized"); }
ApiError forbidden_message(std::string_view message) { return make(403, "Forbidden", std::string(message)); }
ApiError internal_error(std::string_view message) {
  return make(500, "InternalError", "Internal error occurred: " + std::string(message),
              json{{"causes", json::array({{{"message", std::string(message)}}})}});
}
ApiError service_unavailable(std::string_view message) {
  return make(503, "ServiceUnavailable", std::string(message));
}

FieldError required(std::string_view field, std::string_view detail) {
  std::string m = "Required value";
  if (!detail.empty()) m += ": " + std::string(detail);
  return {"FieldValueRequired", std::string(field), m};
}

FieldError invalid_value(std::string_view field, const json& value, std::string_view detail) {
  std::string m = "Invalid value: " + describe_value(value);
  if (!detail.empty()) m += ": " + std::string(detail);
  return {"FieldValueInvalid", std::string(field), m};
}

FieldError forbidden(std::string_view field, std::string_view detail) {
  std::string m = "Forbidden";
  if (!detail.empty()) m += ": " + std::string(detail);
  return {"FieldValueForbidden", std::string(field), m};
}

FieldError not_supported(std::string_view field, const json& value,
                         const std::vector<std::string>& valid) {
  std::string m = "Unsupported value: " + describe_value(value);
  if (!valid.empty()) {
    m += ": supported values: ";
    for (size_t i = 0; i < valid.size(); ++i) m += (i ? ", \"" : "\"") + valid[i] + "\"";
  }
  return {"FieldValueNotSupported", std::string(field), m};
}

FieldError too_long(std::string_view field, size_t max) {
  return {"FieldValueTooLong", std::string(field),
          "Too long: may not be more than " + std::to_string(max) + " bytes"};
}

FieldError duplicate(std::string_view field, const json& value) {
  return {"FieldValueDuplicate", std::string(field), "Duplicate value: " + describe_value(value)};
}

}  // namespace kapi::registry
