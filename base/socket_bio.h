// An OpenSSL BIO on a connected socket: every connection of the HTTPS server (non-blocking) and
// of client/'s HttpTransport (blocking) runs its TLS through one, SSL_read and SSL_write directly
// on the socket.
#pragma once

#include <openssl/types.h>

namespace kapi::base {

// A BIO that reads with recv(2) and writes with send(2, MSG_NOSIGNAL): OpenSSL's own socket BIO
// writes with write(2), which raises SIGPIPE when the peer has gone, and a library may not
// assume its process ignores that signal. `fd` stays the caller's (never closed here). Would
// block (or a call interrupted by a signal): -1 with the retry flag set, as SSL_get_error expects. Null if OpenSSL cannot allocate.
BIO* new_socket_bio(int fd);

// While `more` is set, writes go with MSG_MORE: the kernel holds a partial segment for the
// records that follow instead of pushing each 16 KiB TLS record as its own segment. The
// caller must clear it before the last record of what it writes, or that data stays queued.
void set_socket_bio_more(BIO* bio, bool more);

}  // namespace kapi::base
