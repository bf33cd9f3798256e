#include "storage/rocks_open.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <system_error>

#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>

#include "storage/errors.h"
#include "storage/rocks_codec.h"
#include "storage/zeroed_wal.h"

namespace kapi::storage::rocks {
namespace {

namespace fs = std::filesystem;

constexpr const char* kMeta = "meta";
constexpr const char* kCurrent = "current";
constexpr const char* kLog = "log";

rocksdb::Options db_options() {
  rocksdb::Options options;
  options.IncreaseParallelism(2);
  options.max_background_jobs = 2;
  // Group commit batches writers itself; a larger memtable keeps flushes rare under load.
  options.write_buffer_size = 64 << 20;
  options.paranoid_checks = true;
  // Loading table handlers (open, column family creation) starts this many threads less one,
  // made and joined on the spot: 16 short-lived threads in a fresh start's strace, for a store
  // of a few small files. One loads them inline.
  options.max_file_opening_threads = 1;
  // Logs written over zeros laid ahead: each commit's fdatasync then writes data alone.
  options.env = zeroed_wal_env();
  return options;
}

rocksdb::ColumnFamilyOptions current_options() {
  rocksdb::ColumnFamilyOptions options;
  options.write_buffer_size = 64 << 20;
  // Every write looks its key up here first: a bloom filter makes misses (creates) cheap.
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

rocksdb::ColumnFamilyOptions log_options() {
  rocksdb::ColumnFamilyOptions options;
  options.write_buffer_size = 64 << 20;
  return options;
}

std::vector<rocksdb::ColumnFamilyDescriptor> descriptors() {
  return {
      {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()},
      {kMeta, rocksdb::ColumnFamilyOptions()},
      {kCurrent, current_options()},
      {kLog, log_options()},
  };
}

Error refuse(const std::string& path, const std::string& why) {
  return unavailable("storage: refusing data directory " + path + ": " + why);
}

bool dir_is_empty_or_absent(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return true;
  return fs::is_directory(path, ec) && fs::is_empty(path, ec);
}

Result<Revision> read_revision(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* meta,
                               const char* name, const std::string& path) {
  std::string bytes;
  rocksdb::Status s = db.Get(rocksdb::ReadOptions(), meta, name, &bytes);
  if (s.IsNotFound()) return Revision{0};
  if (!s.ok()) return refuse(path, std::string("cannot read ") + name + ": " + s.ToString());
  auto rev = decode_revision(bytes);
  if (!rev) return refuse(path, std::string("malformed ") + name + " record (corrupt?)");
  return *rev;
}

}  // namespace

OpenDb::~OpenDb() {
  if (!db) return;
  for (auto* cf : {meta, current, log}) {
    if (cf) db->DestroyColumnFamilyHandle(cf).PermitUncheckedError();
  }
  // Close flushes nothing we need: every acknowledged write is in the WAL.
  db->Close().PermitUncheckedError();
}

Result<std::unique_ptr<OpenDb>> open_db(const std::string& path) {
  if (path.empty()) return invalid("storage: empty data directory path");
  const bool fresh = dir_is_empty_or_absent(path);
  std::error_code ec;
  if (!fresh && !fs::exists(fs::path(path) / "CURRENT", ec)) {
    return refuse(path, "it is not empty and holds no RocksDB database (no CURRENT file)");
  }

  rocksdb::DBOptions options(db_options());
  auto cfs = descriptors();
  if (fresh) {
    options.create_if_missing = true;
  } else {
    std::vector<std::string> names;
    rocksdb::Status s = rocksdb::DB::ListColumnFamilies(options, path, &names);
    if (!s.ok()) return refuse(path, "cannot read its column families (corrupt?): " + s.ToString());
    for (const char* needed : {kMeta, kCurrent, kLog}) {
      if (std::find(names.begin(), names.end(), needed) == names.end()) {
        return refuse(path, std::string("unknown format: no column family '") + needed +
                                "' (not a kapi store)");
      }
    }
  }

  auto out = std::make_unique<OpenDb>();
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  // A fresh store opens with the default family alone and creates the others in one call:
  // RocksDB writes, fsyncs and re-parses its OPTIONS file for each family that Open creates, but
  // once for a bulk CreateColumnFamilies (about 30 ms each on a loaded machine).
  std::vector<rocksdb::ColumnFamilyDescriptor> opened_cfs(cfs.begin(), fresh ? cfs.begin() + 1 : cfs.end());
  rocksdb::Status s = rocksdb::DB::Open(options, path, opened_cfs, &handles, &raw);
  if (!s.ok()) {
    return refuse(path, (s.IsCorruption() ? "corrupt: " : "cannot open: ") + s.ToString());
  }
  out->db.reset(raw);
  // The default family is unused (RocksDB requires it to exist).
  out->db->DestroyColumnFamilyHandle(handles[0]).PermitUncheckedError();
  if (fresh) {
    std::vector<rocksdb::ColumnFamilyHandle*> created;
    s = out->db->CreateColumnFamilies({cfs.begin() + 1, cfs.end()}, &created);
    if (!s.ok()) {
      for (auto* cf : created) out->db->DestroyColumnFamilyHandle(cf).PermitUncheckedError();
      return refuse(path, "cannot create its column families: " + s.ToString());
    }
    handles.insert(handles.end(), created.begin(), created.end());
  }
  out->meta = handles[1];
  out->current = handles[2];
  out->log = handles[3];

  std::string format;
  s = out->db->Get(rocksdb::ReadOptions(), out->meta, kFormatKey, &format);
  if (fresh && s.IsNotFound()) {
    rocksdb::WriteOptions sync;
    sync.sync = true;
    s = out->db->Put(sync, out->meta, kFormatKey, std::to_string(kFormatVersion));
    if (!s.ok()) return refuse(path, "cannot write the format record: " + s.ToString());
    format = std::to_string(kFormatVersion);
  } else if (s.IsNotFound()) {
    return refuse(path, "unknown format: no format record");
  } else if (!s.ok()) {
    return refuse(path, "cannot read the format record: " + s.ToString());
  }
  int version = 0;
  auto [end, err] = std::from_chars(format.data(), format.data() + format.size(), version);
  if (err != std::errc() || end != format.data() + format.size()) {
    return refuse(path, "unknown format record '" + format + "'");
  }
  if (version != kFormatVersion) {
    return refuse(path, "format version " + format + " is " +
                            (version > kFormatVersion ? "newer than" : "unknown to") +
                            " this build (it reads version " + std::to_string(kFormatVersion) +
                            ")");
  }

  auto revision = read_revision(*out->db, out->meta, kRevisionKey, path);
  if (!revision) return revision.error();
  auto compacted = read_revision(*out->db, out->meta, kCompactedKey, path);
  if (!compacted) return compacted.error();
  out->revision = *revision;
  out->compacted = *compacted;
  if (out->compacted > out->revision) {
    return refuse(path, "compacted revision is ahead of the last revision (corrupt?)");
  }
  return out;
}

}  // namespace kapi::storage::rocks
