// The CSV reader follows Go's encoding/csv, which upstream uses for the token file.
#include <gtest/gtest.h>

#include "apiserver/authn/csv_reader.h"

namespace kapi::apiserver::authn {
namespace {

std::vector<CsvRecord> read_ok(std::string_view text) {
  auto read = read_csv(text);
  if (auto* error = std::get_if<std::string>(&read)) {
    ADD_FAILURE() << *error;
    return {};
  }
  return std::get<std::vector<CsvRecord>>(read);
}

std::string read_error(std::string_view text) {
  auto read = read_csv(text);
  if (auto* error = std::get_if<std::string>(&read)) return *error;
  ADD_FAILURE() << "no error for: " << text;
  return "";
}

using Fields = std::vector<std::string>;

TEST(CsvReader, PlainRecordsKeepSpacesAndSkipBlankLines) {
  auto records = read_ok("a,b,c\n\n d , e ,f\r\n\r\nlast");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ(records[0].line, 1);
  EXPECT_EQ(records[1].fields, (Fields{" d ", " e ", "f"}));
  EXPECT_EQ(records[1].line, 3);
  EXPECT_EQ(records[2].fields, (Fields{"last"}));
  EXPECT_EQ(records[2].line, 5);
}

TEST(CsvReader, QuotedFieldsHoldCommasQuotesAndNewlines) {
  auto records = read_ok("t,\"u,1\",\"say \"\"hi\"\"\",\"a\nb\"\nnext,x\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields, (Fields{"t", "u,1", "say \"hi\"", "a\nb"}));
  EXPECT_EQ(records[1].fields, (Fields{"next", "x"}));
  EXPECT_EQ(records[1].line, 3);
}

TEST(CsvReader, EmptyFields) {
  EXPECT_EQ(read_ok(",,")[0].fields, (Fields{"", "", ""}));
  EXPECT_EQ(read_ok("a,\"\"")[0].fields, (Fields{"a", ""}));
  EXPECT_TRUE(read_ok("").empty());
  EXPECT_TRUE(read_ok("\n\n").empty());
}

TEST(CsvReader, ErrorsNameLineAndColumnLikeGo) {
  EXPECT_EQ(read_error("ok,1,2\nab\"c,d"), "parse error on line 2, column 3: bare \" in non-quoted-field");
  EXPECT_EQ(read_error("\"abc\"x,1"), "parse error on line 1, column 6: extraneous or missing \" in quoted-field");
  EXPECT_EQ(read_error("a,\"open\nstill open"),
            "record on line 1; parse error on line 2, column 11: extraneous or missing \" in quoted-field");
}

}  // namespace
}  // namespace kapi::apiserver::authn
