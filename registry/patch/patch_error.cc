#include "registry/patch/patch_error.h"

namespace kapi::registry::patch {

PatchError bad_request(std::string message) { return {400, "BadRequest", std::move(message), nullptr}; }

PatchError unprocessable(std::string cause) {
  nlohmann::json details = {
      {"causes", nlohmann::json::array({{{"reason", "UnexpectedServerResponse"}, {"message", std::move(cause)}}})}};
  return {422, "Invalid", "the server rejected our request due to an error in our request", std::move(details)};
}

PatchError too_large(std::string message) { return {413, "RequestEntityTooLarge", std::move(message), nullptr}; }

PatchError internal(std::string message) { return {500, "", std::move(message), nullptr}; }

}  // namespace kapi::registry::patch
