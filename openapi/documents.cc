#include "openapi/documents.h"

#include <set>

#include "openapi/content_hash.h"
#include "openapi/paths.h"
#include "openapi/schema_builder.h"
#include "openapi/schema_json.h"

namespace kapi::openapi {
namespace {

using json = nlohmann::json;

json info() { return {{"title", "Kubernetes"}, {"version", "v1.32.0"}}; }

// A stand-in for a kind the model does not describe yet.
void define_minimal_kind(SchemaModel& model, const ResourceDescriptor& r, const std::string& def) {
  GroupVersionKind gvk{r.group, r.version, r.kind};
  SchemaPtr s = dsl::kind(gvk, "", {});
  s->preserve_unknown_fields = true;
  model.define(def, std::move(s));
  dsl::define_list(model, def, gvk);
}

json definitions_json(const SchemaModel& model, const std::set<std::string>& names, OpenApiVersion v) {
  json defs = json::object();
  for (const std::string& name : model.closure({names.begin(), names.end()})) {
    if (const Schema* s = model.find(name)) defs[name] = schema_to_json(*s, v);
  }
  return defs;
}

}  // namespace

Documents::Documents(std::vector<ResourceDescriptor> resources, const SchemaModel& base) {
  SchemaModel model = base;  // shares the nodes; only stand-ins are added
  struct GroupVersionParts {
    json paths = json::object();
    std::set<std::string> refs;
  };
  std::map<std::string, GroupVersionParts> v3_parts;
  json v2_paths = json::object();
  std::set<std::string> v2_refs;

  for (const ResourceDescriptor& r : resources) {
    std::string def = model.definition_name({r.group, r.version, r.kind});
    if (def.empty()) {
      def = definition_name_for(r.group, r.version, r.kind);
      define_minimal_kind(model, r, def);
    }
    GroupVersionParts& part = v3_parts[group_version_path(r.group, r.version)];
    add_resource_paths(r, def, OpenApiVersion::kV3, part.paths, part.refs);
    add_resource_paths(r, def, OpenApiVersion::kV2, v2_paths, v2_refs);
  }

  const json security_scheme = {{"type", "apiKey"}, {"name", "authorization"}, {"in", "header"}};
  json index_paths = json::object();
  for (auto& [gv, part] : v3_parts) {
    json doc = {{"openapi", "3.0.0"},
                {"info", info()},
                {"paths", std::move(part.paths)},
                {"components",
                 {{"schemas", definitions_json(model, part.refs, OpenApiVersion::kV3)},
                  {"securitySchemes", {{"BearerToken", security_scheme}}}}},
                {"security", json::array({{{"BearerToken", json::array()}}})}};
    V3Document out{doc.dump(), ""};
    out.hash = content_hash(out.json);
    index_paths[gv] = {{"serverRelativeURL", "/openapi/v3/" + gv + "?hash=" + out.hash}};
    v3_.emplace(gv, std::move(out));
  }
  index_ = json{{"paths", std::move(index_paths)}}.dump();

  json v2 = {{"swagger", "2.0"},
             {"info", info()},
             {"paths", std::move(v2_paths)},
             {"definitions", definitions_json(model, v2_refs, OpenApiVersion::kV2)},
             {"securityDefinitions", {{"BearerToken", security_scheme}}},
             {"security", json::array({{{"BearerToken", json::array()}}})}};
  v2_ = v2.dump();
  v2_hash_ = content_hash(v2_);
}

const std::string* Documents::v3_json(std::string_view gv_path) const {
  auto it = v3_.find(gv_path);
  return it == v3_.end() ? nullptr : &it->second.json;
}

std::string Documents::v3_hash(std::string_view gv_path) const {
  auto it = v3_.find(gv_path);
  return it == v3_.end() ? std::string() : it->second.hash;
}

}  // namespace kapi::openapi
