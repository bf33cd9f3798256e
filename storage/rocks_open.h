// Opening a RocksDB data directory: a fresh one is initialised with the current format; an
// existing one must carry a format record this build knows. Anything else is refused with a
// message saying why, never silently reset.
#pragma once

#include <memory>
#include <string>

#include <rocksdb/db.h>

#include "storage/store.h"

namespace kapi::storage::rocks {

// The on-disk format this build reads and writes. Bump it on any incompatible layout change.
inline constexpr int kFormatVersion = 1;

// Keys of the "meta" column family.
inline constexpr const char* kFormatKey = "format";
inline constexpr const char* kRevisionKey = "revision";
inline constexpr const char* kCompactedKey = "compacted";

// An open database and its column families (see rocks_codec.h). Closes on destruction.
struct OpenDb {
  std::unique_ptr<rocksdb::DB> db;
  rocksdb::ColumnFamilyHandle* meta = nullptr;
  rocksdb::ColumnFamilyHandle* current = nullptr;
  rocksdb::ColumnFamilyHandle* log = nullptr;
  Revision revision = 0;   // last committed revision
  Revision compacted = 0;  // compacted revision

  OpenDb() = default;
  OpenDb(const OpenDb&) = delete;
  OpenDb& operator=(const OpenDb&) = delete;
  ~OpenDb();
};

Result<std::unique_ptr<OpenDb>> open_db(const std::string& path);

}  // namespace kapi::storage::rocks
