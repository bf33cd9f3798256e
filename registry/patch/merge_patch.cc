#include "registry/patch/merge_patch.h"

namespace kapi::registry::patch {

using json = nlohmann::json;

json merge_patch(json target, const json& patch) {
  if (!patch.is_object()) return patch;
  if (!target.is_object()) target = json::object();
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    if (it.value().is_null()) {
      target.erase(it.key());
    } else {
      auto existing = target.find(it.key());
      json current = existing == target.end() ? json() : std::move(*existing);
      target[it.key()] = merge_patch(std::move(current), it.value());
    }
  }
  return target;
}

PatchResult apply_merge_patch(const json& original, std::string_view body) {
  json patch = json::parse(body, nullptr, /*allow_exceptions=*/false);
  // A syntax error is upstream's 400 "Invalid JSON Patch". A body that is not an object would
  // replace the whole object with a non-object, which can never decode: refuse it the same way.
  if (patch.is_discarded() || !patch.is_object()) return bad_request("Invalid JSON Patch");
  return merge_patch(original, patch);
}

}  // namespace kapi::registry::patch
