#include "registry/validation/field_checks.h"

#include "registry/object_meta.h"
#include "registry/selector/label_validation.h"

namespace kapi::registry::validation {

std::string child(std::string_view path, std::string_view name) {
  if (path.empty()) return std::string(name);
  return std::string(path) + "." + std::string(name);
}

std::string index(std::string_view path, size_t i) {
  return std::string(path) + "[" + std::to_string(i) + "]";
}

std::string key(std::string_view path, std::string_view k) {
  return std::string(path) + "[" + std::string(k) + "]";
}

std::string text(const json& obj, const char* field) {
  if (!obj.is_object()) return "";
  auto it = obj.find(field);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

const json& array_at(const json& obj, const char* field) {
  static const json empty = json::array();
  if (!obj.is_object()) return empty;
  auto it = obj.find(field);
  return it != obj.end() && it->is_array() ? *it : empty;
}

const json& object_at(const json& obj, const char* field) {
  static const json empty = json::object();
  if (!obj.is_object()) return empty;
  auto it = obj.find(field);
  return it != obj.end() && it->is_object() ? *it : empty;
}

FieldError not_found_value(std::string_view path, const json& value) {
  std::string shown = value.is_string() ? "\"" + value.get<std::string>() + "\"" : value.dump();
  return {"FieldValueNotFound", std::string(path), "Not found: " + shown};
}

void check_immutable(std::string_view path, const json& now, const json& before, Errors& errors) {
  if (now != before) errors.push_back(invalid_value(path, now, kImmutable));
}

void check_dns1123_label(std::string_view path, const std::string& value, Errors& errors) {
  for (const auto& msg : registry::check_dns1123_label(value))
    errors.push_back(invalid_value(path, value, msg));
}

void check_dns1123_subdomain(std::string_view path, const std::string& value, Errors& errors) {
  for (const auto& msg : registry::check_dns1123_subdomain(value))
    errors.push_back(invalid_value(path, value, msg));
}

void check_port_name(std::string_view path, const std::string& value, Errors& errors) {
  // upstream's IsValidPortName, message by message, in its order.
  auto invalid = [&](std::string_view msg) { errors.push_back(invalid_value(path, value, msg)); };
  bool letter = false, charset = !value.empty();
  for (char c : value) {
    if (c >= 'a' && c <= 'z') letter = true;
    else if (!(c >= '0' && c <= '9') && c != '-') charset = false;
  }
  if (value.size() > 15) invalid("must be no more than 15 characters");
  if (!charset) invalid("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!letter) invalid("must contain at least one letter (a-z)");
  if (value.find("--") != std::string::npos) invalid("must not contain consecutive hyphens");
  if (!value.empty() && (value.front() == '-' || value.back() == '-'))
    invalid("must not begin or end with a hyphen");
}

namespace {
// upstream's hasChDirPrefix, shared by config keys and environment variable names.
void check_chdir_prefix(std::string_view path, const std::string& value, Errors& errors) {
  if (value == ".") errors.push_back(invalid_value(path, value, "must not be '.'"));
  else if (value == "..") errors.push_back(invalid_value(path, value, "must not be '..'"));
  else if (value.rfind("..", 0) == 0)
    errors.push_back(invalid_value(path, value, "must not start with '..'"));
}
bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.';
}
}  // namespace

void check_config_key(std::string_view path, const std::string& value, Errors& errors) {
  if (value.size() > 253) errors.push_back(invalid_value(path, value, "must be no more than 253 characters"));
  bool ok = !value.empty();
  for (char c : value) ok = ok && is_word_char(c);
  if (!ok)
    errors.push_back(invalid_value(
        path, value,
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. "
        "'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is "
        "'[-._a-zA-Z0-9]+')"));
  check_chdir_prefix(path, value, errors);
}

void check_env_var_name(std::string_view path, const std::string& value, Errors& errors) {
  bool ok = !value.empty() && !(value[0] >= '0' && value[0] <= '9');
  for (char c : value) ok = ok && is_word_char(c);
  if (!ok)
    errors.push_back(invalid_value(
        path, value,
        "a valid environment variable name must consist of alphabetic characters, digits, '_', "
        "'-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  "
        "or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')"));
  check_chdir_prefix(path, value, errors);
}

void check_port_number(std::string_view path, const json& value, Errors& errors) {
  if (!value.is_number_integer() || value.get<int64_t>() < 1 || value.get<int64_t>() > 65535)
    errors.push_back(invalid_value(path, value, "must be between 1 and 65535, inclusive"));
}

void check_nonnegative(std::string_view path, const json& value, Errors& errors) {
  if (value.is_number() && value.get<double>() < 0)
    errors.push_back(invalid_value(path, value, "must be greater than or equal to 0"));
}

void check_enum(std::string_view path, const json& value, const std::vector<std::string>& valid,
                Errors& errors) {
  if (value.is_null() || value == "") {
    errors.push_back(required(path, ""));
    return;
  }
  for (const auto& v : valid)
    if (value == v) return;
  errors.push_back(not_supported(path, value, valid));
}

std::optional<Quantity> check_quantity(std::string_view path, const json& value, Errors& errors) {
  auto parsed = Quantity::from_json(value);
  if (auto* err = std::get_if<std::string>(&parsed)) {
    errors.push_back(invalid_value(path, value, *err));
    return std::nullopt;
  }
  return std::get<Quantity>(parsed);
}

void check_resource_list(std::string_view path, const json& list, Errors& errors) {
  if (!list.is_object()) return;
  for (const auto& [name, value] : list.items()) {
    std::string at = key(path, name);
    for (const auto& msg : selector::qualified_name_errors(name))
      errors.push_back(invalid_value(at, name, msg));
    auto q = check_quantity(at, value, errors);
    if (q && q->is_negative())
      errors.push_back(invalid_value(at, q->to_string(), "must be greater than or equal to 0"));
  }
}

}  // namespace kapi::registry::validation
