// Parsing `Authorization` header values.
#include <gtest/gtest.h>

#include "apiserver/authn/bearer_token.h"

namespace kapi::apiserver::authn {
namespace {

TEST(BearerToken, SchemeIsCaseInsensitive) {
  EXPECT_EQ(bearer_token("Bearer abc"), "abc");
  EXPECT_EQ(bearer_token("bearer abc"), "abc");
  EXPECT_EQ(bearer_token("BEARER abc.def-ghi"), "abc.def-ghi");
}

TEST(BearerToken, SurroundingWhitespaceIsTrimmedAndExtraPartsIgnored) {
  EXPECT_EQ(bearer_token("  Bearer abc \r\n"), "abc");
  EXPECT_EQ(bearer_token("Bearer abc def"), "abc");
}

TEST(BearerToken, OtherSchemesAndEmptyTokensAreNotBearerTokens) {
  EXPECT_EQ(bearer_token(""), std::nullopt);
  EXPECT_EQ(bearer_token("Bearer"), std::nullopt);
  EXPECT_EQ(bearer_token("Bearer "), std::nullopt);
  EXPECT_EQ(bearer_token("Bearer  abc"), std::nullopt) << "two spaces leave an empty second part";
  EXPECT_EQ(bearer_token("Basic dXNlcjpwYXNz"), std::nullopt);
  EXPECT_EQ(bearer_token("Bearerabc"), std::nullopt);
  EXPECT_EQ(bearer_token("Bearer\tabc"), std::nullopt) << "only a space separates the scheme";
}

TEST(BearerToken, ViewPointsIntoTheHeader) {
  std::string header = "Bearer tok";
  auto token = bearer_token(header);
  ASSERT_TRUE(token);
  EXPECT_EQ(token->data(), header.data() + 7);
}

}  // namespace
}  // namespace kapi::apiserver::authn
