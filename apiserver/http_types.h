// Requests and responses as the API handlers see them: plain structs, no Beast, so handlers are
// tested without a socket and Beast's templates stay in http_server.cc alone.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "apiserver/authn/user_info.h"

namespace kapi::apiserver {

struct Request {
  std::string method;                             // "GET"
  std::string target;                             // as sent: "/api/v1/pods?watch=true"
  std::string path;                               // percent-decoded path without the query
  std::map<std::string, std::string> query;       // first value of each parameter
  std::map<std::string, std::string> headers;     // lower-case names
  std::string body;
  std::optional<authn::UserInfo> tls_user;        // from a verified client certificate

  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  std::string param(const std::string& name) const {
    auto it = query.find(name);
    return it == query.end() ? std::string() : it->second;
  }
  bool has_param(const std::string& name) const { return query.count(name) > 0; }
};

// A long-lived response body (watch): bytes pulled as they become ready.
class StreamBody {
 public:
  virtual ~StreamBody() {
    if (on_close_) on_close_();
  }
  // Runs once when the stream is gone (served to its end or abandoned by the client): how long
  // requests are counted when they end, as upstream counts a watch.
  void set_on_close(std::function<void()> on_close) { on_close_ = std::move(on_close); }
  // Appends every whole frame ready now to `out`; false when none was. Never blocks. The server
  // sends them as one chunk, so a reader that fell behind gets its backlog in one write.
  virtual bool append_ready(std::string& out) = 0;
  // After an append_ready() that returned true: whether more may be ready that no notify will
  // announce (it took part of a backlog, or the stream ended), so the server asks again once
  // the chunk is written. A body that cannot tell says true.
  virtual bool more_ready() { return true; }
  // `notify` runs (on any thread) when append_ready() may have more; keep it short.
  virtual void set_notify(std::function<void()> notify) = 0;
  // True once no chunk will come any more.
  virtual bool finished() = 0;
  // When the stream must end (timeoutSeconds), if ever.
  virtual std::optional<std::chrono::steady_clock::time_point> deadline() const = 0;
  // Called every few seconds while idle: a chance to emit a bookmark.
  virtual void tick() = 0;
  virtual void cancel() = 0;

 private:
  std::function<void()> on_close_;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::shared_ptr<StreamBody> stream;             // set for watches: body is ignored
};

using Handler = std::function<Response(Request&)>;

// Takes the answer to a request, once, from any thread.
using Respond = std::function<void(Response)>;
// Answers what it can without blocking: returns true and calls `respond` once, now or later
// from another thread (a create answers from its commit, after the fsync, with no thread
// parked meanwhile), having taken from `req` what it needs; or returns false, leaving `req` as
// it was and `respond` uncalled, when answering could block: the Handler answers then. Runs on
// a network thread.
using AsyncHandler = std::function<bool(Request& req, const Respond& respond)>;

// Splits "a=b&c=%20d" into decoded parameters (first value wins); '+' is a space, as Go's
// url.ParseQuery.
std::map<std::string, std::string> parse_query(std::string_view query);
std::string percent_decode(std::string_view text);

}  // namespace kapi::apiserver
