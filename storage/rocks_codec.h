// Byte layouts of the RocksDB backend (see README.md, "On-disk format").
//
//   column family "log":     8-byte big-endian revision -> event record
//   column family "current": user key -> [create rev: 8][mod rev: 8][value bytes]
//   column family "meta":    "format" -> decimal format version
//                            "revision" -> 8-byte last committed revision
//                            "compacted" -> 8-byte compacted revision
//
// Event record: [kind: 1][key length: 4][key][create rev: 8][value length: 4][value]
//               [has prev: 1]([prev create rev: 8][prev mod rev: 8][prev length: 4][prev value])
// kind 0 = put, 1 = delete with its own tombstone value, 2 = delete whose value is the prev
// value (not stored twice). Integers are big-endian, so log keys sort in revision order and a
// range scan reads events in the order they were committed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "storage/store.h"

namespace kapi::storage::rocks {

std::string encode_revision(Revision revision);
// nullopt unless exactly 8 bytes.
std::optional<Revision> decode_revision(std::string_view bytes);

std::string encode_current(const KeyValue& kv);
// The key is given (it is the RocksDB key); nullopt if the record is malformed.
std::optional<KeyValue> decode_current(std::string_view key, std::string_view record);

std::string encode_event(const Event& event);
// The revision is the log key. nullopt if the record is malformed.
std::optional<Event> decode_event(Revision revision, std::string_view record);
// The event's key without decoding the rest (to filter a scan by prefix cheaply).
std::optional<std::string_view> peek_event_key(std::string_view record);

}  // namespace kapi::storage::rocks
