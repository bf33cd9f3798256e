#include "client/http_client.h"

#include <atomic>

#include "registry/object_meta.h"

namespace kapi::client {

namespace {

// Query parameters in the order given, skipping empty values.
class Query {
 public:
  Query& add(const char* name, const std::string& value) {
    if (value.empty()) return *this;
    text_ += text_.empty() ? '?' : '&';
    text_ += name;
    text_ += '=';
    text_ += query_escape(value);
    return *this;
  }
  const std::string& str() const { return text_; }

 private:
  std::string text_;
};

const char* reason_for(int status) {
  switch (status) {
    case 400: return "BadRequest";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "NotFound";
    case 405: return "MethodNotAllowed";
    case 409: return "Conflict";
    case 410: return "Expired";
    case 415: return "UnsupportedMediaType";
    case 422: return "Invalid";
    case 429: return "TooManyRequests";
    case 503: return "ServiceUnavailable";
    case 504: return "Timeout";
    default: return status >= 500 ? "InternalError" : "Unknown";
  }
}

const char* content_type_of(PatchType type) {
  switch (type) {
    case PatchType::kJson: return "application/json-patch+json";
    case PatchType::kMerge: return "application/merge-patch+json";
    case PatchType::kStrategicMerge: return "application/strategic-merge-patch+json";
  }
  return "application/merge-patch+json";
}

// Newline-delimited watch events off a streamed response.
class HttpWatcher : public Watcher {
 public:
  explicit HttpWatcher(ResponseStreamPtr stream) : stream_(std::move(stream)) {}

  std::optional<WatchEvent> next() override {
    while (!stopped_.load()) {
      auto newline = pending_.find('\n');
      if (newline == std::string::npos) {
        auto bytes = stream_->read();
        if (!bytes) return std::nullopt;
        pending_ += *bytes;
        continue;
      }
      std::string line = pending_.substr(0, newline);
      pending_.erase(0, newline + 1);
      if (line.find_first_not_of(" \r\t") == std::string::npos) continue;
      json frame = json::parse(line, nullptr, false);
      if (!frame.is_object() || !frame.contains("type") || !frame["type"].is_string()) {
        // A line that is not an event: end this watch as broken; the caller re-watches.
        return WatchEvent{WatchEvent::Type::kError,
                          registry::internal_error("malformed watch event: " + line.substr(0, 200)).to_status()};
      }
      return WatchEvent{watch_event_type(frame["type"].get<std::string>()), frame.value("object", json())};
    }
    return std::nullopt;
  }

  void stop() override {
    stopped_ = true;
    stream_->cancel();
  }

