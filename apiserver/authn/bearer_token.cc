#include "apiserver/authn/bearer_token.h"

#include <cctype>

namespace kapi::apiserver::authn {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<std::string_view> bearer_token(std::string_view authorization_header) {
  std::string_view header = trim(authorization_header);
  auto first_space = header.find(' ');
  if (first_space == std::string_view::npos) return std::nullopt;
  if (!equals_ignore_case(header.substr(0, first_space), "bearer")) return std::nullopt;
  std::string_view rest = header.substr(first_space + 1);
  std::string_view token = rest.substr(0, rest.find(' '));  // "Bearer  x" has an empty token
  if (token.empty()) return std::nullopt;
  return token;
}

}  // namespace kapi::apiserver::authn
