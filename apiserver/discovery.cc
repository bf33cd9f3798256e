#include "apiserver/discovery.h"

namespace kapi::apiserver {

using registry::json;

namespace {

const std::vector<std::string> kResourceVerbs = {"create", "delete", "deletecollection", "get",
                                                 "list", "patch", "update", "watch"};

// The kind a subresource answers with.
json subresource_kind(const registry::ResourceInfo& info, const std::string& sub) {
  if (sub == "scale") return {{"group", "autoscaling"}, {"version", "v1"}, {"kind", "Scale"}};
  if (sub == "binding") return {{"group", ""}, {"version", "v1"}, {"kind", "Binding"}};
  if (sub == "eviction") return {{"group", "policy"}, {"version", "v1"}, {"kind", "Eviction"}};
  if (sub == "log" || sub == "exec" || sub == "attach" || sub == "portforward")
    return {{"group", ""}, {"version", "v1"}, {"kind", sub == "log" ? "Pod" : sub == "exec" ? "PodExecOptions" : sub == "attach" ? "PodAttachOptions" : "PodPortForwardOptions"}};
  return {{"group", info.group}, {"version", info.version}, {"kind", info.kind}};
}

json api_resource(const registry::ResourceInfo& info) {
  json r = {{"name", info.plural},         {"singularName", info.singular},
            {"namespaced", info.namespaced}, {"kind", info.kind},
            {"verbs", kResourceVerbs}};
  if (!info.short_names.empty()) r["shortNames"] = info.short_names;
  if (!info.categories.empty()) r["categories"] = info.categories;
  return r;
}

json api_subresource(const registry::ResourceInfo& info, const std::string& sub) {
  json k = subresource_kind(info, sub);
  json r = {{"name", info.plural + "/" + sub}, {"singularName", ""}, {"namespaced", info.namespaced},
            {"kind", k["kind"]}, {"verbs", Discovery::subresource_verbs(sub)}};
  if (k["group"] != info.group || k["version"] != info.version) {
    r["group"] = k["group"];
    r["version"] = k["version"];
  }
  return r;
}

json aggregated_resource(const registry::ResourceInfo& info) {
  json r = {{"resource", info.plural},
            {"responseKind", {{"group", info.group}, {"version", info.version}, {"kind", info.kind}}},
            {"scope", info.namespaced ? "Namespaced" : "Cluster"},
            {"singularResource", info.singular},
            {"verbs", kResourceVerbs}};
  if (!info.short_names.empty()) r["shortNames"] = info.short_names;
  if (!info.categories.empty()) r["categories"] = info.categories;
  json subs = json::array();
  for (const auto& sub : info.subresources)
    if (Discovery::served_subresource(sub))
      subs.push_back({{"subresource", sub}, {"responseKind", subresource_kind(info, sub)}, {"verbs", Discovery::subresource_verbs(sub)}});
  if (!subs.empty()) r["subresources"] = subs;
  return r;
}

std::string group_version(const std::string& group, const std::string& version) {
  return group.empty() ? version : group + "/" + version;
}

}  // namespace

const std::vector<std::string>& Discovery::subresource_verbs(const std::string& name) {
  static const std::map<std::string, std::vector<std::string>> verbs = {
      {"status", {"get", "patch", "update"}},
      {"scale", {"get", "patch", "update"}},
      {"binding", {"create"}},
      {"finalize", {"update"}},  // namespaces/finalize, as upstream's discovery lists it
      {"eviction", {"create"}},
      {"log", {"get"}},
      {"exec", {"create", "get"}},
      {"attach", {"create", "get"}},
      {"portforward", {"create", "get"}},
  };
  static const std::vector<std::string> none;
  auto it = verbs.find(name);
  return it == verbs.end() ? none : it->second;
}

Discovery::Discovery(const registry::Registry& registry) {
  json groups = json::array();
  json aggregated_apis = json::array();
  json aggregated_core = json::array();
  for (const auto& [group, versions] : registry.groups()) {
    json agg_versions = json::array();
    json group_versions = json::array();
    for (const auto& version : versions) {
      json resources = json::array();
      json agg_resources = json::array();
      for (const auto& store : registry.all()) {
        const auto& info = store->info();
        if (info.group != group || info.version != version) continue;
        resources.push_back(api_resource(info));
        for (const auto& sub : info.subresources)
          if (served_subresource(sub)) resources.push_back(api_subresource(info, sub));
        agg_resources.push_back(aggregated_resource(info));
      }
      std::string gv = group_version(group, version);
      json list = {{"kind", "APIResourceList"}, {"apiVersion", "v1"}, {"groupVersion", gv}, {"resources", resources}};
      plain_[group.empty() ? "/api/" + version : "/apis/" + gv] = list.dump();
      agg_versions.push_back({{"version", version}, {"resources", agg_resources}, {"freshness", "Current"}});
      group_versions.push_back({{"groupVersion", gv}, {"version", version}});
    }
    json item = {{"metadata", {{"creationTimestamp", nullptr}}}, {"versions", agg_versions}};
    if (group.empty()) {
      aggregated_core.push_back(item);
      json versions_doc = {{"kind", "APIVersions"}, {"versions", versions},
                           {"serverAddressByClientCIDRs", json::array()}};
      plain_["/api"] = versions_doc.dump();
      continue;
    }
    item["metadata"]["name"] = group;
    aggregated_apis.push_back(item);
    json api_group = {{"name", group}, {"versions", group_versions}, {"preferredVersion", group_versions[0]}};
    groups.push_back(api_group);
    json group_doc = api_group;
    group_doc["kind"] = "APIGroup";
    group_doc["apiVersion"] = "v1";
    plain_["/apis/" + group] = group_doc.dump();
  }
  plain_["/apis"] = json{{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", groups}}.dump();
  for (const char* v : {"v2", "v2beta1"}) {
    std::string api_version = std::string("apidiscovery.k8s.io/") + v;
    aggregated_[std::string("/api|") + v] =
        json{{"kind", "APIGroupDiscoveryList"}, {"apiVersion", api_version}, {"metadata", json::object()}, {"items", aggregated_core}}.dump();
    aggregated_[std::string("/apis|") + v] =
        json{{"kind", "APIGroupDiscoveryList"}, {"apiVersion", api_version}, {"metadata", json::object()}, {"items", aggregated_apis}}.dump();
  }
}

const std::string* Discovery::plain(const std::string& path) const {
  auto it = plain_.find(path);
  return it == plain_.end() ? nullptr : &it->second;
}

const std::string* Discovery::aggregated(const std::string& path, const std::string& version) const {
  auto it = aggregated_.find(path + "|" + version);
  return it == aggregated_.end() ? nullptr : &it->second;
}

}  // namespace kapi::apiserver
