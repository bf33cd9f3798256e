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

json security_scheme() { return {{"type", "apiKey"}, {"name", "authorization"}, {"in", "header"}}; }

// A stand-in for a kind the model does not describe yet.
void define_minimal_kind(SchemaModel& model, const ResourceDescriptor& r, const std::string& def) {
  GroupVersionKind gvk{r.group, r.version, r.kind};
  SchemaPtr s = dsl::kind(gvk, "", {});
  s->preserve_unknown_fields = true;
  model.define(def, std::move(s));
  dsl::define_list(model, def, gvk);
}

// The model with a stand-in for every resource it does not describe, and each resource's
// definition name (in the order of the resources).
struct ServedModel {
  SchemaModel model;
  std::vector<std::string> definitions;
};

ServedModel served_model(const std::vector<ResourceDescriptor>& resources, const SchemaModel& base) {
  ServedModel out{base, {}};  // shares the nodes; only stand-ins are added
  for (const ResourceDescriptor& r : resources) {
    std::string def = out.model.definition_name({r.group, r.version, r.kind});
    if (def.empty()) {
      def = definition_name_for(r.group, r.version, r.kind);
      define_minimal_kind(out.model, r, def);
    }
    out.definitions.push_back(std::move(def));
  }
  return out;
}

json definitions_json(const SchemaModel& model, const std::set<std::string>& names, OpenApiVersion v) {
  json defs = json::object();
  for (const std::string& name : model.closure({names.begin(), names.end()})) {
    if (const Schema* s = model.find(name)) defs[name] = schema_to_json(*s, v);
  }
  return defs;
}

}  // namespace

Documents::Documents(std::vector<ResourceDescriptor> resources) : resources_(std::move(resources)) {}

Documents::Documents(std::vector<ResourceDescriptor> resources, const SchemaModel& model)
    : resources_(std::move(resources)), model_(&model) {}

const Documents::Document& Documents::v2() const {
  std::call_once(v2_once_, [this] {
    ServedModel served = served_model(resources_, model());
    json paths = json::object();
    std::set<std::string> refs;
    for (std::size_t i = 0; i < resources_.size(); ++i)
      add_resource_paths(resources_[i], served.definitions[i], OpenApiVersion::kV2, paths, refs);
    json doc = {{"swagger", "2.0"},
                {"info", info()},
                {"paths", std::move(paths)},
                {"definitions", definitions_json(served.model, refs, OpenApiVersion::kV2)},
                {"securityDefinitions", {{"BearerToken", security_scheme()}}},
                {"security", json::array({{{"BearerToken", json::array()}}})}};
    v2_.json = doc.dump();
    v2_.hash = content_hash(v2_.json);
  });
  return v2_;
}

const Documents::V3Documents& Documents::v3() const {
  std::call_once(v3_once_, [this] {
    ServedModel served = served_model(resources_, model());
    struct GroupVersionParts {
      json paths = json::object();
      std::set<std::string> refs;
    };
    std::map<std::string, GroupVersionParts> parts;
    for (std::size_t i = 0; i < resources_.size(); ++i) {
      const ResourceDescriptor& r = resources_[i];
      GroupVersionParts& part = parts[group_version_path(r.group, r.version)];
      add_resource_paths(r, served.definitions[i], OpenApiVersion::kV3, part.paths, part.refs);
    }
    json index_paths = json::object();
    for (auto& [gv, part] : parts) {
      json doc = {{"openapi", "3.0.0"},
                  {"info", info()},
                  {"paths", std::move(part.paths)},
                  {"components",
                   {{"schemas", definitions_json(served.model, part.refs, OpenApiVersion::kV3)},
                    {"securitySchemes", {{"BearerToken", security_scheme()}}}}},
                  {"security", json::array({{{"BearerToken", json::array()}}})}};
      Document out{doc.dump(), ""};
      out.hash = content_hash(out.json);
      index_paths[gv] = {{"serverRelativeURL", "/openapi/v3/" + gv + "?hash=" + out.hash}};
      v3_.by_group_version.emplace(gv, std::move(out));
    }
    v3_.index = json{{"paths", std::move(index_paths)}}.dump();
  });
  return v3_;
}

const std::string* Documents::v3_json(std::string_view gv_path) const {
  const auto& docs = v3().by_group_version;
  auto it = docs.find(gv_path);
  return it == docs.end() ? nullptr : &it->second.json;
}

std::string Documents::v3_hash(std::string_view gv_path) const {
  const auto& docs = v3().by_group_version;
  auto it = docs.find(gv_path);
  return it == docs.end() ? std::string() : it->second.hash;
}

}  // namespace kapi::openapi
