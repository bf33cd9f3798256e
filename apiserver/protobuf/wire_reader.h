// Reads the protobuf wire format: a sequence of (tag, value) fields, the tag being
// field_number << 3 | wire_type, varints little-endian base 128.
//
//   0a 04 64 65 6d 6f   field 1, length-delimited, 4 bytes "demo"
//   10 96 01            field 2, varint 150
//
// Only the wire types Kubernetes uses exist here; groups (3, 4) are rejected as malformed.
#pragma once

#include <cstdint>
#include <string_view>

namespace kapi::apiserver::protobuf {

enum class WireType : uint8_t {
  kVarint = 0,
  kFixed64 = 1,
  kLengthDelimited = 2,
  kFixed32 = 5,
};

const char* wire_type_name(WireType type);

struct WireField {
  uint32_t number = 0;
  WireType type = WireType::kVarint;
  uint64_t value = 0;      // kVarint, and the raw bits of kFixed64 / kFixed32
  std::string_view bytes;  // kLengthDelimited: a view into the reader's input
};

// A cursor over one message. Every read throws DecodeError on truncated or malformed input, so
// no read goes past the end of the input.
class WireReader {
 public:
  explicit WireReader(std::string_view message) : rest_(message) {}

  bool done() const { return rest_.empty(); }
  WireField next_field();
  // One varint, for packed repeated fields (a length-delimited run of varints).
  uint64_t read_varint();
  // Eight little-endian bytes, for packed repeated doubles.
  uint64_t read_fixed64();

 private:
  uint32_t read_fixed32();
  std::string_view rest_;
};

}  // namespace kapi::apiserver::protobuf
