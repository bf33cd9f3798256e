// Nodes: cluster-scoped, status through /status (allocatable defaults to capacity),
// spec.unschedulable selectable, and the `kubectl get nodes` table.
#include <set>

#include "registry/apps/workload_columns.h"
#include "registry/core/resources.h"
#include "registry/object_meta.h"
#include "registry/validation/field_checks.h"

namespace kapi::registry::core {
namespace {

using validation::array_at;
using validation::object_at;
using validation::text;

std::string node_status(const json& node) {
  std::string status = "Unknown";
  for (const auto& c : array_at(object_at(node, "status"), "conditions"))
    if (text(c, "type") == "Ready") {
      status = text(c, "status") == "True" ? "Ready" : "NotReady";
      break;
    }
  if (object_at(node, "spec").value("unschedulable", false) == true) status += ",SchedulingDisabled";
  return status;
}

std::string node_roles(const json& node) {
  std::set<std::string> roles;
  const std::string prefix = "node-role.kubernetes.io/";
  for (const auto& [k, v] : object_at(object_at(node, "metadata"), "labels").items()) {
    if (k.rfind(prefix, 0) == 0 && k.size() > prefix.size()) roles.insert(k.substr(prefix.size()));
    if (k == "kubernetes.io/role" && v.is_string() && !v.get<std::string>().empty()) roles.insert(v.get<std::string>());
  }
  std::string out;
  for (const auto& r : roles) out += (out.empty() ? "" : ",") + r;
  return out.empty() ? "<none>" : out;
}

std::string address_of(const json& node, const char* type) {
  for (const auto& a : array_at(object_at(node, "status"), "addresses"))
    if (text(a, "type") == type) return text(a, "address");
  return "<none>";
}

std::string or_unknown(const std::string& s) { return s.empty() ? "<unknown>" : s; }

class NodeStrategy : public Strategy {
 public:
  bool keeps_status_on_create() const override { return true; }
  void canonicalize(json& obj) const override {
    // SetDefaults_NodeStatus: allocatable is capacity until the kubelet says otherwise.
    if (!obj.contains("status") || !obj["status"].is_object()) return;
    json& status = obj["status"];
    if (!status.contains("allocatable") && status.contains("capacity")) status["allocatable"] = status["capacity"];
  }
  void validate(const json& obj, std::vector<FieldError>& errors) const override {
    const json& status = object_at(obj, "status");
    validation::check_resource_list("status.capacity", object_at(status, "capacity"), errors);
    validation::check_resource_list("status.allocatable", object_at(status, "allocatable"), errors);
  }
  void validate_update(const json& obj, const json&, std::vector<FieldError>& errors) const override {
    validate(obj, errors);
  }
  void selectable_fields(const json& obj, std::map<std::string, std::string>& fields) const override {
    fields["spec.unschedulable"] = object_at(obj, "spec").value("unschedulable", false) == true ? "true" : "false";
  }
  TablePrinter table_printer() const override {
    using apps::column;
    TablePrinter p;
    p.columns = {apps::name_column(),
                 column("Status", "string", "The status of the node"),
                 column("Roles", "string", "The roles of the node"),
                 apps::age_column(),
                 column("Version", "string", "Kubelet Version reported by the node."),
                 column("Internal-IP", "string", "List of addresses reachable to the node. Queried from cloud provider, if available.", 1),
                 column("External-IP", "string", "List of addresses reachable to the node. Queried from cloud provider, if available.", 1),
                 column("OS-Image", "string", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", 1),
                 column("Kernel-Version", "string", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
                 column("Container-Runtime", "string", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", 1)};
    p.cells = [](const json& node, std::chrono::system_clock::time_point now) {
      const json& info = object_at(object_at(node, "status"), "nodeInfo");
      return json::array({meta_string(node, "name"), node_status(node), node_roles(node), age_since(node, now),
                          text(info, "kubeletVersion"), address_of(node, "InternalIP"),
                          address_of(node, "ExternalIP"), or_unknown(text(info, "osImage")),
                          or_unknown(text(info, "kernelVersion")), or_unknown(text(info, "containerRuntimeVersion"))});
    };
    return p;
  }
};
}  // namespace

ResourceDefinition nodes() {
  return {{"", "v1", "Node", "nodes", "node", {"no"}, {}, false, {"status", "proxy"}},
          std::make_shared<NodeStrategy>()};
}
}  // namespace kapi::registry::core
