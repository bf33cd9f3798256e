// Static bearer tokens from upstream's --token-auth-file CSV:
//   token,user,uid[,"group1,group2"]
// At least three columns per record; more than four are ignored. Blank lines are skipped, a
// record with an empty token is skipped, a repeated token keeps its last record (all as
// upstream). There are no comment lines and spaces are significant.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "apiserver/authn/user_info.h"

namespace kapi::apiserver::authn {

class TokenFile {
 public:
  // The error names the file and the line.
  static std::variant<TokenFile, std::string> load(const std::string& path);
  // Same rules over text already in memory (`source` names it in errors).
  static std::variant<TokenFile, std::string> parse(std::string_view content,
                                                    const std::string& source);

  // The user the token belongs to, with kAuthenticatedGroup added. Every entry is compared, in
  // time independent of where (or whether) the token matches.
  std::optional<UserInfo> authenticate(std::string_view bearer_token) const;

  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::array<unsigned char, 32> token_digest;  // SHA-256: fixed length for constant-time compare
    UserInfo user;
  };
  std::vector<Entry> entries_;
};

}  // namespace kapi::apiserver::authn
