// The token of an `Authorization: Bearer <token>` header, parsed as upstream's bearertoken
// authenticator does.
#pragma once

#include <optional>
#include <string_view>

namespace kapi::apiserver::authn {

// The header is trimmed and split on single spaces; the scheme is case-insensitive and the token
// is the second part (a non-empty one). Returns a view into `authorization_header`; nullopt when
// the header is not a bearer token.
std::optional<std::string_view> bearer_token(std::string_view authorization_header);

}  // namespace kapi::apiserver::authn
