#include "controllers/common/owner_refs.h"

namespace kapi::controllers {

namespace {
const json* owner_references(const json& obj) {
  if (!obj.is_object() || !obj.contains("metadata")) return nullptr;
  const json& meta = obj["metadata"];
  if (!meta.is_object() || !meta.contains("ownerReferences") || !meta["ownerReferences"].is_array()) return nullptr;
  return &meta["ownerReferences"];
}
}  // namespace

json controller_ref(const json& owner) {
  const json& meta = owner.at("metadata");
  return {{"apiVersion", owner.value("apiVersion", "")},
          {"kind", owner.value("kind", "")},
          {"name", meta.value("name", "")},
          {"uid", meta.value("uid", "")},
          {"controller", true},
          {"blockOwnerDeletion", true}};
}

std::optional<json> controller_of(const json& obj) {
  if (const json* refs = owner_references(obj))
    for (const auto& ref : *refs)
      if (ref.is_object() && ref.value("controller", false)) return ref;
  return std::nullopt;
}

bool is_controlled_by(const json& obj, const std::string& owner_uid) {
  auto ref = controller_of(obj);
  return ref && ref->value("uid", "") == owner_uid;
}

bool has_owner(const json& obj, const std::string& owner_uid) {
  if (const json* refs = owner_references(obj))
    for (const auto& ref : *refs)
      if (ref.is_object() && ref.value("uid", "") == owner_uid) return true;
  return false;
}

}  // namespace kapi::controllers
