// Deciding whether a released volume is ours to delete (sig-storage-lib's shouldDelete plus the
// provisioned-by check), and where its directory is.
#pragma once

#include "client/client.h"
#include "controllers/localpath/volume_paths.h"

namespace kapi::controllers::localpath {

// Provisioned by rancher.io/local-path, Released, reclaim policy Delete, not being deleted.
bool wants_deletion(const client::json& volume);

// The directory a PV names: spec.hostPath.path or spec.local.path (exactly one of them).
PathResult volume_path(const client::json& volume);

}  // namespace kapi::controllers::localpath
