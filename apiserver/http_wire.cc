#include "apiserver/http_wire.h"

#include <boost/beast/http/status.hpp>
#include <charconv>

namespace kapi::apiserver {

namespace {

void append_status_line(std::string& out, int status) {
  char digits[16];
  const auto end = std::to_chars(digits, digits + sizeof digits, status).ptr;
  out += "HTTP/1.1 ";
  out.append(digits, end);
  out += ' ';
  // Beast's reason phrases, as its serializer wrote them before.
  const auto reason = boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status));
  out.append(reason.data(), reason.size());
  out += "\r\n";
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ": ";
  out += value;
  out += "\r\n";
}

void append_common(std::string& out, const Response& resp) {
  append_status_line(out, resp.status);
  append_field(out, "Content-Type", resp.content_type);
  append_field(out, "Cache-Control", "no-cache, private");
}

}  // namespace

void append_response(std::string& out, const Response& resp, bool keep_alive) {
  const bool bodiless = resp.status < 200 || resp.status == 204 || resp.status == 304;
  out.reserve(out.size() + 256 + resp.body.size());
  append_common(out, resp);
  for (const auto& [name, value] : resp.headers) append_field(out, name, value);
  if (!keep_alive) append_field(out, "Connection", "close");
  if (!bodiless) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, resp.body.size()).ptr;
    append_field(out, "Content-Length", std::string_view(digits, static_cast<size_t>(end - digits)));
  }
  out += "\r\n";
  if (!bodiless) out += resp.body;
}

void append_stream_head(std::string& out, const Response& resp) {
  append_common(out, resp);
  append_field(out, "Transfer-Encoding", "chunked");
  append_field(out, "Connection", "close");
  out += "\r\n";
}

}  // namespace kapi::apiserver
