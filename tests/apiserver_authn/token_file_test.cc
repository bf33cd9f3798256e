// Loading the token CSV and authenticating bearer tokens against it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "apiserver/authn/token_file.h"

namespace kapi::apiserver::authn {
namespace {

using Groups = std::vector<std::string>;

TokenFile parse_ok(std::string_view text) {
  auto parsed = TokenFile::parse(text, "tokens.csv");
  if (auto* error = std::get_if<std::string>(&parsed)) {
    ADD_FAILURE() << *error;
    return std::get<TokenFile>(TokenFile::parse("", "empty"));
  }
  return std::get<TokenFile>(parsed);
}

TEST(TokenFile, AuthenticatesKnownTokensWithGroups) {
  auto file = parse_ok("s3cret,alice,uid-1,\"dev,ops\"\nother,bob,uid-2\n");
  EXPECT_EQ(file.size(), 2u);

  auto alice = file.authenticate("s3cret");
  ASSERT_TRUE(alice);
  EXPECT_EQ(alice->name, "alice");
  EXPECT_EQ(alice->uid, "uid-1");
  EXPECT_EQ(alice->groups, (Groups{"dev", "ops", "system:authenticated"}));

  auto bob = file.authenticate("other");
  ASSERT_TRUE(bob);
  EXPECT_EQ(bob->name, "bob");
  EXPECT_EQ(bob->groups, (Groups{"system:authenticated"}));
}

TEST(TokenFile, RejectsUnknownPrefixedAndEmptyTokens) {
  auto file = parse_ok("s3cret,alice,uid-1\n");
  EXPECT_FALSE(file.authenticate("s3cre"));
  EXPECT_FALSE(file.authenticate("s3cret "));
  EXPECT_FALSE(file.authenticate("S3CRET"));
  EXPECT_FALSE(file.authenticate(""));
}

TEST(TokenFile, SpacesAreSignificantAsInGoCsv) {
  auto file = parse_ok(" padded ,carol,uid-3\n");
  EXPECT_FALSE(file.authenticate("padded"));
  EXPECT_TRUE(file.authenticate(" padded "));
}

TEST(TokenFile, EmptyTokensAreSkippedAndLastDuplicateWins) {
  auto file = parse_ok(",nobody,uid-0\ndup,first,1\ndup,second,2\n");
  EXPECT_EQ(file.size(), 1u);
  auto user = file.authenticate("dup");
  ASSERT_TRUE(user);
  EXPECT_EQ(user->name, "second");
}

TEST(TokenFile, ExtraColumnsAreIgnoredAndGroupAlreadyPresentIsNotRepeated) {
  auto file = parse_ok("t,u,1,\"system:authenticated,a\",extra,columns\n");
  auto user = file.authenticate("t");
  ASSERT_TRUE(user);
  EXPECT_EQ(user->groups, (Groups{"system:authenticated", "a"}));
}

TEST(TokenFile, TooFewColumnsNamesTheLine) {
  auto parsed = TokenFile::parse("a,b,c\n\n# a comment is just a record\n", "/etc/tokens.csv");
  ASSERT_TRUE(std::holds_alternative<std::string>(parsed));
  EXPECT_EQ(std::get<std::string>(parsed),
            "token file '/etc/tokens.csv' must have at least 3 columns (token, user name, user "
            "uid), found 1 on line 3");
}

TEST(TokenFile, CsvSyntaxErrorsNameTheFile) {
  auto parsed = TokenFile::parse("tok\"en,u,1\n", "t.csv");
  ASSERT_TRUE(std::holds_alternative<std::string>(parsed));
  EXPECT_EQ(std::get<std::string>(parsed),
            "token file 't.csv': parse error on line 1, column 4: bare \" in non-quoted-field");
}

TEST(TokenFile, LoadReadsAFileAndReportsMissingOnes) {
  auto dir = std::filesystem::temp_directory_path() / ("kapi-authn-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = (dir / "tokens.csv").string();
  std::ofstream(path) << "abc,admin,0,system:masters\n";

  auto loaded = TokenFile::load(path);
  ASSERT_TRUE(std::holds_alternative<TokenFile>(loaded)) << std::get<std::string>(loaded);
  auto user = std::get<TokenFile>(loaded).authenticate("abc");
  ASSERT_TRUE(user);
  EXPECT_EQ(user->groups, (Groups{"system:masters", "system:authenticated"}));

  auto missing = TokenFile::load((dir / "absent.csv").string());
  ASSERT_TRUE(std::holds_alternative<std::string>(missing));
  EXPECT_NE(std::get<std::string>(missing).find("absent.csv"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kapi::apiserver::authn
