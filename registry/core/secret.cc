// Secrets: stringData is write-only and merged into base64 data on every write (as upstream),
// type defaults to Opaque and never changes, data values must be base64 with valid keys, each
// well-known type needs its keys, and the table shows TYPE and DATA.
#include "registry/apps/workload_columns.h"
#include "registry/continue_token.h"
#include "registry/core/config_data.h"
#include "registry/core/resources.h"
#include "registry/object_meta.h"

namespace kapi::registry::core {
namespace {

using validation::object_at;
using validation::text;

// Go's base64.StdEncoding: padded to a multiple of 4, '=' only at the end (line breaks ignored).
bool strict_base64(const std::string& text) {
  size_t n = 0, padding = 0;
  for (char c : text) {
    if (c == '\r' || c == '\n') continue;
    if (c == '=') ++padding;
    else if (padding > 0) return false;
    ++n;
  }
  return n % 4 == 0 && padding <= 2;
}

void require_key(const json& data, const char* key, std::vector<FieldError>& errors) {
  if (!data.contains(key)) errors.push_back(required(validation::key("data", key), ""));
}

class SecretStrategy : public Strategy {
 public:
  void prepare_for_create(json& obj) const override { normalise(obj); }
  void prepare_for_update(json& obj, const json&) const override { normalise(obj); }

  void validate(const json& obj, std::vector<FieldError>& errors) const override {
    const json& data = object_at(obj, "data");
    validate_data_keys(obj, "data", errors);
    size_t total = 0;
    for (const auto& [k, v] : data.items()) {
      std::optional<std::string> decoded;
      if (v.is_string() && strict_base64(v.get<std::string>())) decoded = base64_decode(v.get<std::string>());
      if (!decoded) {
        errors.push_back(invalid_value(validation::key("data", k), "<value omitted>",
                                       "must be a base64-encoded string"));
        continue;
      }
      total += decoded->size();
    }
    if (total > kMaxConfigDataSize) errors.push_back(too_long("data", kMaxConfigDataSize));
    const std::string type = text(obj, "type");
    if (type == "kubernetes.io/service-account-token") {
      const json& annotations = object_at(object_at(obj, "metadata"), "annotations");
      if (text(annotations, "kubernetes.io/service-account.name").empty())
        errors.push_back(required("metadata.annotations[kubernetes.io/service-account.name]", ""));
    } else if (type == "kubernetes.io/dockercfg") {
      require_key(data, ".dockercfg", errors);
    } else if (type == "kubernetes.io/dockerconfigjson") {
      require_key(data, ".dockerconfigjson", errors);
    } else if (type == "kubernetes.io/basic-auth") {
      if (!data.contains("username") && !data.contains("password")) {
        require_key(data, "username", errors);
        require_key(data, "password", errors);
      }
    } else if (type == "kubernetes.io/ssh-auth") {
      require_key(data, "ssh-privatekey", errors);
    } else if (type == "kubernetes.io/tls") {
      require_key(data, "tls.crt", errors);
      require_key(data, "tls.key", errors);
    }
  }

  void validate_update(const json& obj, const json& old, std::vector<FieldError>& errors) const override {
    validate(obj, errors);
    if (text(obj, "type") != text(old, "type"))
      errors.push_back(invalid_value("type", text(obj, "type"), validation::kImmutable));
    validate_immutable_data(obj, old, {"data"}, errors);
  }

  void selectable_fields(const json& obj, std::map<std::string, std::string>& fields) const override {
    fields["type"] = text(obj, "type");
  }

  TablePrinter table_printer() const override {
    TablePrinter p;
    p.columns = {apps::name_column(), apps::column("Type", "string", "The type of secret"),
                 apps::column("Data", "string", "The number of keys in the Secret."), apps::age_column()};
    p.cells = [](const json& s, std::chrono::system_clock::time_point now) {
      return json::array({meta_string(s, "name"), text(s, "type"), object_at(s, "data").size(), age_since(s, now)});
    };
    return p;
  }

 private:
  static void normalise(json& obj) {
    if (auto sd = obj.find("stringData"); sd != obj.end()) {
      if (sd->is_object())
        for (auto& [k, v] : sd->items())
          if (v.is_string()) obj["data"][k] = base64_encode(v.get<std::string>());
      obj.erase("stringData");
    }
    if (!obj.contains("type") || obj["type"] == "") obj["type"] = "Opaque";
  }
};
}  // namespace

ResourceDefinition secrets() {
  return {{"", "v1", "Secret", "secrets", "secret", {}, {}, true, {}},
          std::make_shared<SecretStrategy>()};
}
}  // namespace kapi::registry::core
