// ownerReferences as controllers use them: the controller reference a workload puts on what it
// creates, and reading who controls an object.
#pragma once

#include <optional>
#include <string>

#include "client/client.h"

namespace kapi::controllers {

using json = client::json;

// {apiVersion, kind, name, uid, controller: true, blockOwnerDeletion: true} for `owner`
// (which must carry apiVersion and kind, as objects read from the API do).
json controller_ref(const json& owner);
// The ownerReferences entry with controller: true, if any.
std::optional<json> controller_of(const json& obj);
// Whether `obj`'s controller reference names `owner_uid`.
bool is_controlled_by(const json& obj, const std::string& owner_uid);
// Whether any ownerReferences entry names `owner_uid`.
bool has_owner(const json& obj, const std::string& owner_uid);

}  // namespace kapi::controllers
