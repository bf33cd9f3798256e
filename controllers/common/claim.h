// Which objects a workload controller owns (upstream's ControllerRefManager.ClaimObject): its
// selector picks candidates, and ownerReferences decide between keeping, adopting an orphan and
// releasing one that no longer matches. The patches carry the object's uid and resourceVersion,
// so they fail (409) rather than act on a state the controller has not seen.
#pragma once

#include <string>

#include "client/client.h"

namespace kapi::controllers {

enum class ClaimAction {
  kIgnore,   // someone else's, or not ours to take
  kKeep,     // ours and still matching
  kAdopt,    // an orphan that matches: add our controller reference
  kRelease,  // ours but no longer matching: drop our reference
};

ClaimAction claim_action(const client::json& obj, const std::string& owner_uid, bool selector_matches,
                         bool owner_deleting);

// Merge-patch bodies for adopting `obj` into `owner` (which carries apiVersion and kind) and for
// releasing it from `owner_uid`.
std::string adopt_patch(const client::json& obj, const client::json& owner);
std::string release_patch(const client::json& obj, const std::string& owner_uid);

}  // namespace kapi::controllers
