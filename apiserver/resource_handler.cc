#include "apiserver/resource_handler.h"

#include <algorithm>
#include <future>

#include "apiserver/discovery.h"
#include "apiserver/field_validation.h"
#include "apiserver/watch_body.h"
#include "apiserver/yaml_json.h"
#include "registry/core/pod_binding.h"
#include "registry/object_meta.h"
#include "registry/apply/managed_fields.h"
#include "registry/patch/patch.h"
#include "registry/selector/label_selector.h"
#include "registry/stored_json.h"

namespace kapi::apiserver {

using registry::ApiError;
using registry::json;

Response error_response(const ApiError& error) {
  Response r;
  r.status = error.code;
  r.body = error.to_status().dump();
  return r;
}

namespace {

ApiError not_found_path() { return registry::route_not_found(); }

bool has(const std::vector<std::string>& verbs, const std::string& verb) {
  return std::find(verbs.begin(), verbs.end(), verb) != verbs.end();
}

// Whether upstream's installer registers a route for this verb on this path's shape: a
// collection in a namespace (or of a cluster-scoped resource) takes list/watch, create and
// deletecollection; across all namespaces, list/watch only; an object get, update, patch and
// delete; a subresource the verbs discovery lists for it. Any other method on a path that has
// routes is refused by the router with 405.
bool route_takes(const RequestInfo& info, bool all_namespaces) {
  const std::string& v = info.verb;
  if (!info.subresource.empty()) return has(Discovery::subresource_verbs(info.subresource), v);
  if (!info.name.empty()) return v == "get" || v == "update" || v == "patch" || v == "delete" || v == "watch";
  if (v == "list" || v == "watch") return true;
  return !all_namespaces && (v == "create" || v == "deletecollection");
}

// The resource's objects as the negotiated representation.
Response object_response(int status, const storage::Bytes& bytes, const Negotiated& out,
                         const registry::GenericStore& store, registry::IncludeObject include) {
  Response r;
  r.status = status;
  switch (out.format) {
    case OutputFormat::kYaml:
      r.content_type = "application/yaml";
      r.body = json_to_yaml(registry::parse_stored_json(*bytes));
      break;
    case OutputFormat::kTable: {
      auto printer = store.strategy().table_printer();
      r.body = registry::open_table("meta.k8s.io/" + out.version, printer.columns,
                                    {{"resourceVersion", registry::stored_resource_version(*bytes)}});
      registry::append_table_row(r.body, printer, *bytes, include, std::chrono::system_clock::now());
      registry::close_table(r.body);
      break;
    }
    default:
      r.body = *bytes;
  }
  return r;
}

Response json_response(int status, const json& body, const Negotiated& out) {
  Response r;
  r.status = status;
  if (out.format == OutputFormat::kYaml) {
    r.content_type = "application/yaml";
    r.body = json_to_yaml(body);
  } else {
    r.body = body.dump();
  }
  return r;
}

registry::ApiResult<registry::IncludeObject> include_object(const Request& req) {
  std::string v = req.param("includeObject");
  if (v.empty() || v == "Metadata") return registry::IncludeObject::kMetadata;
  if (v == "Object") return registry::IncludeObject::kObject;
  if (v == "None") return registry::IncludeObject::kNone;
  return registry::bad_request("Unable to convert to Table as requested");
}

registry::ApiResult<bool> dry_run(const Request& req, const json* options_body = nullptr) {
  std::string v = req.param("dryRun");
  if (v.empty() && options_body && options_body->is_object()) {
    auto it = options_body->find("dryRun");
    if (it != options_body->end() && it->is_array() && !it->empty()) v = (*it)[0].get<std::string>();
  }
  if (v.empty()) return false;
  if (v == "All") return true;
  return registry::invalid("", "", "", {registry::not_supported("dryRun", v, {"All"})});
}

// The options of a write: dry run, subresource, and the field manager managedFields records it
// under (fieldManager, else the User-Agent's product, as upstream).
registry::WriteOptions write_options(const Request& req, bool dry, const std::string& subresource) {
  registry::WriteOptions o{dry, subresource};
  o.field_manager = req.param("fieldManager");
  if (o.field_manager.empty()) o.field_manager = registry::apply::manager_from_user_agent(req.header("user-agent"));
  o.force = req.param("force") == "true";
  return o;
}

// A successful write answers with the Warning headers fieldValidation=Warn asks for.
Response with_warnings(Response r, const FieldProblems& problems, FieldValidation mode) {
  for (auto& header : problems.warning_headers(mode)) r.headers.push_back(std::move(header));
  return r;
}

bool parse_int(const std::string& s, int64_t& out) {
  if (s.empty() || s.size() > 18) return false;
  size_t i = s[0] == '-' ? 1 : 0;
  if (i == s.size() || s.find_first_not_of("0123456789", i) != std::string::npos) return false;
  out = std::stoll(s);
  return true;
}

}  // namespace

Response ResourceHandler::handle(const Request& req, const RequestInfo& info) const {
  const Store* store = registry_.find(info.group, info.version, info.resource);
  // Unknown resources are not counted: their labels would be whatever a client typed.
  if (!store) return error_response(not_found_path());
  const auto start = std::chrono::steady_clock::now();
  RequestRoute* route = metrics_.route(*store, req, info);
  Response resp;
  try {
    resp = serve(*store, req, info);
  } catch (...) {
    // The HTTP server answers 500 for what escapes a handler.
    if (route) route->series(500).record(std::chrono::steady_clock::now() - start);
    throw;
  }
  if (route) {
    auto series = route->series(resp.status);
    if (resp.stream) {
      resp.stream->set_on_close([series, start] { series.record(std::chrono::steady_clock::now() - start); });
    } else {
      series.record(std::chrono::steady_clock::now() - start);
    }
  }
  return resp;
}

bool ResourceHandler::handle_async(const Request& req, const RequestInfo& info, const Respond& respond) const {
  if (info.verb != "create" || !info.subresource.empty()) return false;
  const Store* store = registry_.find(info.group, info.version, info.resource);
  if (!store) return false;
  auto out = check_route(*store, req, info);
  if (!out.ok()) return false;
  const auto start = std::chrono::steady_clock::now();
  RequestRoute* route = metrics_.route(*store, req, info);
  try {
    create(*store, req, info, out.value(), [route, start, respond](Response resp) {
      if (route) route->series(resp.status).record(std::chrono::steady_clock::now() - start);
      respond(std::move(resp));
    });
  } catch (...) {
    // As handle(): the HTTP server answers 500 for what escapes.
    if (route) route->series(500).record(std::chrono::steady_clock::now() - start);
    throw;
  }
  return true;
}

registry::ApiResult<Negotiated> ResourceHandler::check_route(const Store& store, const Request& req,
                                                              const RequestInfo& info) const {
  const auto& r = store.info();
  // Cluster-scoped resources have no namespace in their paths (the namespaces resource itself
  // carries its name where a namespace would be).
  bool namespaces_resource = r.group.empty() && r.plural == "namespaces";
  if (!r.namespaced && !info.ns.empty() && !namespaces_resource) return not_found_path();
  if (!info.subresource.empty()) {
    if (!r.has_subresource(info.subresource) || !Discovery::served_subresource(info.subresource) ||
        info.parts.size() > 3)
      return not_found_path();
  } else if (info.parts.size() > 2) {
    return not_found_path();
  }
  if (!route_takes(info, r.namespaced && info.ns.empty())) return registry::route_method_not_allowed();
  bool allow_table = info.verb == "get" || info.verb == "list" || info.verb == "watch";
  auto out = negotiate(req.header("accept"), allow_table && info.subresource.empty(), false);
  if (!out)
    return registry::not_acceptable(
        "only the following media types are accepted: application/json, application/yaml, "
        "application/vnd.kubernetes.protobuf");
  return *out;
}

Response ResourceHandler::serve(const Store& store_ref, const Request& req, const RequestInfo& info) const {
  const Store* store = &store_ref;
  auto out = check_route(*store, req, info);
  if (!out.ok()) return error_response(out.error());
  if (info.subresource == "scale") return scale(*store, req, info, *out);
  if (info.subresource == "binding") return bind(*store, req, info, *out);
  if (info.subresource == "eviction") return evict(*store, req, info, *out);
  if (info.subresource == "log" || info.subresource == "exec" || info.subresource == "attach" ||
      info.subresource == "portforward")
    return no_runtime(*store, info);
  const std::string& v = info.verb;
  if (v == "get") return get(*store, req, info, *out);
  if (v == "list") return list(*store, req, info, *out);
  if (v == "watch") return watch(*store, req, info, *out);
  if (v == "create") return create(*store, req, info, *out);
  if (v == "update") return update(*store, req, info, *out);
  if (v == "patch") return patch(*store, req, info, *out);
  if (v == "delete") return remove(*store, req, info, *out);
  if (v == "deletecollection") return delete_collection(*store, req, info, *out);
  return error_response(registry::route_method_not_allowed());
}

namespace {
// The namespace a store call uses: none for cluster-scoped resources.
std::string store_ns(const registry::GenericStore& store, const RequestInfo& info) {
  return store.info().namespaced ? info.ns : std::string();
}
}  // namespace

Response ResourceHandler::get(const Store& store, const Request& req, const RequestInfo& info,
                              const Negotiated& out) const {
  auto include = include_object(req);
  if (!include.ok()) return error_response(include.error());
  auto bytes = store.get(store_ns(store, info), info.name);
  if (!bytes.ok()) return error_response(bytes.error());
  return object_response(200, bytes.value(), out, store, include.value());
}

namespace {
registry::ListQuery list_query(const Request& req) {
  registry::ListQuery q;
  q.label_selector = req.param("labelSelector");
  q.field_selector = req.param("fieldSelector");
  q.continue_token = req.param("continue");
  q.resource_version = req.param("resourceVersion");
  q.resource_version_match = req.param("resourceVersionMatch");
  int64_t limit = 0;
  if (parse_int(req.param("limit"), limit)) q.limit = limit;
  return q;
}

json list_metadata(const registry::ListPage& page) {
  json meta = {{"resourceVersion", std::to_string(page.revision)}};
  if (!page.continue_token.empty()) meta["continue"] = page.continue_token;
  if (page.remaining) meta["remainingItemCount"] = *page.remaining;
  return meta;
}

// A list of `page`'s items as JSON (or YAML): the stored bytes of each item spliced in without
// re-encoding, into a body sized once (growing a 17 MB string by doubling copies it and faults in
// its pages twice over; a tree of 20,000 objects took ~200 MB).
Response list_response(const registry::ResourceInfo& r, const registry::ListPage& page, const Negotiated& out) {
  std::string head = "{\"apiVersion\":\"" + r.api_version() + "\",\"items\":[";
  std::string tail = "],\"kind\":\"" + r.list_kind() + "\",\"metadata\":" + list_metadata(page).dump() + "}";
  size_t size = head.size() + tail.size() + page.items.size();
  for (const auto& item : page.items) size += item->size();
  std::string body;
  body.reserve(size);
  body += head;
  for (size_t i = 0; i < page.items.size(); ++i) {
    if (i) body += ',';
    body += *page.items[i];
  }
  body += tail;
  if (out.format == OutputFormat::kYaml) return json_response(200, json::parse(body), out);
  Response resp;
  resp.body = std::move(body);
  return resp;
}
}  // namespace

Response ResourceHandler::list(const Store& store, const Request& req, const RequestInfo& info,
                               const Negotiated& out) const {
  auto include = include_object(req);
  if (!include.ok()) return error_response(include.error());
  if (req.has_param("limit")) {
    int64_t limit;
    if (!parse_int(req.param("limit"), limit) || limit < 0)
      return error_response(registry::bad_request("invalid limit: " + req.param("limit")));
  }
  auto page = store.list(store_ns(store, info), list_query(req));
  if (!page.ok()) return error_response(page.error());
  if (out.format == OutputFormat::kTable) {
    // Written as text row by row (no tree for the Table), each row's metadata spliced from the
    // stored bytes; the body is sized once for about what the rows take.
    auto printer = store.strategy().table_printer();
    auto now = std::chrono::system_clock::now();
    Response resp;
    resp.body = registry::open_table("meta.k8s.io/" + out.version, printer.columns, list_metadata(page.value()));
    size_t size = resp.body.size() + 2;
    for (const auto& bytes : page->items) size += bytes->size() + 64;
    resp.body.reserve(size);
    registry::TableRowWriter rows(printer, include.value());
    for (size_t i = 0; i < page->items.size(); ++i) {
      if (i) resp.body += ',';
      rows.append(resp.body, *page->items[i], now);
    }
    registry::close_table(resp.body);
    return resp;
  }
  return list_response(store.info(), page.value(), out);
}

Response ResourceHandler::watch(const Store& store, const Request& req, const RequestInfo& info,
                                const Negotiated& out) const {
  auto include = include_object(req);
  if (!include.ok()) return error_response(include.error());
  registry::WatchQuery q;
  q.label_selector = req.param("labelSelector");
  q.field_selector = req.param("fieldSelector");
  q.resource_version = req.param("resourceVersion");
  q.resource_version_match = req.param("resourceVersionMatch");
  q.send_initial_events = req.param("sendInitialEvents") == "true";
  q.allow_bookmarks = req.param("allowWatchBookmarks") == "true";
  // A watch on a named path (legacy /watch/.../name) is a watch of that one object.
  if (!info.name.empty()) {
    std::string pin = "metadata.name=" + info.name;
    q.field_selector = q.field_selector.empty() ? pin : q.field_selector + "," + pin;
  }
  std::optional<std::chrono::seconds> timeout;
  if (req.has_param("timeoutSeconds")) {
    int64_t t;
    if (!parse_int(req.param("timeoutSeconds"), t) || t < 0)
      return error_response(registry::bad_request("invalid timeoutSeconds: " + req.param("timeoutSeconds")));
    if (t > 0) timeout = std::chrono::seconds(t);
  }
  auto stream = store.watch(store_ns(store, info), q);
  if (!stream.ok()) return error_response(stream.error());
  WatchFormat format;
  if (out.format == OutputFormat::kTable) {
    format.table = true;
    format.table_version = out.version;
    format.include = include.value();
    format.printer = store.strategy().table_printer();
  }
  Response r;
  r.content_type = "application/json";
  r.stream = std::make_shared<WatchBody>(std::move(stream.value()), std::move(format), q.allow_bookmarks, timeout,
                                         metrics_.watch_series(store));
  return r;
}

Response ResourceHandler::create(const Store& store, const Request& req, const RequestInfo& info,
                                 const Negotiated& out) const {
  std::promise<Response> answered;
  auto answer = answered.get_future();
  create(store, req, info, out, [&answered](Response resp) { answered.set_value(std::move(resp)); });
  return answer.get();
}

void ResourceHandler::create(const Store& store, const Request& req, const RequestInfo& info, const Negotiated& out,
                             Respond respond) const {
  auto validation = field_validation(req, "CreateOptions");
  if (!validation.ok()) return respond(error_response(validation.error()));
  std::vector<std::string> duplicates;
  auto body = decode_body(req.header("content-type"), req.body, &duplicates);
  if (!body.ok()) return respond(error_response(body.error()));
  FieldProblems problems;
  if (auto err = check_object_fields(body.value(), duplicates, store, validation.value(), problems))
    return respond(error_response(*err));
  auto dry = dry_run(req);
  if (!dry.ok()) return respond(error_response(dry.error()));
  // Runs on the thread that commits the write: the answer is built there and handed on.
  auto answer = [&store, out, problems = std::move(problems), mode = validation.value(),
                 respond = std::move(respond)](registry::ApiResult<storage::Bytes> created) {
    Response resp;
    try {
      resp = created.ok() ? with_warnings(object_response(201, created.value(), out, store,
                                                          registry::IncludeObject::kMetadata),
                                          problems, mode)
                          : error_response(created.error());
    } catch (const std::exception& e) {
      resp = error_response(registry::internal_error(e.what()));
    }
    respond(std::move(resp));
  };
  store.create_async(store_ns(store, info), std::move(body.value()), write_options(req, dry.value(), ""),
                     std::move(answer));
}

Response ResourceHandler::update(const Store& store, const Request& req, const RequestInfo& info,
                                 const Negotiated& out) const {
  auto validation = field_validation(req, "UpdateOptions");
  if (!validation.ok()) return error_response(validation.error());
  std::vector<std::string> duplicates;
  auto body = decode_body(req.header("content-type"), req.body, &duplicates);
  if (!body.ok()) return error_response(body.error());
  FieldProblems problems;
  if (auto err = check_object_fields(body.value(), duplicates, store, validation.value(), problems))
    return error_response(*err);
  auto dry = dry_run(req);
  if (!dry.ok()) return error_response(dry.error());
  auto written = store.update(store_ns(store, info), info.name, std::move(body.value()),
                              write_options(req, dry.value(), info.subresource));
  if (!written.ok()) return error_response(written.error());
  return with_warnings(object_response(written->created ? 201 : 200, written->object, out, store,
                                       registry::IncludeObject::kMetadata),
                       problems, validation.value());
}

namespace {
registry::ApiResult<registry::PatchType> patch_type(const Request& req) {
  std::string type = media_type(req.header("content-type"));
  if (type == "application/json-patch+json") return registry::PatchType::kJson;
  if (type == "application/merge-patch+json") return registry::PatchType::kMerge;
  if (type == "application/strategic-merge-patch+json") return registry::PatchType::kStrategicMerge;
  if (type == "application/apply-patch+yaml") return registry::PatchType::kApply;
  ApiError err = registry::unsupported_media_type(type);
  err.message = "the body of the request was in an unknown format - accepted media types include: "
                "application/json-patch+json, application/merge-patch+json, "
                "application/apply-patch+yaml, application/strategic-merge-patch+json";
  return err;
}
}  // namespace

Response ResourceHandler::patch(const Store& store, const Request& req, const RequestInfo& info,
                                const Negotiated& out) const {
  auto type = patch_type(req);
  if (!type.ok()) return error_response(type.error());
  auto validation = field_validation(req, "PatchOptions");
  if (!validation.ok()) return error_response(validation.error());
  std::string patch_body = req.body;
  if (type.value() == registry::PatchType::kApply) {
    // An applied configuration is YAML (JSON is YAML too).
    auto decoded = yaml_to_json(req.body);
    if (auto* error = std::get_if<std::string>(&decoded)) return error_response(registry::bad_request(*error));
    patch_body = std::get<json>(decoded).dump();
  }
  FieldProblems problems;
  if (auto err = check_patch_fields(patch_body, type.value(), store, validation.value(), problems))
    return error_response(*err);
  auto dry = dry_run(req);
  if (!dry.ok()) return error_response(dry.error());
  registry::WriteOptions options = write_options(req, dry.value(), info.subresource);
  // An applier must name itself: the User-Agent stands in for updates only.
  if (type.value() == registry::PatchType::kApply) options.field_manager = req.param("fieldManager");
  auto written = store.patch(store_ns(store, info), info.name, type.value(), patch_body, options);
  if (!written.ok()) return error_response(written.error());
  return with_warnings(object_response(written->created ? 201 : 200, written->object, out, store,
                                       registry::IncludeObject::kMetadata),
                       problems, validation.value());
}

namespace {
registry::ApiResult<registry::DeleteOptions> delete_options(const Request& req) {
  registry::DeleteOptions o;
  json body = json::object();
  if (!req.body.empty()) {
    auto decoded = decode_body(req.header("content-type"), req.body);
    if (!decoded.ok()) return decoded.error();
    body = decoded.value();
    if (!body.is_object()) return registry::bad_request("DeleteOptions must be a JSON object");
  }
  auto dry = dry_run(req, &body);
  if (!dry.ok()) return dry.error();
  o.dry_run = dry.value();
  if (auto pre = body.find("preconditions"); pre != body.end() && pre->is_object()) {
    if (pre->contains("uid") && (*pre)["uid"].is_string()) o.precondition_uid = (*pre)["uid"];
    if (pre->contains("resourceVersion") && (*pre)["resourceVersion"].is_string())
      o.precondition_resource_version = (*pre)["resourceVersion"];
  }
  std::string policy = req.param("propagationPolicy");
  if (policy.empty() && body.contains("propagationPolicy") && body["propagationPolicy"].is_string())
    policy = body["propagationPolicy"];
  if (!policy.empty() && policy != "Orphan" && policy != "Background" && policy != "Foreground")
    return registry::invalid("", "DeleteOptions", "",
                             {registry::not_supported("propagationPolicy", policy,
                                                      {"Foreground", "Background", "Orphan", "nil"})});
  o.propagation_policy = policy;
  std::string orphan = req.param("orphanDependents");
  if (orphan == "true" || orphan == "false") o.orphan_dependents = orphan == "true";
  else if (body.contains("orphanDependents") && body["orphanDependents"].is_boolean())
    o.orphan_dependents = body["orphanDependents"].get<bool>();
  int64_t grace = 0;
  if (parse_int(req.param("gracePeriodSeconds"), grace)) o.grace_period_seconds = grace;
  else if (body.contains("gracePeriodSeconds") && body["gracePeriodSeconds"].is_number_integer())
    o.grace_period_seconds = body["gracePeriodSeconds"].get<int64_t>();
  return o;
}
}  // namespace

Response ResourceHandler::remove(const Store& store, const Request& req, const RequestInfo& info,
                                 const Negotiated& out) const {
  auto options = delete_options(req);
  if (!options.ok()) return error_response(options.error());
  auto deleted = store.remove(store_ns(store, info), info.name, options.value());
  if (!deleted.ok()) return error_response(deleted.error());
  if (deleted->deleted_now && !store.strategy().return_deleted_object())
    return json_response(200, store.deleted_status(registry::parse_stored_json(*deleted->object)), out);
  // upstream answers 202 for a deletion left pending only when orphanDependents=false was asked.
  int code = !deleted->deleted_now && options->orphan_dependents == false ? 202 : 200;
  return object_response(code, deleted->object, out, store, registry::IncludeObject::kMetadata);
}

Response ResourceHandler::delete_collection(const Store& store, const Request& req, const RequestInfo& info,
                                            const Negotiated& out) const {
  auto options = delete_options(req);
  if (!options.ok()) return error_response(options.error());
  auto page = store.delete_collection(store_ns(store, info), list_query(req), options.value());
  if (!page.ok()) return error_response(page.error());
  return list_response(store.info(), page.value(), out);
}

namespace {
// autoscaling/v1 Scale of a workload: spec.replicas and status.replicas + selector.
json scale_of(const json& obj) {
  json meta = {{"name", registry::meta_string(obj, "name")},
               {"namespace", registry::meta_string(obj, "namespace")},
               {"uid", registry::meta_string(obj, "uid")},
               {"resourceVersion", registry::meta_string(obj, "resourceVersion")},
               {"creationTimestamp", registry::meta_string(obj, "creationTimestamp")}};
  const json spec = obj.value("spec", json::object());
  const json status = obj.value("status", json::object());
  std::string selector;
  if (spec.contains("selector")) {
    auto parsed = registry::selector::LabelSelector::from_json(spec["selector"]);
    if (auto* s = std::get_if<registry::selector::LabelSelector>(&parsed)) selector = s->to_string();
  }
  json scale_status = {{"replicas", status.value("replicas", 0)}};
  if (!selector.empty()) scale_status["selector"] = selector;
  return {{"kind", "Scale"}, {"apiVersion", "autoscaling/v1"}, {"metadata", meta},
          {"spec", {{"replicas", spec.value("replicas", 1)}}}, {"status", scale_status}};
}
}  // namespace

Response ResourceHandler::scale(const Store& store, const Request& req, const RequestInfo& info,
                                const Negotiated& out) const {
  const std::string ns = store_ns(store, info);
  if (info.verb == "get") {
    auto bytes = store.get(ns, info.name);
    if (!bytes.ok()) return error_response(bytes.error());
    return json_response(200, scale_of(registry::parse_stored_json(*bytes.value())), out);
  }
  std::optional<registry::PatchType> type;
  json put_body;
  if (info.verb == "patch") {
    auto t = patch_type(req);
    if (!t.ok()) return error_response(t.error());
    type = t.value();
  } else {
    auto body = decode_body(req.header("content-type"), req.body);
    if (!body.ok()) return error_response(body.error());
    put_body = std::move(body.value());
  }
  auto dry = dry_run(req);
  if (!dry.ok()) return error_response(dry.error());
  auto mutate = [&](const json& current) -> registry::ApiResult<json> {
    json scale = scale_of(current);
    json wanted;
    if (type) {
      registry::patch::PatchResult patched;
      if (*type == registry::PatchType::kJson) patched = registry::patch::apply_json_patch(scale, req.body);
      else patched = registry::patch::apply_merge_patch(scale, req.body);  // Scale has no merge keys
      if (auto* err = std::get_if<registry::patch::PatchError>(&patched)) return ApiError{err->code, err->reason, err->message, err->details};
      wanted = std::get<json>(std::move(patched));
    } else {
      wanted = put_body;
      std::string rv = registry::meta_string(wanted, "resourceVersion");
      if (!rv.empty() && rv != registry::meta_string(current, "resourceVersion"))
        return registry::conflict(store.info().qualified(), info.name,
                                  "the object has been modified; please apply your changes to the "
                                  "latest version and try again");
    }
    const json* replicas = wanted.contains("spec") ? &wanted["spec"] : nullptr;
    if (!replicas || !replicas->contains("replicas") || !(*replicas)["replicas"].is_number_integer() ||
        (*replicas)["replicas"].get<int64_t>() < 0)
      return registry::invalid("autoscaling", "Scale", info.name,
                               {registry::invalid_value("spec.replicas",
                                                        replicas && replicas->contains("replicas") ? (*replicas)["replicas"] : json(nullptr),
                                                        "must be greater than or equal to 0")});
    json next = current;
    next["spec"]["replicas"] = (*replicas)["replicas"];
    next["metadata"].erase("resourceVersion");
    return next;
  };
  // Recorded as the scale subresource's write, so managedFields and conflicts name it as upstream does.
  auto written = store.update_with(ns, info.name, mutate, write_options(req, dry.value(), info.subresource));
  if (!written.ok()) return error_response(written.error());
  return json_response(200, scale_of(registry::parse_stored_json(*written->object)), out);
}

// POST pods/<name>/binding: assigns the pod to a node, once (as upstream's BindingREST).
Response ResourceHandler::bind(const Store& store, const Request& req, const RequestInfo& info,
                               const Negotiated& out) const {
  auto body = decode_body(req.header("content-type"), req.body);
  if (!body.ok()) return error_response(body.error());
  auto dry = dry_run(req);
  if (!dry.ok()) return error_response(dry.error());
  auto written = registry::bind_pod(store, store_ns(store, info), info.name, body.value(), dry.value());
  if (!written.ok()) return error_response(written.error());
  json status = {{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", json::object()}, {"status", "Success"}};
  return json_response(201, status, out);
}

// POST pods/<name>/eviction: with no disruption budgets served, an eviction is a delete.
Response ResourceHandler::evict(const Store& store, const Request& req, const RequestInfo& info,
                                const Negotiated& out) const {
  auto body = decode_body(req.header("content-type"), req.body);
  if (!body.ok()) return error_response(body.error());
  registry::DeleteOptions options;
  const json& eviction = body.value();
  if (eviction.is_object() && eviction.contains("deleteOptions") && eviction["deleteOptions"].is_object()) {
    const json& d = eviction["deleteOptions"];
    if (d.contains("preconditions") && d["preconditions"].is_object()) {
      if (d["preconditions"].contains("uid")) options.precondition_uid = d["preconditions"].value("uid", "");
      if (d["preconditions"].contains("resourceVersion"))
        options.precondition_resource_version = d["preconditions"].value("resourceVersion", "");
    }
  }
  auto dry = dry_run(req);
  if (!dry.ok()) return error_response(dry.error());
  options.dry_run = dry.value();
  auto deleted = store.remove(store_ns(store, info), info.name, options);
  if (!deleted.ok()) return error_response(deleted.error());
  json status = {{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", json::object()}, {"status", "Success"}};
  return json_response(201, status, out);
}

// logs, exec, attach and port-forward need a container runtime; the simulated node has none.
Response ResourceHandler::no_runtime(const Store& store, const RequestInfo& info) const {
  auto pod = store.get(store_ns(store, info), info.name);
  if (!pod.ok()) return error_response(pod.error());
  static const std::map<std::string, std::string> what = {
      {"log", "logs of pod \"%\" are"}, {"exec", "exec in pod \"%\" is"},
      {"attach", "attach to pod \"%\" is"}, {"portforward", "port-forward to pod \"%\" is"}};
  std::string subject = what.at(info.subresource);
  subject.replace(subject.find('%'), 1, info.name);
  return error_response(registry::bad_request(
      subject + " not supported by this node: kapi's node is simulated and runs no containers"));
}

}  // namespace kapi::apiserver
