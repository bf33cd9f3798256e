#include "controllers/common/claim.h"

#include "controllers/common/owner_refs.h"
#include "controllers/common/pod_state.h"
#include "registry/object_meta.h"

namespace kapi::controllers {

namespace {

client::json owner_references(const client::json& obj) {
  const client::json* refs = registry::meta_field(obj, "ownerReferences");
  return refs && refs->is_array() ? *refs : client::json::array();
}

std::string patch_with_refs(const client::json& obj, client::json refs) {
  // An empty list is removed (null), as a released object upstream has no ownerReferences field.
  if (refs.empty()) refs = nullptr;
  client::json patch = {{"metadata",
                         {{"ownerReferences", std::move(refs)},
                          {"uid", registry::meta_string(obj, "uid")},
                          {"resourceVersion", registry::meta_string(obj, "resourceVersion")}}}};
  return patch.dump();
}

}  // namespace

ClaimAction claim_action(const client::json& obj, const std::string& owner_uid, bool selector_matches,
                         bool owner_deleting) {
  if (auto ref = controller_of(obj)) {
    if (ref->value("uid", "") != owner_uid) return ClaimAction::kIgnore;
    if (selector_matches) return ClaimAction::kKeep;
    return owner_deleting ? ClaimAction::kIgnore : ClaimAction::kRelease;
  }
  if (!selector_matches || owner_deleting || is_terminating(obj)) return ClaimAction::kIgnore;
  return ClaimAction::kAdopt;
}

std::string adopt_patch(const client::json& obj, const client::json& owner) {
  client::json refs = owner_references(obj);
  const std::string uid = registry::meta_string(owner, "uid");
  client::json kept = client::json::array();
  for (const auto& ref : refs)
    if (ref.value("uid", "") != uid) kept.push_back(ref);
  kept.push_back(controller_ref(owner));
  return patch_with_refs(obj, std::move(kept));
}

std::string release_patch(const client::json& obj, const std::string& owner_uid) {
  client::json kept = client::json::array();
  for (const auto& ref : owner_references(obj))
    if (ref.value("uid", "") != owner_uid) kept.push_back(ref);
  return patch_with_refs(obj, std::move(kept));
}

}  // namespace kapi::controllers
