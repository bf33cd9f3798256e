#include "apiserver/api_handler.h"

#include "apiserver/authn/bearer_token.h"
#include "apiserver/negotiation.h"
#include "apiserver/request_info.h"

namespace kapi::apiserver {

using registry::json;

std::vector<openapi::ResourceDescriptor> openapi_descriptors(const registry::Registry& registry) {
  std::vector<openapi::ResourceDescriptor> out;
  for (const auto& store : registry.all()) {
    const auto& info = store->info();
    openapi::ResourceDescriptor d;
    d.group = info.group;
    d.version = info.version;
    d.kind = info.kind;
    d.plural = info.plural;
    d.namespaced = info.namespaced;
    d.verbs = {"get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"};
    for (const auto& sub : info.subresources)
      if (sub == "status" || sub == "scale") d.subresources.push_back(sub);
    out.push_back(std::move(d));
  }
  return out;
}

ApiHandler::ApiHandler(const registry::Registry& registry, std::optional<authn::TokenFile> tokens)
    : registry_(registry),
      tokens_(std::move(tokens)),
      openapi_(openapi_descriptors(registry)),
      resources_(registry),
      metrics_(registry) {}

const Discovery& ApiHandler::discovery_documents() const {
  std::call_once(discovery_built_, [this] { discovery_ = std::make_unique<const Discovery>(registry_); });
  return *discovery_;
}

std::optional<authn::UserInfo> ApiHandler::authenticate(const Request& req) const {
  if (req.tls_user && !req.tls_user->name.empty()) return req.tls_user;
  if (tokens_) {
    if (auto token = authn::bearer_token(req.header("authorization")))
      return tokens_->authenticate(*token);
  }
  return std::nullopt;
}

namespace {
Response text(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(body);
  return r;
}

Response raw_json(const std::string& body, std::string content_type = "application/json") {
  Response r;
  r.body = body;
  r.content_type = std::move(content_type);
  return r;
}

// Counts a request in apiserver_current_inflight_requests while it is being handled.
class InflightRequest {
 public:
  explicit InflightRequest(bool mutating) : gauge_(RequestMetrics::inflight(mutating)) { gauge_.Increment(); }
  ~InflightRequest() { gauge_.Decrement(); }
  InflightRequest(const InflightRequest&) = delete;
  InflightRequest& operator=(const InflightRequest&) = delete;

 private:
  prometheus::Gauge& gauge_;
};

// Paths anyone may read, as upstream's system:public-info-viewer role allows.
bool is_public(const std::string& path) {
  return path == "/healthz" || path == "/livez" || path == "/readyz" || path == "/version" ||
         path.rfind("/healthz/", 0) == 0 || path.rfind("/livez/", 0) == 0 || path.rfind("/readyz/", 0) == 0;
}
}  // namespace

Response ApiHandler::health(const Request& req, const std::string& which) const {
  bool ok = which != "readyz" || ready_;
  if (!req.has_param("verbose"))
    return ok ? text(200, "ok") : text(500, "[-]informer-sync failed: reason withheld\n" + which + " check failed");
  std::string body = "[+]ping ok\n[+]log ok\n[+]etcd ok\n";
  if (which == "readyz") body += ok ? "[+]informer-sync ok\n" : "[-]informer-sync failed: not started\n";
  body += ok ? which + " check passed" : which + " check failed";
  return text(ok ? 200 : 500, body);
}

Response ApiHandler::version() const {
  json v = {{"major", version_.major},
            {"minor", version_.minor},
            {"gitVersion", version_.git_version},
            {"gitCommit", "kapi"},
            {"gitTreeState", "clean"},
            {"buildDate", __DATE__},
            {"goVersion", "n/a"},
            {"compiler", "g++"},
            {"platform", "linux/amd64"}};
  return raw_json(v.dump(2));
}

std::optional<Response> ApiHandler::discovery(const Request& req) const {
  const std::string& path = req.path;
  bool aggregatable = path == "/api" || path == "/apis";
  auto out = negotiate(req.header("accept"), false, aggregatable);
  if (!out) return error_response(registry::not_acceptable("only application/json is served here"));
  if (out->format == OutputFormat::kDiscoveryV2) {
    if (const std::string* doc = discovery_documents().aggregated(path, out->version))
      return raw_json(*doc, "application/json;g=apidiscovery.k8s.io;v=" + out->version +
                                ";as=APIGroupDiscoveryList");
  }
  if (const std::string* doc = discovery_documents().plain(path)) return raw_json(*doc);
  return std::nullopt;
}

std::optional<Response> ApiHandler::openapi(const Request& req) const {
  const std::string& path = req.path;
  if (path == "/openapi/v2") return raw_json(openapi_.v2_json());
  if (path == "/openapi/v3") return raw_json(openapi_.v3_index_json());
  if (path.rfind("/openapi/v3/", 0) == 0)
    if (const std::string* doc = openapi_.v3_json(path.substr(std::string("/openapi/v3/").size())))
      return raw_json(*doc);
  return std::nullopt;
}

namespace {
void trim_trailing_slashes(std::string& path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
}
}  // namespace

bool ApiHandler::handle_async(Request& req, const Respond& respond) const {
  if (req.method != "POST") return false;
  trim_trailing_slashes(req.path);  // as handle() does: `req` stays good for it
  if (is_public(req.path) || !authenticate(req)) return false;
  RequestInfo info = parse_request_info(req.method, req.path, req.query);
  if (!info.is_resource_request) return false;
  // Counted in flight until answered, on whichever thread that happens.
  auto inflight = std::make_shared<InflightRequest>(true);
  return resources_.handle_async(req, info, [inflight, respond](Response resp) mutable {
    inflight.reset();
    respond(std::move(resp));
  });
}

Response ApiHandler::handle(Request& req) const {
  trim_trailing_slashes(req.path);
  const std::string& path = req.path;
  if (!is_public(path) && !authenticate(req)) return error_response(registry::unauthorized());
  InflightRequest inflight(req.method != "GET" && req.method != "HEAD");

  if (path == "/metrics" && (req.method == "GET" || req.method == "HEAD")) return metrics_.serve();

  if (path == "/healthz" || path == "/livez" || path == "/readyz") return health(req, path.substr(1));
  if (path == "/version") return version();
  if (path.rfind("/openapi/", 0) == 0) {
    if (auto r = openapi(req)) return *r;
  }
  RequestInfo info = parse_request_info(req.method, path, req.query);
  if (info.is_resource_request) return resources_.handle(req, info);
  if (req.method == "GET" || req.method == "HEAD") {
    if (auto r = discovery(req)) return *r;
    if (path == "/") {
      json paths = {"/api", "/api/v1", "/apis", "/healthz", "/livez", "/metrics", "/openapi/v2", "/openapi/v3", "/readyz", "/version"};
      for (const auto& [group, versions] : registry_.groups())
        if (!group.empty()) {
          paths.push_back("/apis/" + group);
          for (const auto& v : versions) paths.push_back("/apis/" + group + "/" + v);
        }
      return raw_json(json{{"paths", paths}}.dump());
    }
  }
  // Outside the API groups' routes upstream ends at Go's http.NotFound: plain text, not a Status.
  Response not_found;
  not_found.status = 404;
  not_found.content_type = "text/plain; charset=utf-8";
  not_found.body = "404 page not found\n";
  return not_found;
}

}  // namespace kapi::apiserver
