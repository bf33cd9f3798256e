#include "apiserver/authn/token_file.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "apiserver/authn/csv_reader.h"

namespace kapi::apiserver::authn {
namespace {

std::array<unsigned char, 32> digest(std::string_view token) {
  std::array<unsigned char, 32> out{};
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), out.data());
  return out;
}

std::vector<std::string> split_groups(std::string_view column) {
  std::vector<std::string> groups;
  while (true) {
    auto comma = column.find(',');
    auto group = column.substr(0, comma);
    if (!group.empty()) groups.emplace_back(group);  // upstream would keep "", which no rule names
    if (comma == std::string_view::npos) return groups;
    column.remove_prefix(comma + 1);
  }
}

}  // namespace

std::variant<TokenFile, std::string> TokenFile::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "open " + path + ": " + std::strerror(errno);
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return "read " + path + ": " + std::strerror(errno);
  return parse(content.str(), path);
}

std::variant<TokenFile, std::string> TokenFile::parse(std::string_view content,
                                                      const std::string& source) {
  auto read = read_csv(content);
  if (auto* error = std::get_if<std::string>(&read)) {
    return "token file '" + source + "': " + *error;
  }
  TokenFile file;
  for (auto& record : std::get<std::vector<CsvRecord>>(read)) {
    auto& fields = record.fields;
    if (fields.size() < 3) {
      return "token file '" + source +
             "' must have at least 3 columns (token, user name, user uid), found " +
             std::to_string(fields.size()) + " on line " + std::to_string(record.line);
    }
    if (fields[0].empty()) continue;
    Entry entry{digest(fields[0]), UserInfo{fields[1], fields[2], {}}};
    if (fields.size() >= 4) entry.user.groups = split_groups(fields[3]);
    auto same_token = std::find_if(file.entries_.begin(), file.entries_.end(), [&](const Entry& e) {
      return e.token_digest == entry.token_digest;
    });
    if (same_token != file.entries_.end()) {
      *same_token = std::move(entry);
    } else {
      file.entries_.push_back(std::move(entry));
    }
  }
  return file;
}

std::optional<UserInfo> TokenFile::authenticate(std::string_view bearer_token) const {
  if (bearer_token.empty()) return std::nullopt;
  const auto presented = digest(bearer_token);
  const Entry* match = nullptr;
  for (const auto& entry : entries_) {
    // No early exit: the time taken does not tell which entry, if any, matched.
    bool equal = CRYPTO_memcmp(entry.token_digest.data(), presented.data(), presented.size()) == 0;
    match = equal ? &entry : match;
  }
  if (match == nullptr) return std::nullopt;
  UserInfo user = match->user;
  if (std::find(user.groups.begin(), user.groups.end(), kAuthenticatedGroup) == user.groups.end()) {
    user.groups.emplace_back(kAuthenticatedGroup);
  }
  return user;
}

}  // namespace kapi::apiserver::authn
