// base64, UTF-8 checking and RFC 3339 timestamps as Go writes them in JSON.
#include "apiserver/protobuf/text_encodings.h"

#include <gtest/gtest.h>

#include "apiserver/protobuf/decode_error.h"

namespace kapi::apiserver::protobuf {
namespace {

TEST(Base64, Rfc4648Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_encode(std::string("\x00\xff\xfe", 3)), "AP/+");
}

TEST(Utf8, AcceptsWellFormedAndRejectsTheRest) {
  EXPECT_TRUE(is_valid_utf8("plain"));
  EXPECT_TRUE(is_valid_utf8("gr\xc3\xbc\xc3\x9f \xe2\x82\xac \xf0\x9f\x98\x80"));
  EXPECT_FALSE(is_valid_utf8("\xff"));
  EXPECT_FALSE(is_valid_utf8("\xc3"));              // cut
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
}

TEST(Rfc3339, SecondsForTimeMicrosForMicroTime) {
  EXPECT_EQ(format_rfc3339(0, 0, false), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(1704207845, 999999999, false), "2024-01-02T15:04:05Z");  // Time drops fractions
  EXPECT_EQ(format_rfc3339(1704207845, 123456789, true), "2024-01-02T15:04:05.123456Z");
  EXPECT_EQ(format_rfc3339(-1, 0, false), "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_rfc3339(-62135596800, 0, false), "0001-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(253402300799, 0, false), "9999-12-31T23:59:59Z");
  EXPECT_THROW(format_rfc3339(253402300800, 0, false), DecodeError);
  EXPECT_THROW(format_rfc3339(-62135596801, 0, false), DecodeError);
  EXPECT_THROW(format_rfc3339(0, -1, true), DecodeError);
}

}  // namespace
}  // namespace kapi::apiserver::protobuf
