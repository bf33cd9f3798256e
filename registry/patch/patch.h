// The three patch types of a PATCH request, by Content-Type:
//   application/json-patch+json            apply_json_patch            (RFC 6902)
//   application/merge-patch+json           apply_merge_patch           (RFC 7386)
//   application/strategic-merge-patch+json apply_strategic_merge_patch (schema-driven)
// Each takes the current object and the request body and returns the patched object or the
// error to answer with. Server-side apply (application/apply-patch+yaml) is in registry/apply/.
#pragma once

#include "registry/patch/json_patch.h"
#include "registry/patch/merge_patch.h"
#include "registry/patch/patch_error.h"
#include "registry/patch/strategic_merge_patch.h"
