// The local-path provisioner's directories on disk, and the rules that keep it inside its root.
//
// Upstream runs `mkdir -m 0777 -p` and `rm -rf` in helper pods on the node; kapi's node is this
// machine, so it does the same inline. Because a PV's path is only data (anyone allowed to write
// PVs can put any path there), nothing here trusts it: a path is used only if its canonical form
// lies strictly inside the canonical root, and a symlink at the volume's own path is never
// followed, created through or removed through.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kapi::controllers::localpath {

// A path, or why there is none.
struct PathResult {
  std::string path;
  std::string error;
  bool ok() const { return error.empty(); }
};

// "pvc-<uid>_<namespace>_<claim name>", upstream's folder name.
std::string volume_dir_name(std::string_view volume_name, std::string_view ns, std::string_view claim);

// One path component that cannot step out of its directory: not empty, ".", "..", and no '/' or NUL.
bool is_plain_component(std::string_view name);

// Creates `root` (and its parents) when missing; answers its canonical path.
PathResult ensure_root(const std::string& root);

// `path` with its parent directory canonicalised (the last component is kept as it is, so a
// symlink there is not followed); an error unless it is absolute and strictly inside
// `canonical_root`.
PathResult contained_path(const std::string& canonical_root, const std::string& path);

// Makes `<root>/<dir_name>` with mode 0777 (umask ignored, as `mkdir -m`), creating the root
// when missing. An existing directory is reused (a retry after a failed PV create); a symlink or
// any other file there is an error. Answers the canonical path of the volume directory.
PathResult create_volume_dir(const std::string& root, const std::string& dir_name);

// Removes the volume directory at `path` and everything in it. Refuses (answers the reason)
// paths outside the root, the root itself, symlinks and non-directories; a missing directory is
// already removed.
std::optional<std::string> remove_volume_dir(const std::string& root, const std::string& path);

}  // namespace kapi::controllers::localpath
