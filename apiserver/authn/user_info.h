// The identity a request authenticates as, as upstream's user.Info (minus extra).
#pragma once

#include <string>
#include <vector>

namespace kapi::apiserver::authn {

// Every authenticated user is in this group (upstream's AuthenticatedGroupAdder).
inline constexpr const char* kAuthenticatedGroup = "system:authenticated";

struct UserInfo {
  std::string name, uid;
  std::vector<std::string> groups;
};

}  // namespace kapi::apiserver::authn
