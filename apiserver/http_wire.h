// HTTP/1.1 response heads as the listener writes them, straight into the buffer that goes to
// SSL_write: no Beast message or serializer per answer.
#pragma once

#include <string>

#include "apiserver/http_types.h"

namespace kapi::apiserver {

// Appends `resp` to `out`: status line, Content-Type, Cache-Control, each of resp.headers in
// order (a repeated name, e.g. Warning, is sent each time), Connection: close unless
// `keep_alive`, Content-Length, then the body. 1xx, 204 and 304 answers carry no body and no
// length, as RFC 9110 requires.
void append_response(std::string& out, const Response& resp, bool keep_alive);

// Appends the head of a chunked stream (a watch) that ends the connection when it ends.
void append_stream_head(std::string& out, const Response& resp);

}  // namespace kapi::apiserver
