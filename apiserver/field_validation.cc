#include "apiserver/field_validation.h"

#include <set>

#include "openapi/field_pruning.h"
#include "openapi/schema_builder.h"
#include "openapi/schema_model.h"
#include "registry/quantity.h"
#include "registry/selector/label_requirement.h"

namespace kapi::apiserver {

using registry::json;

namespace {

// Upstream reports at most this many strict errors per body.
constexpr size_t kMaxProblems = 100;

// upstream's summarizeData: the start of a body named in a decode error.
std::string summarize(const std::string& data) {
  constexpr size_t kMax = 30;
  if (data.empty()) return "<empty>";
  return data.size() > kMax ? data.substr(0, kMax) + " ..." : data;
}

bool is_b64(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

// Where Go's base64.StdEncoding stops reading `src` ("illegal base64 data at input byte N"), or
// nullopt when it decodes: padded quanta of four, '=' only at the end, line breaks skipped.
std::optional<size_t> base64_error_offset(std::string_view src) {
  auto skip_newlines = [&src](size_t i) {
    while (i < src.size() && (src[i] == '\n' || src[i] == '\r')) ++i;
    return i;
  };
  size_t si = 0;
  while (true) {
    for (int j = 0; j < 4; ++j) {
      if (si == src.size()) {
        if (j == 0) return std::nullopt;
        return si - j;  // an incomplete quantum
      }
      const char in = src[si++];
      if (is_b64(in)) continue;
      if (in == '\n' || in == '\r') {
        --j;
        continue;
      }
      if (in != '=' || j < 2) return si - 1;
      if (j == 2) {  // "==" expected
        si = skip_newlines(si);
        if (si == src.size()) return src.size();
        if (src[si] != '=') return si - 1;
        ++si;
      }
      si = skip_newlines(si);
      if (si < src.size()) return si;  // something after the padding
      return std::nullopt;
    }
  }
}

// What upstream's typed decoding rejects before validation runs: malformed quantities and base64
// ([]byte) values. The first such problem in upstream's words, or empty.
std::string decode_error(const json& obj, const openapi::Schema& schema) {
  std::string error;
  openapi::visit_typed_values(
      obj, schema, [](const openapi::Schema& declared) { return declared.ref == openapi::dsl::kQuantity; },
      [&error](const std::string&, const json& value) {
        if (value.is_null()) return true;
        auto parsed = registry::Quantity::from_json(value);
        if (auto* message = std::get_if<std::string>(&parsed)) error = *message;
        return error.empty();
      });
  if (!error.empty()) return error;
  openapi::visit_typed_values(
      obj, schema, [](const openapi::Schema& declared) { return declared.resolved().format == "byte"; },
      [&error](const std::string&, const json& value) {
        if (!value.is_string()) return true;  // a wrong JSON type is validation's to report
        if (auto offset = base64_error_offset(value.get_ref<const std::string&>()))
          error = "illegal base64 data at input byte " + std::to_string(*offset);
        return error.empty();
      });
  return error;
}

}  // namespace

registry::ApiResult<FieldValidation> field_validation(const Request& req, std::string_view options_kind) {
  const std::string v = req.param("fieldValidation");
  if (v.empty() || v == "Warn") return FieldValidation::kWarn;
  if (v == "Strict") return FieldValidation::kStrict;
  if (v == "Ignore") return FieldValidation::kIgnore;
  return registry::invalid("meta.k8s.io", options_kind, "",
                           {registry::not_supported("fieldValidation", v, {"", "Ignore", "Strict", "Warn"})});
}

void FieldProblems::unknown(const std::vector<std::string>& paths) {
  for (const std::string& p : paths) messages_.push_back("unknown field \"" + p + "\"");
}

void FieldProblems::duplicate(const std::vector<std::string>& paths) {
  // YAML bodies come with go-yaml's own report (yaml_to_json); JSON ones with paths.
  for (const std::string& p : paths)
    messages_.push_back(p.rfind("yaml: ", 0) == 0 ? p : "duplicate field \"" + p + "\"");
}

std::string FieldProblems::strict_error() const {
  std::string out = "strict decoding error: ";
  std::set<std::string> seen;
  size_t n = 0;
  for (const std::string& m : messages_) {
    if (!seen.insert(m).second) continue;
    if (n++ == kMaxProblems) break;
    if (n > 1) out += ", ";
    out += m;
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> FieldProblems::warning_headers(FieldValidation mode) const {
  std::vector<std::pair<std::string, std::string>> headers;
  if (mode != FieldValidation::kWarn) return headers;
  std::set<std::string> seen;
  for (const std::string& m : messages_) {
    if (seen.size() == kMaxProblems) break;
    if (seen.insert(m).second) headers.emplace_back("Warning", "299 - " + registry::selector::go_quote(m));
  }
  return headers;
}

std::optional<registry::ApiError> check_object_fields(json& obj, const std::vector<std::string>& duplicates,
                                                      const registry::GenericStore& store, FieldValidation mode,
                                                      FieldProblems& problems) {
  const std::string api_version = obj.is_object() ? obj.value("apiVersion", "") : "";
  const std::string kind = obj.is_object() ? obj.value("kind", "") : "";
  const std::string original = kind.empty() ? obj.dump() : std::string();  // named in the error
  std::string error;  // a decoding error trumps strict problems, as upstream
  if (const openapi::Schema* schema = store.kind_schema()) {
    error = decode_error(obj, *schema);
    problems.unknown(openapi::prune_unknown_fields(obj, *schema));
  }
  problems.duplicate(duplicates);
  if (error.empty()) {
    if (mode != FieldValidation::kStrict || problems.empty()) return std::nullopt;
    error = problems.strict_error();
  }
  const std::string& expected = store.info().kind;
  if (!kind.empty()) {
    const std::string version = api_version.substr(api_version.find('/') + 1);
    return registry::bad_request(kind + " in version \"" + version + "\" cannot be handled as a " + expected + ": " +
                                 error);
  }
  return registry::bad_request("the object provided is unrecognized (must be of type " + expected + "): " + error +
                               " (" + summarize(original) + ")");
}

std::optional<registry::ApiError> check_patch_fields(std::string& body, registry::PatchType type,
                                                     const registry::GenericStore& store, FieldValidation mode,
                                                     FieldProblems& problems) {
  const openapi::Schema* schema = store.kind_schema();
  std::vector<std::string> duplicates;
  json patch;
  try {
    patch = openapi::parse_noting_duplicates(body, duplicates);
  } catch (const json::parse_error&) {
    return std::nullopt;  // the patch code reports malformed bodies in its own words
  }
  std::vector<std::string> unknown;
  if (schema != nullptr) {
    switch (type) {
      case registry::PatchType::kJson: unknown = openapi::prune_json_patch(patch, *schema); break;
      case registry::PatchType::kMerge:
        unknown = openapi::prune_unknown_fields(patch, *schema, openapi::BodyShape::kMergePatch);
        break;
      case registry::PatchType::kStrategicMerge:
        unknown = openapi::prune_unknown_fields(patch, *schema, openapi::BodyShape::kStrategicMergePatch);
        break;
      case registry::PatchType::kApply:  // a whole (partial) object
        unknown = openapi::prune_unknown_fields(patch, *schema, openapi::BodyShape::kMergePatch);
        break;
    }
  }
  if (!unknown.empty()) body = patch.dump();
  if (type != registry::PatchType::kJson) problems.duplicate(duplicates);  // upstream checks merge bodies only
  problems.unknown(unknown);
  if (mode != FieldValidation::kStrict || problems.empty()) return std::nullopt;
  return registry::bad_request(problems.strict_error());
}

}  // namespace kapi::apiserver
