// The user a verified client certificate names, as upstream's CommonNameUserConversion.
#pragma once

#include <openssl/x509.h>

#include "apiserver/authn/user_info.h"

namespace kapi::apiserver::authn {

// Subject CN -> name, each Subject O -> a group, plus kAuthenticatedGroup. The certificate must
// already be verified against the client CA (the TLS handshake does that). A certificate without
// a CN (or a null pointer) gives an empty name, which callers must treat as unauthenticated, as
// upstream does.
UserInfo user_from_certificate(X509* cert);

}  // namespace kapi::apiserver::authn
