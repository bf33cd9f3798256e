// Secrets: stringData is write-only, merged into base64 data on every write (as upstream), and
// type defaults to Opaque.
#include "registry/continue_token.h"
#include "registry/core/resources.h"

namespace kapi::registry::core {
namespace {
class SecretStrategy : public Strategy {
 public:
  void prepare_for_create(json& obj) const override { normalise(obj); }
  void prepare_for_update(json& obj, const json&) const override { normalise(obj); }
  void selectable_fields(const json& obj, std::map<std::string, std::string>& fields) const override {
    fields["type"] = obj.value("type", "");
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
