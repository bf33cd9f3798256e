#include "registry/core/pod_spec.h"

#include <set>

#include "registry/validation/object_meta_validation.h"

namespace kapi::registry::core {

using validation::array_at;
using validation::child;
using validation::Errors;
using validation::index;
using validation::object_at;
using validation::text;

namespace {

// The volume sources of core/v1 VolumeSource, in the order upstream's validateVolumeSource
// checks them (the second one found is the one reported): a volume sets exactly one.
const std::vector<std::string>& volume_sources() {
  static const std::vector<std::string> sources = {
      "emptyDir", "hostPath", "gitRepo", "gcePersistentDisk", "awsElasticBlockStore", "secret",
      "nfs", "iscsi", "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder",
      "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume",
      "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO",
      "storageos", "csi", "ephemeral", "image"};
  return sources;
}

// Sets obj[field] = value when the field is absent or null.
void default_field(json& obj, const char* field, const json& value) {
  if (!obj.contains(field) || obj[field].is_null()) obj[field] = value;
}
// Sets obj[field] = value when the field is absent, null or "".
void default_string(json& obj, const char* field, const char* value) {
  if (!obj.contains(field) || obj[field].is_null() || obj[field] == "") obj[field] = value;
}

void default_probe(json& probe) {
  if (!probe.is_object()) return;
  for (auto [field, value] : {std::pair{"timeoutSeconds", 1}, {"periodSeconds", 10},
                              {"successThreshold", 1}, {"failureThreshold", 3}})
    if (!probe.contains(field) || probe[field] == 0 || probe[field].is_null()) probe[field] = value;
  if (probe.contains("httpGet") && probe["httpGet"].is_object()) {
    default_string(probe["httpGet"], "path", "/");
    default_string(probe["httpGet"], "scheme", "HTTP");
  }
}

void default_container(json& c) {
  if (!c.is_object()) return;
  default_string(c, "imagePullPolicy", default_pull_policy(text(c, "image")).c_str());
  default_string(c, "terminationMessagePath", "/dev/termination-log");
  default_string(c, "terminationMessagePolicy", "File");
  // Upstream's Container.Resources is not omitempty, so every stored container carries
  // `resources: {}`; kubectl rollout undo sends templates with it and they must compare equal.
  default_field(c, "resources", json::object());
  if (c.contains("ports") && c["ports"].is_array())
    for (auto& port : c["ports"])
      if (port.is_object()) default_string(port, "protocol", "TCP");
  for (const char* probe : {"livenessProbe", "readinessProbe", "startupProbe"})
    if (c.contains(probe)) default_probe(c[probe]);
  if (c.contains("env") && c["env"].is_array())
    for (auto& env : c["env"])
      if (env.is_object() && env.contains("valueFrom") && env["valueFrom"].is_object() &&
          env["valueFrom"].contains("fieldRef") && env["valueFrom"]["fieldRef"].is_object())
        default_string(env["valueFrom"]["fieldRef"], "apiVersion", "v1");
}

void default_volume(json& v) {
  if (!v.is_object()) return;
  bool has_source = false;
  for (const auto& s : volume_sources()) has_source = has_source || (v.contains(s) && !v[s].is_null());
  if (!has_source) v["emptyDir"] = json::object();
  for (const char* source : {"secret", "configMap", "downwardAPI", "projected"})
    if (v.contains(source) && v[source].is_object()) default_field(v[source], "defaultMode", 420);
  if (v.contains("hostPath") && v["hostPath"].is_object()) default_field(v["hostPath"], "type", "");
  if (v.contains("projected") && v["projected"].is_object() && v["projected"].contains("sources") &&
      v["projected"]["sources"].is_array())
    for (auto& source : v["projected"]["sources"])
      if (source.is_object() && source.contains("serviceAccountToken") &&
          source["serviceAccountToken"].is_object())
        default_field(source["serviceAccountToken"], "expirationSeconds", 3600);
}

// Every container list of a spec: containers, initContainers, ephemeralContainers.
template <typename Fn>
void for_each_container(json& spec, Fn fn) {
  for (const char* list : {"initContainers", "containers", "ephemeralContainers"})
    if (spec.contains(list) && spec[list].is_array())
      for (auto& c : spec[list]) fn(c);
}

void canonicalize_resource_list(json& list) {
  if (!list.is_object()) return;
  for (auto& [name, value] : list.items()) {
    auto parsed = Quantity::from_json(value);
    if (auto* q = std::get_if<Quantity>(&parsed)) value = q->rounded_up(-3).to_string();
  }
}

// Resource names a container may ask for: the standard ones, or any name in a domain other
// than kubernetes.io (extended resources such as example.com/gpu).
bool container_resource_name_ok(const std::string& name) {
  auto slash = name.find('/');
  if (slash != std::string::npos) {
    std::string domain = name.substr(0, slash);
    bool native = domain == "kubernetes.io" ||
                  (domain.size() > 14 && domain.compare(domain.size() - 14, 14, ".kubernetes.io") == 0);
    return !native;
  }
  return name == "cpu" || name == "memory" || name == "ephemeral-storage" ||
         name.rfind("hugepages-", 0) == 0;
}

void validate_resources(const json& resources, const std::string& path, Errors& errors) {
  const json& limits = object_at(resources, "limits");
  const json& requests = object_at(resources, "requests");
  for (auto [list, name] : {std::pair{&limits, "limits"}, {&requests, "requests"}}) {
    std::string at = child(path, name);
    validation::check_resource_list(at, *list, errors);
    for (const auto& [resource, value] : list->items())
      if (!container_resource_name_ok(resource))
        errors.push_back(invalid_value(validation::key(at, resource), resource,
                                       "must be a standard resource for containers"));
  }
  for (const auto& [resource, value] : requests.items()) {
    if (!limits.contains(resource)) continue;
    auto request = Quantity::from_json(value);
    auto limit = Quantity::from_json(limits[resource]);
    auto* r = std::get_if<Quantity>(&request);
    auto* l = std::get_if<Quantity>(&limit);
    if (r && l && *r > *l)
      errors.push_back(invalid_value(
          validation::key(child(path, "requests"), resource), r->to_string(),
          "must be less than or equal to " + resource + " limit of " + l->to_string()));
  }
}

void validate_ports(const json& c, const std::string& path, std::set<std::string>& port_names,
                    Errors& errors) {
  const json& ports = array_at(c, "ports");
  for (size_t i = 0; i < ports.size(); ++i) {
    const json& port = ports[i];
    std::string at = index(path, i);
    std::string name = text(port, "name");
    if (!name.empty()) {
      validation::check_port_name(child(at, "name"), name, errors);
      if (!port_names.insert(name).second) errors.push_back(duplicate(child(at, "name"), name));
    }
    json container_port = port.value("containerPort", json(0));
    if (container_port == 0) errors.push_back(required(child(at, "containerPort"), ""));
    else validation::check_port_number(child(at, "containerPort"), container_port, errors);
    json host_port = port.value("hostPort", json(0));
    if (host_port != 0) validation::check_port_number(child(at, "hostPort"), host_port, errors);
    validation::check_enum(child(at, "protocol"), port.value("protocol", json("")),
                           {"SCTP", "TCP", "UDP"}, errors);
  }
}

void validate_env(const json& c, const std::string& path, Errors& errors) {
  const json& env = array_at(c, "env");
  for (size_t i = 0; i < env.size(); ++i) {
    std::string at = child(index(path, i), "name");
    std::string name = text(env[i], "name");
    if (name.empty()) errors.push_back(required(at, ""));
    else validation::check_env_var_name(at, name, errors);
  }
}

void validate_volume_mounts(const json& c, const std::string& path,
                            const std::set<std::string>& volumes, Errors& errors) {
  const json& mounts = array_at(c, "volumeMounts");
  std::set<std::string> mount_paths;
  for (size_t i = 0; i < mounts.size(); ++i) {
    std::string at = index(path, i);
    std::string name = text(mounts[i], "name");
    std::string mount_path = text(mounts[i], "mountPath");
    if (name.empty()) errors.push_back(required(child(at, "name"), ""));
    else if (!volumes.count(name)) errors.push_back(validation::not_found_value(child(at, "name"), name));
    if (mount_path.empty()) errors.push_back(required(child(at, "mountPath"), ""));
    else if (!mount_paths.insert(mount_path).second)
      errors.push_back(invalid_value(child(at, "mountPath"), mount_path, "must be unique"));
  }
}

// One container list (containers or initContainers) at `path`.
void validate_containers(const json& list, const std::string& path,
                         const std::set<std::string>& volumes, std::set<std::string>& names,
                         std::set<std::string>& port_names, Errors& errors) {
  for (size_t i = 0; i < list.size(); ++i) {
    const json& c = list[i];
    std::string at = index(path, i);
    std::string name = text(c, "name");
    if (name.empty()) errors.push_back(required(child(at, "name"), ""));
    else {
      validation::check_dns1123_label(child(at, "name"), name, errors);
      if (!names.insert(name).second) errors.push_back(duplicate(child(at, "name"), name));
    }
    if (text(c, "image").empty()) errors.push_back(required(child(at, "image"), ""));
    validation::check_enum(child(at, "imagePullPolicy"), c.value("imagePullPolicy", json("")),
                           {"Always", "IfNotPresent", "Never"}, errors);
    validation::check_enum(child(at, "terminationMessagePolicy"),
                           c.value("terminationMessagePolicy", json("")),
                           {"File", "FallbackToLogsOnError"}, errors);
    validate_ports(c, child(at, "ports"), port_names, errors);
    validate_env(c, child(at, "env"), errors);
    validate_resources(object_at(c, "resources"), child(at, "resources"), errors);
    validate_volume_mounts(c, child(at, "volumeMounts"), volumes, errors);
  }
}

// Volumes at `path`; returns their names for volumeMounts to refer to.
std::set<std::string> validate_volumes(const json& volumes, const std::string& path, Errors& errors) {
  std::set<std::string> names;
  for (size_t i = 0; i < volumes.size(); ++i) {
    const json& v = volumes[i];
    std::string at = index(path, i);
    std::string name = text(v, "name");
    if (name.empty()) errors.push_back(required(child(at, "name"), ""));
    else {
      validation::check_dns1123_label(child(at, "name"), name, errors);
      if (!names.insert(name).second) errors.push_back(duplicate(child(at, "name"), name));
    }
    int sources = 0;
    for (const auto& source : volume_sources()) {
      if (!v.is_object() || !v.contains(source) || v[source].is_null()) continue;
      if (++sources > 1)
        errors.push_back(forbidden(child(at, source), "may not specify more than 1 volume type"));
    }
    if (sources == 0) errors.push_back(required(at, "must specify a volume type"));
    auto need = [&](const char* source, const char* field) {
      if (v.is_object() && v.contains(source) && v[source].is_object() && text(v[source], field).empty())
        errors.push_back(required(child(child(at, source), field), ""));
    };
    need("persistentVolumeClaim", "claimName");
    need("secret", "secretName");
    need("hostPath", "path");
    need("nfs", "server");
    need("nfs", "path");
  }
  return names;
}

}  // namespace

std::string default_pull_policy(std::string_view image) {
  // The tag is after the last ':' of the last path component, before any '@digest'.
  std::string_view name = image.substr(0, image.find('@'));
  bool digest = name.size() != image.size();
  auto slash = name.rfind('/');
  std::string_view last = slash == std::string_view::npos ? name : name.substr(slash + 1);
  auto colon = last.rfind(':');
  std::string_view tag = colon == std::string_view::npos ? "" : last.substr(colon + 1);
  if (tag.empty()) return digest ? "IfNotPresent" : "Always";
  return tag == "latest" ? "Always" : "IfNotPresent";
}

void default_pod_spec(json& spec) {
  if (!spec.is_object()) return;
  default_string(spec, "dnsPolicy", "ClusterFirst");
  default_string(spec, "restartPolicy", "Always");
  default_field(spec, "securityContext", json::object());
  default_field(spec, "terminationGracePeriodSeconds", 30);
  default_string(spec, "schedulerName", "default-scheduler");
  for_each_container(spec, default_container);
  if (spec.contains("volumes") && spec["volumes"].is_array())
    for (auto& v : spec["volumes"]) default_volume(v);
}

void default_pod_only(json& spec) {
  if (!spec.is_object()) return;
  default_field(spec, "enableServiceLinks", true);
  const bool host_network = spec.value("hostNetwork", false) == true;
  for (const char* list : {"initContainers", "containers"}) {
    if (!spec.contains(list) || !spec[list].is_array()) continue;
    for (auto& c : spec[list]) {
      if (!c.is_object()) continue;
      if (c.contains("resources") && c["resources"].is_object()) {
        json& r = c["resources"];
        if (r.contains("limits") && r["limits"].is_object()) {
          if (!r.contains("requests") || !r["requests"].is_object()) r["requests"] = json::object();
          for (const auto& [k, v] : r["limits"].items())
            if (!r["requests"].contains(k)) r["requests"][k] = v;
        }
      }
      if (host_network && c.contains("ports") && c["ports"].is_array())
        for (auto& p : c["ports"])
          if (p.is_object() && p.value("hostPort", json(0)) == 0 && p.contains("containerPort"))
            p["hostPort"] = p["containerPort"];
    }
  }
}

void default_pod_template_spec(json& tmpl) {
  if (tmpl.is_object() && tmpl.contains("spec")) default_pod_spec(tmpl["spec"]);
}

void canonicalize_pod_spec(json& spec) {
  if (!spec.is_object()) return;
  for_each_container(spec, [](json& c) {
    if (!c.is_object() || !c.contains("resources") || !c["resources"].is_object()) return;
    for (const char* list : {"limits", "requests"})
      if (c["resources"].contains(list)) canonicalize_resource_list(c["resources"][list]);
  });
}

void canonicalize_pod_template_spec(json& tmpl) {
  if (tmpl.is_object() && tmpl.contains("spec")) canonicalize_pod_spec(tmpl["spec"]);
}

void validate_pod_spec(const json& spec, std::string_view path_view, Errors& errors) {
  const std::string path(path_view);
  std::set<std::string> volumes = validate_volumes(array_at(spec, "volumes"), child(path, "volumes"), errors);
  const json& containers = array_at(spec, "containers");
  if (containers.empty()) errors.push_back(required(child(path, "containers"), ""));
  std::set<std::string> names, port_names;
  validate_containers(array_at(spec, "initContainers"), child(path, "initContainers"), volumes,
                      names, port_names, errors);
  validate_containers(containers, child(path, "containers"), volumes, names, port_names, errors);
  validation::check_enum(child(path, "restartPolicy"), spec.value("restartPolicy", json("")),
                         {"Always", "OnFailure", "Never"}, errors);
  validation::check_enum(child(path, "dnsPolicy"), spec.value("dnsPolicy", json("")),
                         {"ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"}, errors);
  validation::validate_labels(object_at(spec, "nodeSelector"), child(path, "nodeSelector"), errors);
  for (const char* field : {"terminationGracePeriodSeconds", "activeDeadlineSeconds"})
    if (spec.contains(field)) validation::check_nonnegative(child(path, field), spec[field], errors);
  std::string sa = text(spec, "serviceAccountName");
  if (!sa.empty()) validation::check_dns1123_subdomain(child(path, "serviceAccountName"), sa, errors);
  std::string node = text(spec, "nodeName");
  if (!node.empty()) validation::check_dns1123_subdomain(child(path, "nodeName"), node, errors);
}

void validate_pod_template_spec(const json& tmpl, std::string_view path_view, Errors& errors) {
  const std::string path(path_view);
  const json& meta = object_at(tmpl, "metadata");
  validation::validate_labels(meta.value("labels", json()), child(path, "labels"), errors);
  validation::validate_annotations(meta.value("annotations", json()), child(path, "annotations"), errors);
  validate_pod_spec(object_at(tmpl, "spec"), child(path, "spec"), errors);
}

}  // namespace kapi::registry::core
