#include "openapi/schema.h"

namespace kapi::openapi {

const Schema* Schema::field(std::string_view name) const {
  for (const Property& p : resolved().properties) {
    if (p.name == name) return p.schema.get();
  }
  return nullptr;
}

const Schema* Schema::item_schema() const {
  const Schema& self = resolved();
  return self.items ? &self.items->resolved() : nullptr;
}

const Schema* Schema::value_schema() const {
  const Schema& self = resolved();
  return self.additional_properties ? &self.additional_properties->resolved() : nullptr;
}

bool Schema::has_strategy(std::string_view strategy) const {
  std::string_view rest = patch_strategy;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    if (rest.substr(0, comma) == strategy) return true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace kapi::openapi
