#include "registry/core/config_data.h"

namespace kapi::registry::core {

void validate_data_keys(const json& obj, const char* field, validation::Errors& errors) {
  for (const auto& [k, v] : validation::object_at(obj, field).items())
    validation::check_config_key(validation::key(field, k), k, errors);
}

void validate_immutable_data(const json& obj, const json& old, std::initializer_list<const char*> fields,
                             validation::Errors& errors) {
  if (old.value("immutable", false) != true) return;
  for (const char* field : fields)
    if (obj.value(field, json()) != old.value(field, json()))
      errors.push_back(forbidden(field, "field is immutable when `immutable` is set"));
  if (obj.value("immutable", false) != true)
    errors.push_back(forbidden("immutable", "field is immutable when `immutable` is set"));
}

}  // namespace kapi::registry::core
