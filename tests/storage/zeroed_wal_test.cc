// The log files of zeroed_wal_env(): records written over zeros laid (and synced) ahead of them,
// cut back to the records when closed; other files untouched; a store whose process ends without
// closing (the zeros still after its last record) reopens with every record.
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

#include "storage/rocksdb_store.h"
#include "storage/zeroed_wal.h"
#include "tests/storage/store_fixture.h"

namespace kapi::storage::testing {
namespace {

namespace fs = std::filesystem;

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::unique_ptr<rocksdb::FSWritableFile> new_file(const std::string& path) {
  std::unique_ptr<rocksdb::FSWritableFile> file;
  auto s = rocks::zeroed_wal_env()->GetFileSystem()->NewWritableFile(path, rocksdb::FileOptions(), &file, nullptr);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return file;
}

TEST(ZeroedWal, ALogIsWrittenOverSyncedZerosThenCutToItsRecords) {
  const std::string dir = fresh_dir("zeroed-log");
  fs::create_directories(dir);
  const std::string path = dir + "/000007.log";
  auto file = new_file(path);
  ASSERT_TRUE(file);
  const rocksdb::IOOptions io;
  ASSERT_TRUE(file->Append("first record;", io, nullptr).ok());
  ASSERT_TRUE(file->Append("second", io, nullptr).ok());
  ASSERT_TRUE(file->Sync(io, nullptr).ok());
  EXPECT_EQ(file->GetFileSize(io, nullptr), 19u);
  // On the disk: the records, then zeros up to the first run's end.
  std::string on_disk = file_bytes(path);
  ASSERT_EQ(on_disk.size(), 64u << 10);
  EXPECT_EQ(on_disk.substr(0, 19), "first record;second");
  EXPECT_EQ(on_disk.find_first_not_of('\0', 19), std::string::npos);
  // A record past the zeros lays the next (larger) run first.
  ASSERT_TRUE(file->Append(std::string(70 << 10, 'x'), io, nullptr).ok());
  EXPECT_EQ(fs::file_size(path), (64u << 10) + (128u << 10));
  ASSERT_TRUE(file->Close(io, nullptr).ok());
  EXPECT_EQ(fs::file_size(path), 19u + (70u << 10));
}

TEST(ZeroedWal, OtherFilesAreWrittenAsTheyCome) {
  const std::string dir = fresh_dir("zeroed-other");
  fs::create_directories(dir);
  for (const char* name : {"/MANIFEST-000005", "/OPTIONS-000009", "/LOG", "/000008.sst"}) {
    auto file = new_file(dir + name);
    ASSERT_TRUE(file);
    const rocksdb::IOOptions io;
    ASSERT_TRUE(file->Append("bytes", io, nullptr).ok());
    ASSERT_TRUE(file->Flush(io, nullptr).ok());
    EXPECT_EQ(fs::file_size(dir + name), 5u) << name;
    ASSERT_TRUE(file->Close(io, nullptr).ok());
  }
}

// The child writes and leaves without closing the store: its log still ends in zeros, which
// reopening must read past as the end of the records.
TEST(ZeroedWal, AStoreLeftWithoutClosingReopensWithEveryRecord) {
  const std::string dir = fresh_dir("zeroed-crash");
  constexpr int kRecords = 200;
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    RocksStoreOptions options;
    options.path = dir;
    options.sync = true;
    auto store = open_rocksdb_store(options);
    if (!store.ok()) _exit(2);
    for (int i = 0; i < kRecords; ++i)
      if (!(*store)->create("/z/" + std::to_string(i), WriteValue{"value " + std::to_string(i), std::nullopt}).ok())
        _exit(3);
    _exit(0);  // no close: what a crash leaves, the zeros after the last record included
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  bool zero_tail = false;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".log") {
      const std::string bytes = file_bytes(entry.path().string());
      zero_tail |= !bytes.empty() && bytes.back() == '\0';
    }
  EXPECT_TRUE(zero_tail) << "the log should end in zeros while its store is open";

  RocksStoreOptions options;
  options.path = dir;
  auto store = open_rocksdb_store(options);
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto listed = (*store)->list("/z/", ListOptions());
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->items.size(), size_t(kRecords));
  auto next = (*store)->create("/z/after", WriteValue{"after", std::nullopt});
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->mod_revision, listed->revision + 1);
}

}  // namespace
}  // namespace kapi::storage::testing
