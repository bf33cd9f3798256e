#include "openapi/paths.h"

#include <algorithm>
#include <cctype>

namespace kapi::openapi {
namespace {

using json = nlohmann::json;

const std::string kDeleteOptions = "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions";
const std::string kStatus = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
const std::string kPatch = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
const std::string kScale = "io.k8s.api.autoscaling.v1.Scale";

// Everything an operation builder needs about its resource, computed once.
struct Context {
  const ResourceDescriptor& r;
  OpenApiVersion version;
  std::string kind_def;
  std::string id_group;  // "CoreV1", "AppsV1", "StorageV1": the operationId infix
  std::string tag;       // "core_v1", "apps_v1", "storage_v1"
  std::set<std::string>& refs;

  bool v2() const { return version == OpenApiVersion::kV2; }
  bool can(const char* verb) const {
    return std::find(r.verbs.begin(), r.verbs.end(), verb) != r.verbs.end();
  }
  std::string ref(const std::string& def) const {
    refs.insert(def);
    return ref_path(version, def);
  }
};

std::string capitalized(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

// Upstream names operations after the group's first label: storage.k8s.io -> Storage, and
// for other dotted groups every label but a trailing k8s.io: rbac.authorization.k8s.io ->
// RbacAuthorization.
std::string group_words(const std::string& group) {
  if (group.empty()) return "Core";
  std::string g = group;
  const std::string suffix = ".k8s.io";
  if (g.size() > suffix.size() && g.compare(g.size() - suffix.size(), suffix.size(), suffix) == 0) {
    g.resize(g.size() - suffix.size());
  }
  std::string out;
  size_t start = 0;
  while (start <= g.size()) {
    size_t dot = g.find('.', start);
    out += capitalized(g.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return out;
}

json param(const Context& c, const std::string& name, const std::string& in, const std::string& type,
           const std::string& description, bool required = false) {
  json p = {{"name", name}, {"in", in}, {"description", description}};
  if (required) p["required"] = true;
  if (c.v2()) {
    p["type"] = type;
    if (in == "query") p["uniqueItems"] = true;
  } else {
    p["schema"] = {{"type", type}};
    if (in == "query") p["schema"]["uniqueItems"] = true;
  }
  return p;
}

json write_params(const Context& c) {
  return json::array({
      param(c, "dryRun", "query", "string", "When All, the request is processed but nothing is persisted."),
      param(c, "fieldManager", "query", "string", "Name of the actor making the change, for managedFields."),
      param(c, "fieldValidation", "query", "string",
            "What to do with unknown or duplicate fields: Ignore, Warn (the default) or Strict."),
  });
}

json list_params(const Context& c) {
  return json::array({
      param(c, "allowWatchBookmarks", "query", "boolean", "Ask for BOOKMARK events in a watch."),
      param(c, "continue", "query", "string", "Token of the next page, from a previous limited list."),
      param(c, "fieldSelector", "query", "string", "Select objects by fields, e.g. metadata.name=x."),
      param(c, "labelSelector", "query", "string", "Select objects by labels."),
      param(c, "limit", "query", "integer", "Maximum number of items to return."),
      param(c, "resourceVersion", "query", "string", "Read at or after this resource version."),
      param(c, "resourceVersionMatch", "query", "string", "How resourceVersion applies: Exact or NotOlderThan."),
      param(c, "sendInitialEvents", "query", "boolean", "Start a watch with the current objects."),
      param(c, "timeoutSeconds", "query", "integer", "Timeout of a list or watch call."),
      param(c, "watch", "query", "boolean", "Watch for changes instead of listing."),
  });
}

json delete_params(const Context& c) {
  return json::array({
      param(c, "dryRun", "query", "string", "When All, the request is processed but nothing is persisted."),
      param(c, "gracePeriodSeconds", "query", "integer", "Seconds before the object is deleted; 0 means now."),
      param(c, "orphanDependents", "query", "boolean", "Deprecated; use propagationPolicy."),
      param(c, "propagationPolicy", "query", "string", "Orphan, Background or Foreground."),
  });
}

json responses(const Context& c, const std::string& def, std::initializer_list<const char*> codes) {
  json out = json::object();
  for (const char* code : codes) {
    std::string text = std::string(code) == "200" ? "OK" : std::string(code) == "201" ? "Created" : "Accepted";
    json r = {{"description", text}};
    json schema = {{"$ref", c.ref(def)}};
    if (c.v2()) {
      r["schema"] = schema;
    } else {
      r["content"] = json::object();
      for (const char* media : {"application/json", "application/yaml", "application/vnd.kubernetes.protobuf"}) {
        r["content"][media] = {{"schema", schema}};
      }
    }
    out[code] = std::move(r);
  }
  out["401"] = {{"description", "Unauthorized"}};
  return out;
}

// An operation; `body_def` (when set) is the request body's definition, sent as `consumes`.
json operation(const Context& c, const std::string& id, const std::string& action,
               const std::string& description, const GroupVersionKind& gvk, json params,
               const std::string& body_def, const std::vector<std::string>& consumes, json resps) {
  json op = {{"operationId", id},
             {"description", description},
             {"tags", json::array({c.tag})},
             {"x-kubernetes-action", action},
             {"x-kubernetes-group-version-kind", {{"group", gvk.group}, {"kind", gvk.kind}, {"version", gvk.version}}},
             {"responses", std::move(resps)}};
  if (!body_def.empty()) {
    json schema = {{"$ref", c.ref(body_def)}};
    if (c.v2()) {
      params.push_back({{"name", "body"}, {"in", "body"}, {"required", true}, {"schema", schema}});
      op["consumes"] = consumes;
    } else {
      json content = json::object();
      for (const std::string& media : consumes) content[media] = {{"schema", schema}};
      op["requestBody"] = {{"content", std::move(content)}, {"required", true}};
    }
  }
  if (!params.empty()) op["parameters"] = std::move(params);
  if (c.v2()) {
    op["produces"] = {"application/json", "application/yaml", "application/vnd.kubernetes.protobuf"};
    op["schemes"] = {"https"};
  }
  return op;
}

json concat(json a, const json& b) {
  for (const json& x : b) a.push_back(x);
  return a;
}

json patch_op(const Context& c, const std::string& id, const std::string& what,
              const GroupVersionKind& gvk, const std::string& def) {
  json params = concat(write_params(c), json::array({param(
      c, "force", "query", "boolean", "Apply only: take ownership of conflicting fields.")}));
  std::vector<std::string> media(std::begin(kPatchMediaTypes), std::end(kPatchMediaTypes));
  return operation(c, id, "patch", "Partially update " + what + ".", gvk, std::move(params), kPatch,
                   media, responses(c, def, {"200", "201"}));
}

}  // namespace

void add_resource_paths(const ResourceDescriptor& r, const std::string& kind_def,
                        OpenApiVersion version, json& paths, std::set<std::string>& refs) {
  std::string gv_words = group_words(r.group) + capitalized(r.version);
  std::string tag_group = group_words(r.group);
  tag_group[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(tag_group[0])));
  Context c{r, version, kind_def, gv_words, tag_group + "_" + r.version, refs};
  refs.insert(kind_def);

  const GroupVersionKind gvk{r.group, r.version, r.kind};
  const std::string base = "/" + group_version_path(r.group, r.version);
  const std::string scope = r.namespaced ? "Namespaced" : "";
  const std::string collection = base + (r.namespaced ? "/namespaces/{namespace}/" : "/") + r.plural;
  const std::string item = collection + "/{name}";
  const std::string list_def = kind_def + "List";
  const std::string a_kind = "a " + r.kind;

  json scope_params = json::array();
  if (r.namespaced) scope_params.push_back(param(c, "namespace", "path", "string", "Namespace of the objects.", true));
  scope_params.push_back(param(c, "pretty", "query", "string", "Pretty-print the output."));
  json item_params = concat(json::array({param(c, "name", "path", "string", "Name of the " + r.kind + ".", true)}),
                            scope_params);

  // Collection: list, create, deletecollection.
  json coll = json::object();
  if (c.can("list")) {
    coll["get"] = operation(c, "list" + gv_words + scope + r.kind, "list", "List or watch " + r.kind + " objects.",
                            gvk, list_params(c), "", {}, responses(c, list_def, {"200"}));
  }
  if (c.can("create")) {
    coll["post"] = operation(c, "create" + gv_words + scope + r.kind, "post", "Create " + a_kind + ".", gvk,
                             write_params(c), kind_def, {"*/*"}, responses(c, kind_def, {"200", "201", "202"}));
  }
  if (c.can("deletecollection")) {
    json params = concat(delete_params(c), list_params(c));
    coll["delete"] = operation(c, "delete" + gv_words + "Collection" + scope + r.kind, "deletecollection",
                               "Delete a collection of " + r.kind + " objects.", gvk, std::move(params),
                               kDeleteOptions, {"*/*"}, responses(c, kStatus, {"200"}));
  }
  if (!coll.empty()) {
    coll["parameters"] = scope_params;
    paths[collection] = std::move(coll);
  }

  // Item: read, replace, patch, delete.
  json one = json::object();
  if (c.can("get")) {
    one["get"] = operation(c, "read" + gv_words + scope + r.kind, "get", "Read " + a_kind + ".", gvk,
                           json::array(), "", {}, responses(c, kind_def, {"200"}));
  }
  if (c.can("update")) {
    one["put"] = operation(c, "replace" + gv_words + scope + r.kind, "put", "Replace " + a_kind + ".", gvk,
                           write_params(c), kind_def, {"*/*"}, responses(c, kind_def, {"200", "201"}));
  }
  if (c.can("patch")) {
    one["patch"] = patch_op(c, "patch" + gv_words + scope + r.kind, a_kind, gvk, kind_def);
  }
  if (c.can("delete")) {
    one["delete"] = operation(c, "delete" + gv_words + scope + r.kind, "delete", "Delete " + a_kind + ".", gvk,
                              delete_params(c), kDeleteOptions, {"*/*"}, responses(c, kStatus, {"200", "202"}));
  }
  if (!one.empty()) {
    one["parameters"] = item_params;
    paths[item] = std::move(one);
  }

  // Across namespaces: list only.
  if (r.namespaced && c.can("list")) {
    paths[base + "/" + r.plural] = {
        {"get", operation(c, "list" + gv_words + r.kind + "ForAllNamespaces", "list",
                          "List or watch " + r.kind + " objects of all namespaces.", gvk, list_params(c), "", {},
                          responses(c, list_def, {"200"}))},
        {"parameters", json::array({param(c, "pretty", "query", "string", "Pretty-print the output.")})}};
  }

  // Subresources: read, replace, patch.
  for (const std::string& sub : r.subresources) {
    if (sub != "status" && sub != "scale") continue;
    const bool scale = sub == "scale";
    const std::string def = scale ? kScale : kind_def;
    const GroupVersionKind sub_gvk = scale ? GroupVersionKind{"autoscaling", "v1", "Scale"} : gvk;
    const std::string suffix = capitalized(sub);
    const std::string what = (scale ? "the scale of " : "the status of ") + a_kind;
    paths[item + "/" + sub] = {
        {"get", operation(c, "read" + gv_words + scope + r.kind + suffix, "get", "Read " + what + ".", sub_gvk,
                          json::array(), "", {}, responses(c, def, {"200"}))},
        {"put", operation(c, "replace" + gv_words + scope + r.kind + suffix, "put", "Replace " + what + ".",
                          sub_gvk, write_params(c), def, {"*/*"}, responses(c, def, {"200", "201"}))},
        {"patch", patch_op(c, "patch" + gv_words + scope + r.kind + suffix, what, sub_gvk, def)},
        {"parameters", item_params}};
  }
}

}  // namespace kapi::openapi
