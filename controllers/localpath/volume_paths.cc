#include "controllers/localpath/volume_paths.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>
#include <vector>

namespace kapi::controllers::localpath {

namespace fs = std::filesystem;

namespace {

std::string errno_text(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

// Closes a descriptor on every way out.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      if (fd_ >= 0) ::close(fd_);
      fd_ = other.release();
    }
    return *this;
  }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }
  bool ok() const { return fd_ >= 0; }

 private:
  int fd_;
};

Fd open_directory(const std::string& path) { return Fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)); }

// Opens the directory `relative` below the one open as `base_fd`, one component at a time with
// O_NOFOLLOW: a component turned into a symlink since the path was checked fails the open
// instead of leading out of the root.
Fd open_beneath(int base_fd, const fs::path& relative) {
  Fd current(::fcntl(base_fd, F_DUPFD_CLOEXEC, 0));
  for (const auto& part : relative) {
    if (!current.ok()) break;
    if (part == ".") continue;
    current = Fd(::openat(current.get(), part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  }
  return current;
}

// Whether `inner` has every component of `outer` and at least one more.
bool strictly_inside(const fs::path& outer, const fs::path& inner) {
  auto o = outer.begin(), i = inner.begin();
  for (; o != outer.end(); ++o, ++i) {
    if (i == inner.end() || *o != *i) return false;
  }
  return i != inner.end();
}

// Removes `name` in the directory open as `parent_fd` and everything under it, never following a
// symlink: each directory is opened relative to its parent's descriptor with O_NOFOLLOW, so a
// directory swapped for a symlink half-way cannot send the removal anywhere else (a symlink is
// unlinked as the entry it is).
bool remove_tree_at(int parent_fd, const std::string& name, const std::string& shown, std::string& error) {
  Fd fd(::openat(parent_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd.ok()) {
    if (errno == ENOENT) return true;
    if (errno == ENOTDIR || errno == ELOOP) {
      if (::unlinkat(parent_fd, name.c_str(), 0) == 0 || errno == ENOENT) return true;
      error = errno_text("cannot remove", shown);
      return false;
    }
    error = errno_text("cannot open", shown);
    return false;
  }
  DIR* dir = ::fdopendir(fd.get());
  if (!dir) {
    error = errno_text("cannot read", shown);
    return false;
  }
  fd.release();  // now owned by dir
  std::vector<std::string> entries;
  while (const dirent* entry = ::readdir(dir)) {
    std::string entry_name = entry->d_name;
    if (entry_name != "." && entry_name != "..") entries.push_back(entry_name);
  }
  bool ok = true;
  for (const auto& entry : entries) ok = remove_tree_at(::dirfd(dir), entry, shown + "/" + entry, error) && ok;
  ::closedir(dir);
  if (!ok) return false;
  if (::unlinkat(parent_fd, name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT) {
    error = errno_text("cannot remove", shown);
    return false;
  }
  return true;
}

}  // namespace

std::string volume_dir_name(std::string_view volume_name, std::string_view ns, std::string_view claim) {
  std::string name(volume_name);
  name.append("_").append(ns).append("_").append(claim);
  return name;
}

bool is_plain_component(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos &&
         name.find('\0') == std::string_view::npos;
}

PathResult ensure_root(const std::string& root) {
  if (root.empty()) return {"", "no local path root is configured"};
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec) return {"", "cannot create local path root " + root + ": " + ec.message()};
  fs::path canonical = fs::canonical(root, ec);
  if (ec) return {"", "cannot resolve local path root " + root + ": " + ec.message()};
  if (!fs::is_directory(canonical, ec)) return {"", "local path root " + root + " is not a directory"};
  return {canonical.string(), ""};
}

PathResult contained_path(const std::string& canonical_root, const std::string& path) {
  fs::path given(path);
  if (path.empty() || !given.is_absolute()) return {"", "volume path " + path + " is not absolute"};
  fs::path normal = given.lexically_normal();
  if (normal.filename().empty()) normal = normal.parent_path();  // "/a/b/" names b
  std::string leaf = normal.filename().string();
  if (!is_plain_component(leaf)) return {"", "volume path " + path + " does not name a directory"};
  std::error_code ec;
  // The parent may contain symlinks (resolved: where they lead is what counts); the leaf is the
  // volume itself and stays unresolved so that a symlink there is seen as one.
  fs::path parent = fs::weakly_canonical(normal.parent_path(), ec);
  if (ec) return {"", "cannot resolve volume path " + path + ": " + ec.message()};
  fs::path resolved = parent / leaf;
  if (!strictly_inside(fs::path(canonical_root), resolved))
    return {"", "volume path " + path + " is not inside the local path root " + canonical_root};
  return {resolved.string(), ""};
}

PathResult create_volume_dir(const std::string& root, const std::string& dir_name) {
  if (!is_plain_component(dir_name))
    return {"", "volume directory name \"" + dir_name + "\" is not a single path component"};
  PathResult base = ensure_root(root);
  if (!base.ok()) return base;
  PathResult target = contained_path(base.path, base.path + "/" + dir_name);
  if (!target.ok()) return target;

  Fd root_fd = open_directory(base.path);
  if (!root_fd.ok()) return {"", errno_text("cannot open", base.path)};
  if (::mkdirat(root_fd.get(), dir_name.c_str(), 0777) != 0) {
    if (errno != EEXIST) return {"", errno_text("cannot create", target.path)};
    struct stat st {};
    if (::fstatat(root_fd.get(), dir_name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
      return {"", errno_text("cannot inspect", target.path)};
    if (S_ISLNK(st.st_mode)) return {"", "volume path " + target.path + " is a symlink"};
    if (!S_ISDIR(st.st_mode)) return {"", "volume path " + target.path + " exists and is not a directory"};
  }
  // mkdir's mode went through the umask; set it exactly, on the directory itself (O_NOFOLLOW: if
  // it was swapped for a symlink meanwhile, this fails rather than touching the link's target).
  Fd dir_fd(::openat(root_fd.get(), dir_name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!dir_fd.ok()) {
    if (errno == ELOOP || errno == ENOTDIR) return {"", "volume path " + target.path + " is a symlink"};
    return {"", errno_text("cannot open", target.path)};
  }
  if (::fchmod(dir_fd.get(), 0777) != 0) return {"", errno_text("cannot chmod", target.path)};
  return target;
}

std::optional<std::string> remove_volume_dir(const std::string& root, const std::string& path) {
  PathResult base = ensure_root(root);
  if (!base.ok()) return base.error;
  PathResult target = contained_path(base.path, path);
  if (!target.ok()) return target.error;

  fs::path resolved(target.path);
  std::string leaf = resolved.filename().string();
  Fd root_fd = open_directory(base.path);
  if (!root_fd.ok()) return errno_text("cannot open", base.path);
  Fd parent_fd = open_beneath(root_fd.get(), resolved.parent_path().lexically_relative(base.path));
  if (!parent_fd.ok()) {
    if (errno == ENOENT) return std::nullopt;  // nothing there: already removed
    return errno_text("cannot open", resolved.parent_path().string());
  }
  struct stat st {};
  if (::fstatat(parent_fd.get(), leaf.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) return std::nullopt;
    return errno_text("cannot inspect", target.path);
  }
  if (S_ISLNK(st.st_mode)) return "volume path " + target.path + " is a symlink; not removing it";
  if (!S_ISDIR(st.st_mode)) return "volume path " + target.path + " is not a directory; not removing it";
  std::string error;
  if (!remove_tree_at(parent_fd.get(), leaf, target.path, error)) return error;
  return std::nullopt;
}

}  // namespace kapi::controllers::localpath
