// The wire reader: tags, varints (up to 64 bits), lengths, and refusal of bytes past the end.
#include "apiserver/protobuf/wire_reader.h"

#include <gtest/gtest.h>

#include "apiserver/protobuf/decode_error.h"
#include "proto_writer.h"

namespace kapi::apiserver::protobuf {
namespace {

using testing::ProtoWriter;

TEST(WireReader, ReadsEachWireType) {
  ProtoWriter w;
  w.varint(1, 150).bytes(2, "demo").fixed64(3, 0x0102030405060708ULL).integer(4, -1);
  WireReader r(w.str());
  WireField f = r.next_field();
  EXPECT_EQ(f.number, 1u);
  EXPECT_EQ(f.type, WireType::kVarint);
  EXPECT_EQ(f.value, 150u);
  f = r.next_field();
  EXPECT_EQ(f.number, 2u);
  EXPECT_EQ(f.type, WireType::kLengthDelimited);
  EXPECT_EQ(f.bytes, "demo");
  f = r.next_field();
  EXPECT_EQ(f.type, WireType::kFixed64);
  EXPECT_EQ(f.value, 0x0102030405060708ULL);
  f = r.next_field();
  EXPECT_EQ(f.value, ~0ULL);  // -1 as ten bytes of two's complement
  EXPECT_TRUE(r.done());
}

TEST(WireReader, KnownBytesFromTheSpec) {
  // 08 96 01: field 1, varint 150 (the protobuf documentation's example).
  const std::string message("\x08\x96\x01", 3);  // outlives the reader's view of it
  WireReader r(message);
  WireField f = r.next_field();
  EXPECT_EQ(f.number, 1u);
  EXPECT_EQ(f.value, 150u);
}

TEST(WireReader, RejectsTruncatedAndMalformedInput) {
  EXPECT_THROW(WireReader(std::string("\x08", 1)).next_field(), DecodeError);          // value missing
  EXPECT_THROW(WireReader(std::string("\x08\x96", 2)).next_field(), DecodeError);      // varint cut
  EXPECT_THROW(WireReader(std::string("\x12\x05" "abc", 5)).next_field(), DecodeError);  // length past end
  EXPECT_THROW(WireReader(std::string("\x09\x01\x02", 3)).next_field(), DecodeError);  // fixed64 cut
  EXPECT_THROW(WireReader(std::string("\x0b", 1)).next_field(), DecodeError);          // group start
  EXPECT_THROW(WireReader(std::string("\x00\x01", 2)).next_field(), DecodeError);      // field 0
  std::string eleven(10, '\xff');
  eleven += '\x01';
  EXPECT_THROW(WireReader("\x08" + eleven).next_field(), DecodeError);  // more than 64 bits
}

TEST(WireReader, HugeLengthDoesNotOverflow) {
  // A length near 2^64 must be refused, not wrapped around.
  std::string body = "\x12";
  body += std::string(9, '\xff');
  body += '\x01';
  EXPECT_THROW(WireReader(body).next_field(), DecodeError);
}

}  // namespace
}  // namespace kapi::apiserver::protobuf
