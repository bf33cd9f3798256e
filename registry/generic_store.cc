#include "registry/generic_store.h"

#include <algorithm>
#include <atomic>
#include <optional>
#include <random>
#include <set>
#include <thread>

#include "registry/apply/managed_fields.h"
#include "registry/apply/server_side_apply.h"
#include "registry/continue_token.h"
#include "registry/object_meta.h"
#include "registry/stored_json.h"
#include "openapi/schema_model.h"
#include "registry/patch/patch.h"
#include "registry/validation/object_meta_validation.h"

namespace kapi::registry {

namespace {

constexpr int kMaxUpdateAttempts = 16;

json parse_stored(const storage::Bytes& bytes) { return parse_stored_json(*bytes); }

// A per-process random marker stands where the revision goes, so no client data can imitate it.
const std::string& revision_marker() {
  static const std::string marker = [] {
    std::random_device rd;
    char buf[40];
    snprintf(buf, sizeof buf, "kapi-rv-%08x%08x%08x", rd(), rd(), rd());
    return std::string(buf);
  }();
  return marker;
}

json& metadata(json& obj) {
  if (!obj.contains("metadata") || !obj["metadata"].is_object()) obj["metadata"] = json::object();
  return obj["metadata"];
}

// Everything but metadata and status: what a generation bump looks at.
bool spec_changed(const json& a, const json& b) {
  for (auto& [k, v] : a.items())
    if (k != "metadata" && k != "status" && (!b.contains(k) || b[k] != v)) return true;
  for (auto& [k, v] : b.items())
    if (k != "metadata" && k != "status" && !a.contains(k)) return true;
  return false;
}

bool has_finalizers(const json& obj) {
  const json* f = meta_field(obj, "finalizers");
  return f && f->is_array() && !f->empty();
}

// A graceful deletion's pending period (0 when none).
int64_t grace_seconds(const json& obj) {
  const json* g = meta_field(obj, "deletionGracePeriodSeconds");
  return g && g->is_number_integer() ? g->get<int64_t>() : 0;
}

storage::Revision parse_revision(const std::string& text, bool& ok) {
  ok = !text.empty() && text.size() < 19 &&
       text.find_first_not_of("0123456789") == std::string::npos;
  return ok ? std::stoll(text) : 0;
}

std::string relative_key(const std::string& key, const std::string& prefix) {
  return key.substr(prefix.size());
}

}  // namespace

storage::WriteValue encode_for_storage(json obj) {
  metadata(obj)["resourceVersion"] = revision_marker();
  std::string bytes = dump_json(obj);
  size_t at = bytes.find(revision_marker());
  bytes.erase(at, revision_marker().size());
  return storage::WriteValue{std::move(bytes), at};
}

GenericStore::GenericStore(ResourceInfo info, std::shared_ptr<const Strategy> strategy,
                           storage::StorePtr store, std::shared_ptr<const admission::Chain> admission)
    : info_(std::move(info)),
      strategy_(std::move(strategy)),
      store_(std::move(store)),
      admission_(std::move(admission)) {}

const openapi::Schema* GenericStore::kind_schema() const {
  // Resolved on first use, not at construction, so a server starts without building the model.
  const openapi::Schema* schema = kind_schema_.load(std::memory_order_acquire);
  if (!schema) {
    schema = openapi::builtin_schemas().find_kind({info_.group, info_.version, info_.kind});
    kind_schema_.store(schema, std::memory_order_release);
  }
  return schema;
}

ApiError GenericStore::from_storage(const storage::Error& error, const std::string& name) const {
  switch (error.code) {
    case storage::ErrorCode::kNotFound: return not_found(info_.qualified(), name);
    case storage::ErrorCode::kAlreadyExists: return already_exists(info_.qualified(), name);
    case storage::ErrorCode::kConflict:
      return conflict(info_.qualified(), name,
                      "the object has been modified; please apply your changes to the latest "
                      "version and try again");
    case storage::ErrorCode::kCompacted:
      return gone("The resourceVersion for the provided list is too old.");
    case storage::ErrorCode::kFutureRevision: {
      ApiError e{504, "Timeout", "Too large resource version: " + error.message, nullptr};
      e.details = {{"causes", json::array({{{"reason", "ResourceVersionTooLarge"},
                                             {"message", "Too large resource version"}}})},
                   {"retryAfterSeconds", 1}};
      return e;
    }
    case storage::ErrorCode::kUnavailable: return service_unavailable(error.message);
    case storage::ErrorCode::kInvalid: return internal_error(error.message);
  }
  return internal_error(error.message);
}

std::optional<ApiError> GenericStore::check_kind(const json& obj) const {
  if (!obj.is_object()) return bad_request("the body of the request must be a JSON object");
  std::string api_version = obj.value("apiVersion", "");
  std::string kind = obj.value("kind", "");
  if (!api_version.empty() && api_version != info_.api_version())
    return bad_request("the API version in the data (" + api_version +
                       ") does not match the expected API version (" + info_.api_version() + ")");
  if (!kind.empty() && kind != info_.kind)
    return bad_request("the kind in the data (" + kind + ") does not match the expected kind (" +
                       info_.kind + ")");
  return std::nullopt;
}

std::optional<ApiError> GenericStore::check_metadata(const json& obj, bool creating) const {
  std::vector<FieldError> errors;
  std::string name = meta_string(obj, "name");
  std::string generate_name = meta_string(obj, "generateName");
  if (name.empty()) {
    errors.push_back(required("metadata.name", "name or generateName is required"));
  } else {
    for (const auto& msg : strategy_->check_name(name))
      errors.push_back(invalid_value("metadata.name", name, msg));
    for (const auto& msg : check_path_segment_name(name))
      errors.push_back(invalid_value("metadata.name", name, msg));
  }
  if (info_.namespaced && meta_string(obj, "namespace").empty())
    errors.push_back(required("metadata.namespace", ""));
  // Labels, annotations, finalizers and ownerReferences: the rules every resource shares.
  if (obj.contains("metadata")) validation::validate_object_meta(obj["metadata"], "metadata", errors);
  (void)creating;
  if (errors.empty()) return std::nullopt;
  return invalid(info_.group, info_.kind, name.empty() ? generate_name : name, errors);
}

ApiResult<storage::Bytes> GenericStore::get(const std::string& ns, const std::string& name) const {
  auto kv = store_->get(info_.key(ns, name));
  if (!kv.ok()) return from_storage(kv.error(), name);
  return kv->value;
}

namespace {
ApiResult<ObjectFilter> make_filter(const Strategy& strategy, const std::string& label_text,
                                    const std::string& field_text) {
  std::optional<selector::LabelSelector> labels;
  std::optional<selector::FieldSelector> fields;
  if (!label_text.empty()) {
    auto parsed = selector::LabelSelector::parse(label_text);
    if (auto* err = std::get_if<std::string>(&parsed)) return bad_request(*err);
    labels = std::get<selector::LabelSelector>(std::move(parsed));
    if (labels->empty()) labels.reset();
  }
  auto values = [&strategy](const json& obj) {
    std::map<std::string, std::string> fields = {{"metadata.name", meta_string(obj, "name")},
                                                 {"metadata.namespace", meta_string(obj, "namespace")}};
    strategy.selectable_fields(obj, fields);
    return fields;
  };
  if (!field_text.empty()) {
    auto parsed = selector::FieldSelector::parse(field_text);
    if (auto* err = std::get_if<std::string>(&parsed)) return bad_request(*err);
    fields = std::get<selector::FieldSelector>(std::move(parsed));
    // Reject unknown fields up front, as upstream does, even when nothing is stored.
    auto probe = fields->matches(values(json::object()));
    if (auto* err = std::get_if<std::string>(&probe)) return bad_request(*err);
    if (fields->empty()) fields.reset();
  }
  return ObjectFilter(std::move(labels), std::move(fields), values);
}

// The revision a list or watch starts from, from resourceVersion (+ match).
ApiResult<storage::Revision> requested_revision(const std::string& rv, const std::string& match,
                                               bool send_initial_events = false) {
  if (!match.empty() && match != "Exact" && match != "NotOlderThan")
    return invalid("meta.k8s.io", "ListOptions", "",
                   {not_supported("resourceVersionMatch", match, {"Exact", "NotOlderThan"})});
  if (rv.empty()) {
    if (!match.empty() && !send_initial_events)
      return invalid("meta.k8s.io", "ListOptions", "",
                     {forbidden("resourceVersionMatch",
                                "resourceVersionMatch is forbidden unless resourceVersion is provided")});
    return storage::Revision{0};
  }
  bool ok;
  storage::Revision r = parse_revision(rv, ok);
  if (!ok) return bad_request("invalid resource version: " + rv);
  return r;
}
}  // namespace

ApiResult<ListPage> GenericStore::list(const std::string& ns, const ListQuery& query) const {
  auto filter = make_filter(*strategy_, query.label_selector, query.field_selector);
  if (!filter.ok()) return filter.error();
  if (query.limit < 0) return bad_request("limit must be non-negative");
  std::string prefix = info_.key_prefix(ns);
  storage::ListOptions options;
  if (!query.continue_token.empty()) {
    if (!query.resource_version.empty() && query.resource_version != "0")
      return bad_request("specifying resource version is not allowed when using continue");
    auto point = decode_continue(query.continue_token);
    if (!point) return bad_request("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
    options.revision = point->revision;
    options.start_after = prefix + point->start_after;
  } else {
    auto rev = requested_revision(query.resource_version, query.resource_version_match);
    if (!rev.ok()) return rev.error();
    // Exact reads the past; otherwise serve the latest state (which is "not older than" any
    // revision we have reached).
    if (query.resource_version_match == "Exact") options.revision = *rev;
    else if (*rev > store_->current_revision())
      return from_storage({storage::ErrorCode::kFutureRevision,
                           std::to_string(*rev) + ", current: " + std::to_string(store_->current_revision()),
                           0},
                          "");
  }

  ListPage page;
  // With a selector, keep reading until `limit` objects pass or the keys run out (as upstream).
  const int64_t want = query.limit;
  while (true) {
    options.limit = want > 0 ? std::max<int64_t>(want - int64_t(page.items.size()), 1) : 0;
    auto result = store_->list(prefix, options);
    if (!result.ok()) {
      if (result.error().code == storage::ErrorCode::kCompacted && !query.continue_token.empty())
        return gone(
            "The provided continue parameter is too old to display a consistent list result. You can "
            "start a new list without the continue parameter, or use the continue token in this "
            "response to retrieve the remainder of the results. Continuing with the provided token "
            "results in an inconsistent list - objects that were created, modified, or deleted "
            "between the time the first chunk was returned and now may show up in the list.");
      return from_storage(result.error(), "");
    }
    page.revision = result->revision;
    options.revision = result->revision;
    std::string last_key;
    for (auto& kv : result->items) {
      last_key = kv.key;
      if (!filter->trivial() && !filter->matches(parse_stored(kv.value))) continue;
      page.items.push_back(std::move(kv.value));
    }
    if (!result->more) break;
    options.start_after = last_key;
    if (want > 0 && int64_t(page.items.size()) >= want) {
      page.continue_token = encode_continue({page.revision, relative_key(last_key, prefix)});
      if (filter->trivial()) page.remaining = result->remaining;
      break;
    }
  }
  return page;
}

std::optional<ApiResult<storage::Bytes>> GenericStore::prepare_create(const std::string& ns, json& obj,
                                                                      const WriteOptions& options) const {
  if (auto err = check_kind(obj)) return *err;
  json& meta = metadata(obj);
  obj["apiVersion"] = info_.api_version();
  obj["kind"] = info_.kind;
  if (info_.namespaced) {
    std::string body_ns = meta.value("namespace", "");
    if (!body_ns.empty() && body_ns != ns)
      return bad_request("the namespace of the provided object does not match the namespace sent on the request");
    meta["namespace"] = ns;
  } else {
    meta.erase("namespace");
  }
  if (meta.contains("resourceVersion") && meta["resourceVersion"] != "" && !meta["resourceVersion"].is_null())
    return internal_error("resourceVersion should not be set on objects to be created");
  std::string generate_name = meta.value("generateName", "");
  if (meta.value("name", "").empty() && !generate_name.empty())
    meta["name"] = generate_name + generate_name_suffix();

  // Server-owned metadata.
  meta["uid"] = new_uid();
  meta["creationTimestamp"] = now_rfc3339();
  meta.erase("deletionTimestamp");
  meta.erase("deletionGracePeriodSeconds");
  meta.erase("resourceVersion");
  if (strategy_->tracks_generation()) meta["generation"] = 1;
  else meta.erase("generation");
  if (info_.has_subresource("status") && !strategy_->keeps_status_on_create()) obj.erase("status");

  strategy_->prepare_for_create(obj);
  if (auto err = check_metadata(obj, true)) return *err;
  std::vector<FieldError> errors;
  strategy_->validate(obj, errors);
  std::string name = meta_string(obj, "name");
  if (!errors.empty()) return invalid(info_.group, info_.kind, name, errors);
  strategy_->canonicalize(obj);
  record_write(obj, json(), options);

  if (admission_) {
    admission::Attributes attrs{admission::Operation::kCreate, info_, "", ns, name, &obj, nullptr,
                                options.dry_run};
    if (auto err = admission_->admit(attrs)) return *err;
    if (auto err = admission_->validate(attrs)) return *err;
  }
  if (options.dry_run) {
    if (store_->get(info_.key(ns, name)).ok()) return already_exists(info_.qualified(), name);
    return std::make_shared<const std::string>(obj.dump());
  }
  return std::nullopt;
}

ApiResult<storage::Bytes> GenericStore::create(const std::string& ns, json obj,
                                               const WriteOptions& options) const {
  if (auto settled = prepare_create(ns, obj, options)) return std::move(*settled);
  std::string name = meta_string(obj, "name");
  auto kv = store_->create(info_.key(ns, name), encode_for_storage(std::move(obj)));
  if (!kv.ok()) return from_storage(kv.error(), name);
  return kv->value;
}

void GenericStore::create_async(const std::string& ns, json obj, const WriteOptions& options,
                                CreateDone done) const {
  if (auto settled = prepare_create(ns, obj, options)) return done(std::move(*settled));
  std::string name = meta_string(obj, "name");
  std::string key = info_.key(ns, name);
  store_->create_async(key, encode_for_storage(std::move(obj)),
                       [this, name = std::move(name), done = std::move(done)](storage::Result<storage::KeyValue> kv) {
                         if (!kv.ok()) return done(from_storage(kv.error(), name));
                         done(std::move(kv->value));
                       });
}

ApiResult<Written> GenericStore::guaranteed_update(const std::string& ns, const std::string& name,
                                                   const Mutation& mutate, const WriteOptions& options,
                                                   std::optional<json> create_if_missing) const {
  const std::string key = info_.key(ns, name);
  const bool status_only = options.subresource == "status";
  const bool finalize_only = options.subresource == "finalize";
  for (int attempt = 0; attempt < kMaxUpdateAttempts; ++attempt) {
    auto current = store_->get(key);
    if (!current.ok()) {
      if (current.error().code == storage::ErrorCode::kNotFound && create_if_missing &&
          strategy_->allow_create_on_update() && !status_only) {
        auto created = create(ns, *create_if_missing, options);
        if (!created.ok()) return created.error();
        return Written{created.value(), true};
      }
      return from_storage(current.error(), name);
    }
    const json old = parse_stored(current->value);
    auto mutated = mutate(old);
    if (!mutated.ok()) return mutated.error();
    json obj = std::move(mutated.value());
    if (auto err = check_kind(obj)) return *err;
    json& meta = metadata(obj);
    obj["apiVersion"] = info_.api_version();
    obj["kind"] = info_.kind;

    std::string body_name = meta.value("name", "");
    if (!body_name.empty() && body_name != name)
      return bad_request("the name of the object (" + body_name +
                         ") does not match the name on the URL (" + name + ")");
    meta["name"] = name;
    if (info_.namespaced) {
      std::string body_ns = meta.value("namespace", "");
      if (!body_ns.empty() && body_ns != ns)
        return bad_request("the namespace of the provided object does not match the namespace sent on the request");
      meta["namespace"] = ns;
    }

    // The resourceVersion in the body is a precondition; without one the update is unconditional.
    const json rv = meta.value("resourceVersion", json(""));
    bool conditional = rv.is_string() && !rv.get<std::string>().empty();
    if (conditional && rv.get<std::string>() != std::to_string(current->mod_revision))
      return from_storage({storage::ErrorCode::kConflict, "", current->mod_revision}, name);
    if (!conditional && !strategy_->allow_unconditional_update())
      return invalid(info_.group, info_.kind, name,
                     {invalid_value("metadata.resourceVersion", json(0),
                                    "must be specified for an update")});
    std::string old_uid = meta_string(old, "uid");
    std::string body_uid = meta.value("uid", "");
    if (!body_uid.empty() && body_uid != old_uid)
      return conflict(info_.qualified(), name,
                      "Precondition failed: UID in precondition: " + body_uid +
                          ", UID in object meta: " + old_uid);

    if (finalize_only) {
      if (!strategy_->prepare_for_finalize(obj, old))
        return not_found(info_.qualified(), name + "/finalize");
    } else if (status_only) {
      strategy_->prepare_for_status_update(obj, old);
    } else if (info_.has_subresource("status")) {
      if (old.contains("status")) obj["status"] = old["status"];
      else obj.erase("status");
    }
    json& m = metadata(obj);
    // Server-owned metadata survives any update.
    for (const char* field : {"uid", "creationTimestamp", "deletionTimestamp",
                              "deletionGracePeriodSeconds", "generation"}) {
      if (const json* v = meta_field(old, field)) m[field] = *v;
      else m.erase(field);
    }
    const bool whole_object = !status_only && !finalize_only;
    if (whole_object) strategy_->prepare_for_update(obj, old);
    if (auto err = check_metadata(obj, false)) return *err;
    std::vector<FieldError> errors;
    if (whole_object) strategy_->validate_update(obj, old, errors);
    if (!errors.empty()) return invalid(info_.group, info_.kind, name, errors);
    strategy_->canonicalize(obj);
    if (strategy_->tracks_generation() && !status_only && spec_changed(obj, old))
      metadata(obj)["generation"] = old["metadata"].value("generation", 0) + 1;
    if (meta_field(old, "deletionTimestamp")) {
      // Once deleting, finalizers may only be removed, never added (as upstream).
      const json* f_new = meta_field(obj, "finalizers");
      const json* f_old = meta_field(old, "finalizers");
      if (f_new && f_new->is_array())
        for (const auto& f : *f_new)
          if (!f_old || std::find(f_old->begin(), f_old->end(), f) == f_old->end())
            return invalid(info_.group, info_.kind, name,
                           {forbidden("metadata.finalizers",
                                      "no new finalizers can be added if the object is being deleted, "
                                      "found new finalizers []string{" + f.dump() + "}")});
    }

    if (admission_) {
      admission::Attributes attrs{admission::Operation::kUpdate, info_, options.subresource, ns, name,
                                  &obj, &old, options.dry_run};
      if (auto err = admission_->admit(attrs)) return *err;
      if (auto err = admission_->validate(attrs)) return *err;
    }

    // An object being deleted whose last finalizer is gone is deleted now, unless a graceful
    // deletion is still pending (upstream's ShouldDeleteDuringUpdate).
    bool finish = meta_field(obj, "deletionTimestamp") && !has_finalizers(obj) && grace_seconds(old) == 0 &&
                  !strategy_->pending_finalization(obj);
    if (!options.field_manager.empty()) {
      // Clients send managedFields back as they read them; the server keeps the record.
      if (const json* managed = meta_field(old, "managedFields")) metadata(obj)["managedFields"] = *managed;
      else metadata(obj).erase("managedFields");
    }
    json unchanged_probe = obj;
    metadata(unchanged_probe)["resourceVersion"] = std::to_string(current->mod_revision);
    if (unchanged_probe == old && !finish) return Written{current->value, false};  // no-op: no write
    record_write(obj, old, options);
    if (options.dry_run) {
      metadata(obj)["resourceVersion"] = std::to_string(current->mod_revision);
      return Written{std::make_shared<const std::string>(obj.dump()), false};
    }
    if (finish) {
      auto gone_obj = finish_delete(key, obj, current->mod_revision);
      if (gone_obj.ok()) return Written{gone_obj.value(), false};
      if (gone_obj.error().code != 409) return gone_obj.error();
      continue;
    }
    auto kv = store_->update(key, encode_for_storage(std::move(obj)), current->mod_revision);
    if (kv.ok()) return Written{kv->value, false};
    if (kv.error().code != storage::ErrorCode::kConflict) return from_storage(kv.error(), name);
    if (conditional) return from_storage(kv.error(), name);
    // Someone else wrote in between: re-read and re-apply.
  }
  return conflict(info_.qualified(), name, "too many concurrent updates, please try again");
}

ApiResult<Written> GenericStore::update(const std::string& ns, const std::string& name, json obj,
                                        const WriteOptions& options) const {
  if (auto err = check_kind(obj)) return *err;
  std::optional<json> create_body;
  if (strategy_->allow_create_on_update()) create_body = obj;
  return guaranteed_update(
      ns, name, [&obj](const json&) -> ApiResult<json> { return obj; }, options, create_body);
}

void GenericStore::record_write(json& obj, const json& old, const WriteOptions& options) const {
  if (options.field_manager.empty()) return;
  if (old.is_null()) metadata(obj).erase("managedFields");
  apply::record_update(obj, old, kind_schema(),
                       {options.field_manager, info_.api_version(), options.subresource, now_rfc3339()});
}

ApiResult<Written> GenericStore::apply(const std::string& ns, const std::string& name, std::string_view body,
                                       const WriteOptions& options) const {
  json config = json::parse(body, nullptr, false);
  if (config.is_discarded() || !config.is_object())
    return bad_request("the body of an apply patch must be a JSON or YAML object");
  if (options.field_manager.empty())
    return ApiError{422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch",
                    {{"group", "meta.k8s.io"}, {"kind", "PatchOptions"},
                     {"causes", json::array({{{"reason", "FieldValueRequired"}, {"message", "Required value: is required for apply patch"}, {"field", "fieldManager"}}})}}};
  if (auto err = check_kind(config)) return *err;
  const openapi::Schema* schema = kind_schema();
  const apply::ApplyOptions apply_options{options.field_manager, options.force, info_.api_version(), now_rfc3339()};
  WriteOptions unrecorded = options;  // the apply keeps its own record
  unrecorded.field_manager.clear();
  auto mutate = [&](const json& current) -> ApiResult<json> {
    auto applied = apply::server_side_apply(current, config, schema, apply_options);
    if (applied.ok() && meta_string(applied.value(), "resourceVersion") == meta_string(current, "resourceVersion"))
      metadata(applied.value()).erase("resourceVersion");
    return applied;
  };
  auto written = guaranteed_update(ns, name, mutate, unrecorded, std::nullopt);
  if (written.ok() || written.error().code != 404 || !options.subresource.empty() || store_->get(info_.key(ns, name)).ok())
    return written;
  // Apply creates what does not exist yet.
  auto created_obj = apply::server_side_apply(json(), config, schema, apply_options);
  if (!created_obj.ok()) return created_obj.error();
  json& meta = metadata(created_obj.value());
  std::string body_name = meta.value("name", "");
  if (!body_name.empty() && body_name != name)
    return bad_request("the name of the object (" + body_name + ") does not match the name on the URL (" + name + ")");
  meta["name"] = name;
  auto created = create(ns, std::move(created_obj.value()), unrecorded);
  if (!created.ok()) return created.error();
  return Written{created.value(), true};
}

ApiResult<Written> GenericStore::patch(const std::string& ns, const std::string& name, PatchType type,
                                       std::string_view body, const WriteOptions& options) const {
  if (type == PatchType::kApply) return apply(ns, name, body, options);
  auto mutate = [&](const json& current) -> ApiResult<json> {
    patch::PatchResult result;
    switch (type) {
      case PatchType::kJson: result = patch::apply_json_patch(current, body); break;
      case PatchType::kMerge: result = patch::apply_merge_patch(current, body); break;
      case PatchType::kApply:  // handled by apply()
      case PatchType::kStrategicMerge:
        result = patch::apply_strategic_merge_patch(
            current, body,
            kind_schema());
        break;
    }
    if (auto* err = std::get_if<patch::PatchError>(&result))
      return ApiError{err->code, err->reason, err->message, err->details};
    json patched = std::get<json>(std::move(result));
    // A patch that leaves resourceVersion as it was is not a precondition.
    if (meta_string(patched, "resourceVersion") == meta_string(current, "resourceVersion"))
      metadata(patched).erase("resourceVersion");
    return patched;
  };
  return guaranteed_update(ns, name, mutate, options, std::nullopt);
}

ApiResult<storage::Bytes> GenericStore::finish_delete(const std::string& key, const json& obj,
                                                      storage::Revision expected) const {
  auto kv = store_->remove(key, expected, encode_for_storage(obj));
  if (!kv.ok()) return from_storage(kv.error(), meta_string(obj, "name"));
  return kv->value;
}

namespace {

constexpr const char* kOrphanFinalizer = "orphan";
constexpr const char* kForegroundFinalizer = "foregroundDeletion";

bool has_finalizer(const json& obj, const char* name) {
  const json* f = meta_field(obj, "finalizers");
  return f && f->is_array() && std::find(f->begin(), f->end(), name) != f->end();
}

// upstream's shouldOrphanDependents / shouldDeleteDependents: the request's policy (the legacy
// orphanDependents first), else the policy finalizer already there, else the resource's default.
bool should_orphan(const json& obj, const DeleteOptions& o, bool orphan_by_default) {
  if (o.orphan_dependents) return *o.orphan_dependents;
  if (o.propagation_policy == "Orphan") return true;
  if (!o.propagation_policy.empty()) return false;
  if (has_finalizer(obj, kOrphanFinalizer)) return true;
  if (has_finalizer(obj, kForegroundFinalizer)) return false;
  return orphan_by_default;
}

bool should_delete_in_foreground(const json& obj, const DeleteOptions& o) {
  if (o.orphan_dependents) return false;
  if (!o.propagation_policy.empty()) return o.propagation_policy == "Foreground";
  if (has_finalizer(obj, kForegroundFinalizer)) return true;
  return false;
}

// Sets the garbage collector's finalizers (orphan, foregroundDeletion) as the DELETE asks.
void apply_propagation_finalizers(json& obj, const DeleteOptions& o, bool orphan_by_default) {
  bool orphan = should_orphan(obj, o, orphan_by_default);
  bool foreground = should_delete_in_foreground(obj, o);
  json next = json::array();
  if (const json* f = meta_field(obj, "finalizers"); f && f->is_array())
    for (const auto& name : *f)
      if (name != kOrphanFinalizer && name != kForegroundFinalizer) next.push_back(name);
  if (orphan) next.push_back(kOrphanFinalizer);
  if (foreground) next.push_back(kForegroundFinalizer);
  const json* old = meta_field(obj, "finalizers");
  auto as_set = [](const json& list) { return std::set<json>(list.begin(), list.end()); };
  if (as_set(next) == (old && old->is_array() ? as_set(*old) : std::set<json>{})) return;
  if (next.empty()) metadata(obj).erase("finalizers");
  else metadata(obj)["finalizers"] = std::move(next);
}

void bump_generation(json& obj) {
  if (const json* g = meta_field(obj, "generation"); g && g->is_number_integer() && g->get<int64_t>() > 0)
    metadata(obj)["generation"] = g->get<int64_t>() + 1;
}

}  // namespace

// upstream's BeforeDelete + deletionFinalizersForGarbageCollection +
// updateForGracefulDeletionAndFinalizers, over one read of the object:
// - already deleting with a grace period pending: only a shorter grace changes it (kKeep
//   otherwise; the policy finalizers are not touched);
// - first DELETE of a graceful resource (pods): deletionTimestamp = now + grace;
// - the propagation policy sets the orphan / foregroundDeletion finalizers;
// - finalizers (or the strategy's own finalization) keep the object: it is marked deleting with
//   grace 0 (kWrite); a pending grace period keeps it too; otherwise it goes now (kRemove).
ApiResult<GenericStore::DeleteStep> GenericStore::plan_delete(json& obj, const DeleteOptions& options) const {
  const std::string name = meta_string(obj, "name");
  const bool deleting = meta_field(obj, "deletionTimestamp") != nullptr;
  if (deleting)
    if (auto why = strategy_->pending_finalization(obj)) return conflict(info_.qualified(), name, *why);
  std::optional<int64_t> requested = options.grace_period_seconds;
  if (requested && *requested < 0) requested = 1;  // negative reads as 1s, as upstream

  bool graceful = false;  // this DELETE sets or shortens a grace period
  int64_t grace = 0;
  const int64_t pending_grace = deleting ? grace_seconds(obj) : 0;
  if (deleting && pending_grace > 0) {
    if (!requested || *requested >= pending_grace) return DeleteStep::kKeep;
    auto at = parse_rfc3339(meta_string(obj, "deletionTimestamp"));
    auto start = at.value_or(std::chrono::system_clock::now()) - std::chrono::seconds(pending_grace);
    metadata(obj)["deletionTimestamp"] = rfc3339(start + std::chrono::seconds(*requested));
    metadata(obj)["deletionGracePeriodSeconds"] = *requested;
    graceful = true;
    grace = *requested;
  } else if (!deleting) {
    if (auto period = strategy_->deletion_grace_period(obj, requested)) {
      graceful = true;
      grace = std::max<int64_t>(*period, 0);
      metadata(obj)["deletionTimestamp"] = rfc3339(std::chrono::system_clock::now() + std::chrono::seconds(grace));
      metadata(obj)["deletionGracePeriodSeconds"] = grace;
      bump_generation(obj);
    }
  }

  apply_propagation_finalizers(obj, options, strategy_->orphans_dependents_by_default());
  const bool held = has_finalizers(obj) || strategy_->pending_finalization(obj).has_value();
  if (graceful) return held || grace > 0 ? DeleteStep::kWrite : DeleteStep::kRemove;
  if (!held) return DeleteStep::kRemove;
  // upstream's markAsDeleting: the finalizers' owners finish the deletion.
  if (!deleting) {
    bump_generation(obj);
    metadata(obj)["deletionTimestamp"] = now_rfc3339();
  }
  metadata(obj)["deletionGracePeriodSeconds"] = 0;
  if (!deleting) strategy_->prepare_for_delete(obj);
  return DeleteStep::kWrite;
}

ApiResult<Deleted> GenericStore::remove(const std::string& ns, const std::string& name,
                                        const DeleteOptions& options) const {
  if (options.orphan_dependents && !options.propagation_policy.empty())
    return invalid("", "DeleteOptions", "",
                   {invalid_value("propagationPolicy", json(options.propagation_policy),
                                  "orphanDependents and deletionPropagation cannot be both set")});
  const std::string key = info_.key(ns, name);
  for (int attempt = 0; attempt < kMaxUpdateAttempts; ++attempt) {
    auto current = store_->get(key);
    if (!current.ok()) return from_storage(current.error(), name);
    json obj = parse_stored(current->value);
    if (options.precondition_uid && *options.precondition_uid != meta_string(obj, "uid"))
      return conflict(info_.qualified(), name,
                      "Precondition failed: UID in precondition: " + *options.precondition_uid +
                          ", UID in object meta: " + meta_string(obj, "uid"));
    if (options.precondition_resource_version &&
        *options.precondition_resource_version != std::to_string(current->mod_revision))
      return conflict(info_.qualified(), name,
                      "Precondition failed: ResourceVersion in precondition: " +
                          *options.precondition_resource_version +
                          ", ResourceVersion in object meta: " + std::to_string(current->mod_revision));
    if (admission_) {
      admission::Attributes attrs{admission::Operation::kDelete, info_, "", ns, name, nullptr, &obj,
                                  options.dry_run};
      if (auto err = admission_->validate(attrs)) return *err;
    }
    const json before = obj;
    auto step = plan_delete(obj, options);
    if (!step.ok()) return step.error();
    if (*step == DeleteStep::kKeep || (*step == DeleteStep::kWrite && obj == before))
      return Deleted{current->value, false};
    if (*step == DeleteStep::kWrite) {
      if (options.dry_run) return Deleted{std::make_shared<const std::string>(obj.dump()), false};
      auto kv = store_->update(key, encode_for_storage(std::move(obj)), current->mod_revision);
      if (kv.ok()) return Deleted{kv->value, false};
      if (kv.error().code == storage::ErrorCode::kConflict) continue;
      return from_storage(kv.error(), name);
    }
    if (options.dry_run) return Deleted{std::make_shared<const std::string>(obj.dump()), true};
    auto removed = finish_delete(key, obj, current->mod_revision);
    if (removed.ok()) return Deleted{removed.value(), true};
    if (removed.error().code == 409 && !options.precondition_resource_version) continue;
    return removed.error();
  }
  return conflict(info_.qualified(), name, "too many concurrent updates, please try again");
}

namespace {
// Deleting a collection one object at a time, each waiting for its own fsync, took 30 s for
// 20,000 objects; this many deletes in flight share group commits instead. Small collections
// are deleted on the caller's thread alone.
constexpr size_t kDeleteCollectionWorkers = 8;
constexpr size_t kItemsPerDeleteWorker = 16;
}  // namespace

ApiResult<ListPage> GenericStore::delete_collection(const std::string& ns, const ListQuery& query,
                                                    const DeleteOptions& options) const {
  ListQuery all = query;
  all.limit = 0;
  all.continue_token.clear();
  auto listed = list(ns, all);
  if (!listed.ok()) return listed.error();
  const auto& items = listed->items;
  // Each item is deleted as a DELETE of it would be; the answer lists them in the list's order.
  std::vector<std::optional<ApiResult<Deleted>>> results(items.size());
  std::atomic<size_t> next{0};
  auto delete_some = [&] {
    for (size_t i; (i = next.fetch_add(1)) < items.size();) {
      try {
        json meta = parse_stored_metadata(*items[i]);
        results[i] = remove(meta_string(meta, "namespace"), meta_string(meta, "name"), options);
      } catch (const std::exception& e) {  // not across the thread's edge
        results[i] = internal_error(e.what());
      }
    }
  };
  const size_t workers = std::clamp<size_t>(items.size() / kItemsPerDeleteWorker, 1, kDeleteCollectionWorkers);
  std::vector<std::thread> helpers;
  for (size_t w = 1; w < workers; ++w) helpers.emplace_back(delete_some);
  delete_some();
  for (auto& t : helpers) t.join();
  ListPage deleted;
  deleted.revision = listed->revision;
  for (auto& result : results) {
    if (result->ok()) {
      deleted.items.push_back(std::move((*result)->object));
    } else if (result->error().code != 404) {  // a 404: deleted meanwhile by someone else
      return result->error();
    }
  }
  if (!deleted.items.empty()) deleted.revision = std::max(deleted.revision, store_->current_revision());
  return deleted;
}

ApiResult<WatchStreamPtr> GenericStore::watch(const std::string& ns, const WatchQuery& query) const {
  auto filter = make_filter(*strategy_, query.label_selector, query.field_selector);
  if (!filter.ok()) return filter.error();
  auto rev = requested_revision(query.resource_version, query.resource_version_match,
                                query.send_initial_events);
  if (!rev.ok()) return rev.error();
  if (query.send_initial_events && query.resource_version_match != "NotOlderThan")
    return invalid("meta.k8s.io", "ListOptions", "",
                   {forbidden("resourceVersionMatch",
                              "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")});
  if (query.send_initial_events && !query.allow_bookmarks)
    return invalid("meta.k8s.io", "ListOptions", "",
                   {forbidden("allowWatchBookmarks",
                              "sendInitialEvents requires setting allowWatchBookmarks to true")});
  std::string prefix = info_.key_prefix(ns);

  // "" and "0" (and WatchList) start from the current state, sent as ADDED events first.
  bool initial = query.send_initial_events || query.resource_version.empty() || *rev == 0;
  std::vector<storage::KeyValue> initial_items;
  storage::Revision start = *rev;
  if (initial) {
    auto listed = store_->list(prefix, storage::ListOptions{});
    if (!listed.ok()) return from_storage(listed.error(), "");
    initial_items = std::move(listed->items);
    start = listed->revision;
  }
  auto watch = store_->watch(prefix, storage::WatchOptions{start});
  if (!watch.ok()) {
    if (watch.error().code == storage::ErrorCode::kCompacted)
      return WatchStream::failed(
          info_, gone("too old resource version: " + std::to_string(start) + " (" +
                      std::to_string(watch.error().revision) + ")"));
    return from_storage(watch.error(), "");
  }
  return std::make_unique<WatchStream>(info_, std::move(watch.value()), std::move(filter.value()),
                                       std::move(initial_items), start, query.send_initial_events);
}

json GenericStore::deleted_status(const json& obj) const {
  json details = {{"name", meta_string(obj, "name")}, {"kind", info_.plural}, {"uid", meta_string(obj, "uid")}};
  if (!info_.group.empty()) details["group"] = info_.group;
  return {{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", json::object()},
          {"status", "Success"}, {"details", details}};
}

}  // namespace kapi::registry
