#include "registry/strategy.h"

#include "registry/object_meta.h"

namespace kapi::registry {

std::vector<std::string> Strategy::check_name(const std::string& name) const {
  return check_dns1123_subdomain(name);
}

void Strategy::prepare_for_status_update(json& obj, const json& old) const {
  json next = old;
  if (obj.contains("status")) next["status"] = std::move(obj["status"]);
  else next.erase("status");
  obj = std::move(next);
}

}  // namespace kapi::registry
