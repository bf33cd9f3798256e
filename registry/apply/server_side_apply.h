// Server-side apply (PATCH with application/apply-patch+yaml), as upstream's fieldmanager and
// structured-merge-diff do it: the applied configuration becomes the manager's Apply entry; a field
// another manager owns with a different value is a conflict (409) unless forced, which takes it;
// fields the manager applied before and no longer applies are removed when nobody else owns them.
#pragma once

#include <string>

#include "registry/apply/managed_fields.h"

namespace kapi::registry::apply {

struct ApplyOptions {
  std::string manager;      // required (the fieldManager query parameter)
  bool force = false;
  std::string api_version;  // of the request, recorded in the entry
  std::string time;         // RFC 3339, recorded in the entry
};

// The object after applying `config` to `live` (null: the apply creates the object), with its
// managedFields updated; or the 409 conflict (400 for a malformed configuration).
ApiResult<json> server_side_apply(const json& live, const json& config, const openapi::Schema* kind_schema,
                                  const ApplyOptions& options);

}  // namespace kapi::registry::apply
