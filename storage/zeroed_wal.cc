#include "storage/zeroed_wal.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

namespace kapi::storage::rocks {
namespace {

using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;
using rocksdb::Slice;

// The first run of zeros is small (a fresh store's log takes a few records before it is ready);
// each next one is twice the last, up to kMaxRun, so a busy log lays zeros (and pays the sync
// that grows the file) once per few MB of records.
constexpr uint64_t kFirstRun = 64 << 10;
constexpr uint64_t kMaxRun = 4 << 20;
constexpr size_t kZeroBlock = 64 << 10;

IOStatus io_error(const std::string& what, const std::string& file) {
  return IOStatus::IOError(what + " " + file, std::strerror(errno));
}

// Writes all of [data, data + size) at `offset`.
bool write_at(int fd, const char* data, size_t size, uint64_t offset) {
  while (size > 0) {
    const ssize_t n = ::pwrite(fd, data, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
    offset += static_cast<uint64_t>(n);
  }
  return true;
}

bool is_log(const std::string& name) {
  constexpr std::string_view kSuffix = ".log";
  return name.size() > kSuffix.size() && name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0;
}

// A log file: records are written (unbuffered: RocksDB's writer buffers) at the end of the
// records, inside zeros written and synced beforehand.
class ZeroedLogFile : public rocksdb::FSWritableFile {
 public:
  ZeroedLogFile(std::string name, int fd) : name_(std::move(name)), fd_(fd) {}
  ~ZeroedLogFile() override { Close(IOOptions(), nullptr).PermitUncheckedError(); }

  IOStatus Append(const Slice& data, const IOOptions&, IODebugContext*) override {
    if (IOStatus s = zero_ahead(size_ + data.size()); !s.ok()) return s;
    if (!write_at(fd_, data.data(), data.size(), size_)) return io_error("cannot write", name_);
    size_ += data.size();
    return IOStatus::OK();
  }
  IOStatus Append(const Slice& data, const IOOptions& options, const rocksdb::DataVerificationInfo&,
                  IODebugContext* dbg) override {
    return Append(data, options, dbg);
  }
  IOStatus Truncate(uint64_t size, const IOOptions&, IODebugContext*) override {
    if (::ftruncate(fd_, static_cast<off_t>(size)) != 0) return io_error("cannot truncate", name_);
    size_ = size;
    zeroed_ = size;
    return IOStatus::OK();
  }
  // Cuts the zeros off: a closed log is as long as its records.
  IOStatus Close(const IOOptions&, IODebugContext*) override {
    if (fd_ < 0) return IOStatus::OK();
    IOStatus s = IOStatus::OK();
    if (zeroed_ > size_ && ::ftruncate(fd_, static_cast<off_t>(size_)) != 0) s = io_error("cannot truncate", name_);
    if (::close(fd_) != 0 && s.ok()) s = io_error("cannot close", name_);
    fd_ = -1;
    return s;
  }
  IOStatus Flush(const IOOptions&, IODebugContext*) override { return IOStatus::OK(); }
  IOStatus Sync(const IOOptions&, IODebugContext*) override {
    if (::fdatasync(fd_) != 0) return io_error("cannot sync", name_);
    return IOStatus::OK();
  }
  IOStatus Fsync(const IOOptions&, IODebugContext*) override {
    if (::fsync(fd_) != 0) return io_error("cannot sync", name_);
    return IOStatus::OK();
  }
  uint64_t GetFileSize(const IOOptions&, IODebugContext*) override { return size_; }

 private:
  // Makes [size_, end) lie in zeros that are on the disk, with the file's size covering them:
  // lays the next run of zeros after the last and syncs it (the one sync per run that grows
  // the file).
  IOStatus zero_ahead(uint64_t end) {
    if (end <= zeroed_) return IOStatus::OK();
    run_ = std::min(kMaxRun, run_ == 0 ? kFirstRun : 2 * run_);
    const uint64_t target = std::max(end, zeroed_ + run_);
    static const std::string zeros(kZeroBlock, '\0');
    for (uint64_t at = zeroed_; at < target;) {
      const size_t n = static_cast<size_t>(std::min<uint64_t>(kZeroBlock, target - at));
      if (!write_at(fd_, zeros.data(), n, at)) return io_error("cannot extend", name_);
      at += n;
    }
    if (::fdatasync(fd_) != 0) return io_error("cannot sync", name_);
    zeroed_ = target;
    return IOStatus::OK();
  }

  const std::string name_;
  int fd_;
  uint64_t size_ = 0;    // the records' bytes
  uint64_t zeroed_ = 0;  // the file's bytes: records, then zeros
  uint64_t run_ = 0;     // the last run of zeros laid
};

class ZeroedWalFileSystem : public rocksdb::FileSystemWrapper {
 public:
  explicit ZeroedWalFileSystem(std::shared_ptr<rocksdb::FileSystem> base) : FileSystemWrapper(std::move(base)) {}
  const char* Name() const override { return "KapiZeroedWal"; }

  IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                           std::unique_ptr<rocksdb::FSWritableFile>* result, IODebugContext* dbg) override {
    if (!is_log(name) || options.use_direct_writes || options.use_mmap_writes)
      return FileSystemWrapper::NewWritableFile(name, options, result, dbg);
    const int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return io_error("cannot create", name);
    *result = std::make_unique<ZeroedLogFile>(name, fd);
    return IOStatus::OK();
  }
};

}  // namespace

rocksdb::Env* zeroed_wal_env() {
  static const std::unique_ptr<rocksdb::Env> env =
      rocksdb::NewCompositeEnv(std::make_shared<ZeroedWalFileSystem>(rocksdb::FileSystem::Default()));
  return env.get();
}

}  // namespace kapi::storage::rocks
