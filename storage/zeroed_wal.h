// A RocksDB Env whose write-ahead log files are written over zeros laid down ahead of the
// records. An fdatasync after an append that grows a file must persist the file's new size and
// its newly allocated blocks too (a second device write, before the flush); after a write over
// blocks that already hold data, it writes the data alone. A create's commit ends with one such
// fdatasync. Measured on this 2-vCPU VM (ext4, virtio disk), 6 KB written then fdatasync'd:
// ~270 us and ~80 us of CPU growing the file (with or without fallocate's KEEP_SIZE, which
// RocksDB uses), ~150 us and ~38 us over zeros.
//
// Safe to crash at any point: RocksDB's log reader skips a zero-filled tail (a record of type 0
// and length 0 is its padding of preallocated files), and a log closed normally is cut back to
// its records. Files other than the logs ("*.log") are RocksDB's own.
#pragma once

namespace rocksdb {
class Env;
}

namespace kapi::storage::rocks {

// One Env for the process (RocksDB needs it to outlive every database opened with it).
rocksdb::Env* zeroed_wal_env();

}  // namespace kapi::storage::rocks