 private:
  ResponseStreamPtr stream_;
  std::string pending_;  // bytes read but not yet a whole line
  std::atomic<bool> stopped_{false};
};

}  // namespace

std::string query_escape(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += char(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string resource_path(const Resource& r, const std::string& ns, const std::string& name,
                          const std::string& subresource) {
  std::string path = r.group.empty() ? "/api/" + r.version : "/apis/" + r.group + "/" + r.version;
  if (!ns.empty()) path += "/namespaces/" + query_escape(ns);
  path += "/" + r.plural;
  if (!name.empty()) path += "/" + query_escape(name);
  if (!subresource.empty()) path += "/" + subresource;
  return path;
}

ApiError error_from_response(int status, const std::string& body) {
  json parsed = json::parse(body, nullptr, false);
  if (parsed.is_object() && parsed.value("kind", "") == "Status") {
    ApiError error;
    error.code = parsed.contains("code") && parsed["code"].is_number_integer() ? parsed["code"].get<int>() : status;
    error.reason = parsed.value("reason", reason_for(status));
    error.message = parsed.value("message", "");
    if (parsed.contains("details")) error.details = parsed["details"];
    return error;
  }
  std::string message = body.empty() ? "the server responded with status " + std::to_string(status) : body;
  return ApiError{status, reason_for(status), message, nullptr};
}

std::variant<ClientPtr, std::string> HttpClient::from_kubeconfig(const KubeConfig& config,
                                                                               HttpClientOptions options) {
  TlsSettings tls{config.ca_pem, config.insecure_skip_tls_verify, config.client_cert_pem, config.client_key_pem};
  auto transport = HttpTransport::create(config.server, tls);
  if (transport.index() == 1) return std::get<1>(transport);
  return ClientPtr(std::make_shared<HttpClient>(std::move(std::get<0>(transport)), config.token, std::move(options)));
}

HttpClient::HttpClient(std::unique_ptr<HttpTransport> transport, std::string token, HttpClientOptions options)
    : transport_(std::move(transport)), token_(std::move(token)), options_(std::move(options)) {}

HttpRequest HttpClient::request(std::string method, std::string target, std::string body,
                                std::string content_type) const {
  HttpRequest req{std::move(method), std::move(target), {}, std::move(body)};
  req.headers.emplace_back("Accept", "application/json");
  req.headers.emplace_back("User-Agent", options_.user_agent);
  if (!token_.empty()) req.headers.emplace_back("Authorization", "Bearer " + token_);
  if (!content_type.empty()) req.headers.emplace_back("Content-Type", std::move(content_type));
  return req;
}

ApiResult<json> HttpClient::call(const HttpRequest& req) {
  auto answered = transport_->round_trip(req);
  if (answered.index() == 1) return registry::service_unavailable(std::get<1>(answered));
  const HttpResponse& resp = std::get<0>(answered);
  if (resp.status / 100 != 2) return error_from_response(resp.status, resp.body);
  json body = json::parse(resp.body, nullptr, false);
  if (body.is_discarded())
    return registry::internal_error("the server sent a body that is not JSON (" + resp.content_type + ")");
  return body;
}

ApiResult<json> HttpClient::get(const Resource& r, const std::string& ns, const std::string& name) {
  return call(request("GET", resource_path(r, ns, name)));
}

ApiResult<ObjectList> HttpClient::list(const Resource& r, const std::string& ns, const ListOptions& options) {
  Query q;
  q.add("labelSelector", options.label_selector)
      .add("fieldSelector", options.field_selector)
      .add("limit", options.limit > 0 ? std::to_string(options.limit) : "")
      .add("continue", options.continue_token)
      .add("resourceVersion", options.resource_version)
      .add("resourceVersionMatch", options.resource_version_match);
  auto body = call(request("GET", resource_path(r, ns) + q.str()));
  if (!body.ok()) return body.error();
  ObjectList out;
  json& list = body.value();
  if (list.contains("items") && list["items"].is_array()) {
    for (auto& item : list["items"]) {
      // List items carry no kind/apiVersion of their own on the wire; restore them so objects
      // look the same as from get() (and from the in-process client).
      if (item.is_object() && !item.contains("kind") && list.contains("kind") && list["kind"].is_string()) {
        std::string kind = list["kind"];
        if (kind.size() > 4 && kind.ends_with("List")) item["kind"] = kind.substr(0, kind.size() - 4);
        if (list.contains("apiVersion")) item["apiVersion"] = list["apiVersion"];
      }
      out.items.push_back(std::move(item));
    }
  }
  const json meta = list.value("metadata", json::object());
  out.resource_version = meta.value("resourceVersion", "");
  out.continue_token = meta.value("continue", "");
  if (meta.contains("remainingItemCount") && meta["remainingItemCount"].is_number_integer())
    out.remaining = meta["remainingItemCount"].get<int64_t>();
  return out;
}

ApiResult<json> HttpClient::create(const Resource& r, const std::string& ns, const json& obj,
                                   const WriteOptions& options) {
  std::string target_ns = ns.empty() ? registry::meta_string(obj, "namespace") : ns;
  Query q;
  q.add("dryRun", options.dry_run ? "All" : "");
  std::string path = options.subresource.empty()
                         ? resource_path(r, target_ns)
                         : resource_path(r, target_ns, registry::meta_string(obj, "name"), options.subresource);
  return call(request("POST", path + q.str(), obj.dump(), "application/json"));
}

ApiResult<json> HttpClient::put(const Resource& r, const std::string& ns, const json& obj, bool dry_run,
                                const std::string& subresource) {
  std::string target_ns = ns.empty() ? registry::meta_string(obj, "namespace") : ns;
  Query q;
  q.add("dryRun", dry_run ? "All" : "");
  std::string path = resource_path(r, target_ns, registry::meta_string(obj, "name"), subresource);
  return call(request("PUT", path + q.str(), obj.dump(), "application/json"));
}

ApiResult<json> HttpClient::update(const Resource& r, const std::string& ns, const json& obj,
                                   const WriteOptions& options) {
  return put(r, ns, obj, options.dry_run, options.subresource);
}

ApiResult<json> HttpClient::update_status(const Resource& r, const std::string& ns, const json& obj,
                                          const WriteOptions& options) {
  return put(r, ns, obj, options.dry_run, "status");
}

ApiResult<json> HttpClient::patch(const Resource& r, const std::string& ns, const std::string& name,
                                  PatchType type, std::string_view body, const PatchOptions& options) {
  Query q;
  q.add("dryRun", options.dry_run ? "All" : "");
  return call(request("PATCH", resource_path(r, ns, name, options.subresource) + q.str(), std::string(body),
                      content_type_of(type)));
}

ApiResult<json> HttpClient::remove(const Resource& r, const std::string& ns, const std::string& name,
                                   const DeleteOptions& options) {
  json body = {{"kind", "DeleteOptions"}, {"apiVersion", "v1"}};
  if (options.dry_run) body["dryRun"] = json::array({"All"});
  if (options.grace_period_seconds) body["gracePeriodSeconds"] = *options.grace_period_seconds;
  if (!options.propagation_policy.empty()) body["propagationPolicy"] = options.propagation_policy;
  if (options.precondition_uid) body["preconditions"]["uid"] = *options.precondition_uid;
  if (options.precondition_resource_version)
    body["preconditions"]["resourceVersion"] = *options.precondition_resource_version;
  return call(request("DELETE", resource_path(r, ns, name), body.dump(), "application/json"));
}

ApiResult<WatcherPtr> HttpClient::watch(const Resource& r, const std::string& ns, const WatchOptions& options) {
  Query q;
  q.add("watch", "true")
      .add("resourceVersion", options.resource_version)
      .add("allowWatchBookmarks", options.allow_bookmarks ? "true" : "")
      .add("labelSelector", options.label_selector)
      .add("fieldSelector", options.field_selector);
  auto opened = transport_->open_stream(request("GET", resource_path(r, ns) + q.str()));
  if (opened.index() == 1) return registry::service_unavailable(std::get<1>(opened));
  auto& stream = std::get<0>(opened);
  if (!stream.stream) return error_from_response(stream.head.status, stream.head.body);
  return WatcherPtr(std::make_unique<HttpWatcher>(std::move(stream.stream)));
}

}  // namespace kapi::client
