#include "controllers/statefulset/revisions.h"

#include <algorithm>
#include <tuple>

#include "controllers/common/owner_refs.h"
#include "controllers/common/template_hash.h"
#include "controllers/statefulset/identity.h"
#include "registry/object_meta.h"

namespace kapi::controllers::statefulset {

json revision_data(const json& set) {
  json tmpl = set.contains("spec") && set["spec"].contains("template") ? set["spec"]["template"] : json::object();
  tmpl["$patch"] = "replace";
  return {{"spec", {{"template", tmpl}}}};
}

std::string revision_name(const json& set, const json& data, int64_t collision_count) {
  std::string prefix = registry::meta_string(set, "name");
  if (prefix.size() > 223) prefix.resize(223);
  return prefix + "-" + template_hash(data, collision_count);
}

json new_revision(const json& set, int64_t revision_number, int64_t collision_count) {
  json data = revision_data(set);
  std::string name = revision_name(set, data, collision_count);
  json labels = json::object();
  const json& spec = set.at("spec");
  if (spec.contains("template") && spec["template"].contains("metadata") &&
      spec["template"]["metadata"].contains("labels") && spec["template"]["metadata"]["labels"].is_object())
    labels = spec["template"]["metadata"]["labels"];
  labels[kRevisionHashLabel] = name.substr(name.rfind('-') + 1);
  json meta = {{"name", name},
               {"namespace", registry::meta_string(set, "namespace")},
               {"labels", labels},
               {"ownerReferences", json::array({controller_ref(typed_set(set))})}};
  if (const json* annotations = registry::meta_field(set, "annotations"); annotations && annotations->is_object())
    meta["annotations"] = *annotations;
  return {{"apiVersion", "apps/v1"},
          {"kind", "ControllerRevision"},
          {"metadata", meta},
          {"data", data},
          {"revision", revision_number}};
}

json apply_revision(const json& set, const json& revision) {
  json applied = set;
  if (revision.contains("data") && revision["data"].contains("spec") && revision["data"]["spec"].contains("template")) {
    json tmpl = revision["data"]["spec"]["template"];
    tmpl.erase("$patch");
    applied["spec"]["template"] = tmpl;
  }
  return applied;
}

int64_t revision_number(const json& revision) {
  auto it = revision.find("revision");
  return it != revision.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

void sort_revisions(std::vector<json>& revisions) {
  std::stable_sort(revisions.begin(), revisions.end(), [](const json& a, const json& b) {
    return std::make_tuple(revision_number(a), registry::meta_string(a, "creationTimestamp"),
                           registry::meta_string(a, "name")) <
           std::make_tuple(revision_number(b), registry::meta_string(b, "creationTimestamp"),
                           registry::meta_string(b, "name"));
  });
}

int64_t next_revision_number(const std::vector<json>& revisions) {
  int64_t highest = 0;
  for (const auto& revision : revisions) highest = std::max(highest, revision_number(revision));
  return highest + 1;
}

bool same_data(const json& a, const json& b) {
  return a.contains("data") && b.contains("data") && a["data"] == b["data"];
}

}  // namespace kapi::controllers::statefulset
