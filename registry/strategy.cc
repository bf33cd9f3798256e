#include "registry/strategy.h"

#include "registry/object_meta.h"

namespace kapi::registry {

std::vector<std::string> Strategy::check_name(const std::string& name) const {
  return check_dns1123_subdomain(name);
}

}  // namespace kapi::registry
