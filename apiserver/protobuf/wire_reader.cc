#include "apiserver/protobuf/wire_reader.h"

#include <string>

#include "apiserver/protobuf/decode_error.h"

namespace kapi::apiserver::protobuf {
namespace {

constexpr uint32_t kMaxFieldNumber = (1u << 29) - 1;

}  // namespace

const char* wire_type_name(WireType type) {
  switch (type) {
    case WireType::kVarint: return "varint";
    case WireType::kFixed64: return "fixed64";
    case WireType::kLengthDelimited: return "length-delimited";
    case WireType::kFixed32: return "fixed32";
  }
  return "unknown";
}

uint64_t WireReader::read_varint() {
  uint64_t result = 0;
  // At most 10 bytes carry 64 bits; the 10th may only hold the top bit.
  for (int i = 0; i < 10; ++i) {
    if (rest_.empty()) throw DecodeError("truncated varint");
    const auto byte = static_cast<uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    if (i == 9 && byte > 1) throw DecodeError("varint longer than 64 bits");
    result |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) return result;
  }
  throw DecodeError("varint longer than 64 bits");
}

uint64_t WireReader::read_fixed64() {
  if (rest_.size() < 8) throw DecodeError("truncated fixed64");
  uint64_t result = 0;
  for (int i = 0; i < 8; ++i) result |= static_cast<uint64_t>(static_cast<uint8_t>(rest_[i])) << (8 * i);
  rest_.remove_prefix(8);
  return result;
}

uint32_t WireReader::read_fixed32() {
  if (rest_.size() < 4) throw DecodeError("truncated fixed32");
  uint32_t result = 0;
  for (int i = 0; i < 4; ++i) result |= static_cast<uint32_t>(static_cast<uint8_t>(rest_[i])) << (8 * i);
  rest_.remove_prefix(4);
  return result;
}

WireField WireReader::next_field() {
  const uint64_t tag = read_varint();
  const uint64_t number = tag >> 3;
  if (number == 0 || number > kMaxFieldNumber) throw DecodeError("invalid field number " + std::to_string(number));
  WireField field;
  field.number = static_cast<uint32_t>(number);
  switch (tag & 7) {
    case 0:
      field.type = WireType::kVarint;
      field.value = read_varint();
      break;
    case 1:
      field.type = WireType::kFixed64;
      field.value = read_fixed64();
      break;
    case 2: {
      field.type = WireType::kLengthDelimited;
      const uint64_t length = read_varint();
      if (length > rest_.size()) {
        throw DecodeError("field " + std::to_string(number) + ": length " + std::to_string(length) +
                          " runs past the end of the message");
      }
      field.bytes = rest_.substr(0, length);
      rest_.remove_prefix(length);
      break;
    }
    case 5:
      field.type = WireType::kFixed32;
      field.value = read_fixed32();
      break;
    default:
      throw DecodeError("field " + std::to_string(number) + ": unsupported wire type " + std::to_string(tag & 7));
  }
  return field;
}

}  // namespace kapi::apiserver::protobuf
