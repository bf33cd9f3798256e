#include "apiserver/pki/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace kapi::apiserver::pki {
namespace {

std::string errno_message(std::string_view what, const std::string& path) {
  return std::string(what) + " " + path + ": " + std::strerror(errno);
}

}  // namespace

std::variant<std::string, std::string> read_file(const std::string& path) {
  using Result = std::variant<std::string, std::string>;
  std::ifstream in(path, std::ios::binary);
  if (!in) return Result(std::in_place_index<1>, errno_message("open", path));
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return Result(std::in_place_index<1>, errno_message("read", path));
  return Result(std::in_place_index<0>, content.str());
}

std::optional<std::string> write_file_atomically(const std::string& path, std::string_view content,
                                                 mode_t mode, Durability durability) {
  const bool synced = durability == Durability::kSynced;
  std::filesystem::path target(path);
  std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : ".";
  std::string temp = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  int fd = ::mkstemp(temp.data());
  if (fd < 0) return errno_message("create temp file for", path);

  auto fail = [&](std::string_view what) {
    std::string message = errno_message(what, temp);
    ::close(fd);
    ::unlink(temp.c_str());
    return message;
  };
  // mkstemp creates 0600 already; fchmod makes the final mode explicit and independent of umask.
  if (::fchmod(fd, mode) != 0) return fail("chmod");
  std::size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("write");
    }
    written += static_cast<std::size_t>(n);
  }
  if (synced && ::fsync(fd) != 0) return fail("fsync");
  if (::close(fd) != 0) {
    std::string message = errno_message("close", temp);
    ::unlink(temp.c_str());
    return message;
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    std::string message = errno_message("rename to", path);
    ::unlink(temp.c_str());
    return message;
  }
  if (!synced) return std::nullopt;
  // Make the rename itself durable; failure here leaves a correct file, so it is not an error.
  if (int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY); dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return std::nullopt;
}

}  // namespace kapi::apiserver::pki
