// Services: upstream defaults (type ClusterIP, sessionAffinity None, ports TCP with targetPort =
// port, traffic policies, ipFamilies/ipFamilyPolicy of a single-stack IPv4 cluster), a ClusterIP
// from 10.96.0.0/12 and NodePorts from 30000-32767 (service_allocator.h), `None` for headless,
// validation as upstream, allocated values kept across updates, and the `kubectl get svc` table.
#include <set>

#include "registry/apps/workload_columns.h"
#include "registry/core/resources.h"
#include "registry/core/service_allocator.h"
#include "registry/object_meta.h"
#include "registry/validation/object_meta_validation.h"
#include "registry/stored_json.h"

namespace kapi::registry::core {
namespace {

using validation::array_at;
using validation::child;
using validation::index;
using validation::object_at;
using validation::text;

bool needs_cluster_ip(const json& spec) { return text(spec, "type") != "ExternalName"; }
bool needs_node_ports(const json& spec) {
  return text(spec, "type") == "NodePort" || text(spec, "type") == "LoadBalancer";
}

// A Go []string rendered as upstream's field errors print it: []string{"a", "b"}.
std::string go_strings(const json& list) {
  std::string out = "[]string{";
  bool first = true;
  for (const auto& v : list) {
    out += (first ? "\"" : ", \"") + (v.is_string() ? v.get<std::string>() : v.dump()) + "\"";
    first = false;
  }
  return out + "}";
}

void apply_defaults(json& spec) {
  if (text(spec, "type").empty()) spec["type"] = "ClusterIP";
  if (text(spec, "sessionAffinity").empty()) spec["sessionAffinity"] = "None";
  if (spec["sessionAffinity"] == "None") spec.erase("sessionAffinityConfig");
  if (spec["sessionAffinity"] == "ClientIP" &&
      !object_at(object_at(object_at(spec, "sessionAffinityConfig"), "clientIP"), "timeoutSeconds").is_number())
    spec["sessionAffinityConfig"] = {{"clientIP", {{"timeoutSeconds", 10800}}}};
  if (spec.contains("ports") && spec["ports"].is_array())
    for (auto& port : spec["ports"]) {
      if (!port.is_object()) continue;
      if (text(port, "protocol").empty()) port["protocol"] = "TCP";
      const json target = port.value("targetPort", json());
      if (target.is_null() || target == 0 || target == "") port["targetPort"] = port.value("port", json(0));
    }
  const std::string type = text(spec, "type");
  if (needs_node_ports(spec) && text(spec, "externalTrafficPolicy").empty())
    spec["externalTrafficPolicy"] = "Cluster";
  if ((type == "ClusterIP" || type == "NodePort" || type == "LoadBalancer") &&
      text(spec, "internalTrafficPolicy").empty())
    spec["internalTrafficPolicy"] = "Cluster";
  if (type == "LoadBalancer" && !spec.contains("allocateLoadBalancerNodePorts"))
    spec["allocateLoadBalancerNodePorts"] = true;
  // clusterIP and clusterIPs say the same thing; fill whichever is missing.
  if (!text(spec, "clusterIP").empty() && array_at(spec, "clusterIPs").empty())
    spec["clusterIPs"] = json::array({spec["clusterIP"]});
  if (text(spec, "clusterIP").empty() && !array_at(spec, "clusterIPs").empty() &&
      spec["clusterIPs"][0].is_string())
    spec["clusterIP"] = spec["clusterIPs"][0];
}

// ipFamilies/ipFamilyPolicy as upstream sets them on a single-stack IPv4 cluster: selectorless
// headless services ask for RequireDualStack, all others SingleStack.
void default_ip_families(json& spec) {
  if (!needs_cluster_ip(spec)) return;
  bool headless = text(spec, "clusterIP") == "None";
  if (text(spec, "ipFamilyPolicy").empty())
    spec["ipFamilyPolicy"] = headless && object_at(spec, "selector").empty() ? "RequireDualStack" : "SingleStack";
  if (array_at(spec, "ipFamilies").empty()) spec["ipFamilies"] = json::array({"IPv4"});
}

void validate_ports(const json& spec, std::vector<FieldError>& errors) {
  const json& ports = array_at(spec, "ports");
  const std::string type = text(spec, "type");
  if (ports.empty() && text(spec, "clusterIP") != "None" && type != "ExternalName")
    errors.push_back(required("spec.ports", ""));
  std::set<std::string> names;
  for (size_t i = 0; i < ports.size(); ++i) {
    const json& port = ports[i];
    std::string at = index("spec.ports", i);
    std::string name = text(port, "name");
    if (ports.size() > 1 && name.empty()) errors.push_back(required(child(at, "name"), ""));
    if (!name.empty()) {
      validation::check_dns1123_label(child(at, "name"), name, errors);
      if (!names.insert(name).second) errors.push_back(duplicate(child(at, "name"), name));
    }
    validation::check_port_number(child(at, "port"), port.value("port", json(0)), errors);
    validation::check_enum(child(at, "protocol"), port.value("protocol", json("")), {"SCTP", "TCP", "UDP"}, errors);
    const json target = port.value("targetPort", json(0));
    if (target.is_string()) validation::check_port_name(child(at, "targetPort"), target.get<std::string>(), errors);
    else validation::check_port_number(child(at, "targetPort"), target, errors);
    if (port.value("nodePort", json(0)) != 0 && !needs_node_ports(spec))
      errors.push_back(forbidden(child(at, "nodePort"), "may not be used when `type` is '" + type + "'"));
  }
}

class ServiceStrategy : public Strategy {
 public:
  explicit ServiceStrategy(std::shared_ptr<ServiceAllocator> allocator) : allocator_(std::move(allocator)) {}
  ServiceAllocator& allocator() const { return *allocator_; }

  void prepare_for_create(json& obj) const override {
    json& spec = spec_of(obj);
    apply_defaults(spec);
    default_ip_families(spec);
    std::string owner = service_owner(obj);
    if (needs_cluster_ip(spec) && text(spec, "clusterIP").empty()) {
      if (auto ip = allocator_->allocate_ip(owner)) {
        spec["clusterIP"] = *ip;
        spec["clusterIPs"] = json::array({*ip});
      }
    }
    if (needs_node_ports(spec) && spec.contains("ports") && spec["ports"].is_array())
      for (auto& port : spec["ports"])
        if (port.is_object() && port.value("nodePort", json(0)) == 0)
          if (auto p = allocator_->allocate_node_port(owner)) port["nodePort"] = *p;
    obj["status"] = {{"loadBalancer", json::object()}};
  }

  void validate(const json& obj, std::vector<FieldError>& errors) const override {
    validate_spec(obj, errors);
  }

  void prepare_for_update(json& obj, const json& old) const override {
    json& spec = spec_of(obj);
    const json& old_spec = object_at(old, "spec");
    // Allocated values stay when a client leaves them out (kubectl apply never sends them).
    if (needs_cluster_ip(spec) && text(spec, "clusterIP").empty() && array_at(spec, "clusterIPs").empty()) {
      for (const char* field : {"clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy"})
        if (old_spec.contains(field)) spec[field] = old_spec[field];
    }
    if (needs_node_ports(spec) && spec.contains("ports") && spec["ports"].is_array())
      for (auto& port : spec["ports"])
        for (const auto& old_port : array_at(old_spec, "ports"))
          if (port.is_object() && port.value("nodePort", json(0)) == 0 &&
              old_port.value("port", json()) == port.value("port", json()) &&
              old_port.value("nodePort", json(0)) != 0)
            port["nodePort"] = old_port["nodePort"];
    apply_defaults(spec);
    default_ip_families(spec);
  }

  void validate_update(const json& obj, const json& old, std::vector<FieldError>& errors) const override {
    validate_spec(obj, errors);
    const json& spec = object_at(obj, "spec");
    const json& old_spec = object_at(old, "spec");
    const json& ips = array_at(spec, "clusterIPs");
    const json& old_ips = array_at(old_spec, "clusterIPs");
    if (needs_cluster_ip(spec) && needs_cluster_ip(old_spec) && !old_ips.empty() &&
        (ips.empty() || ips[0] != old_ips[0]))
      errors.push_back(invalid_value("spec.clusterIPs[0]", ips.empty() ? json("") : ips[0],
                                     "may not change once set"));
  }

  void selectable_fields(const json& obj, std::map<std::string, std::string>& fields) const override {
    const json& spec = object_at(obj, "spec");
    fields["spec.clusterIP"] = text(spec, "clusterIP");
    fields["spec.type"] = text(spec, "type");
  }

  TablePrinter table_printer() const override;

 private:
  static json& spec_of(json& obj) {
    json& spec = obj["spec"];
    if (!spec.is_object()) spec = json::object();
    return spec;
  }

  void validate_spec(const json& obj, std::vector<FieldError>& errors) const {
    const json& spec = object_at(obj, "spec");
    const std::string type = text(spec, "type");
    validation::check_enum("spec.type", spec.value("type", json("")),
                           {"ClusterIP", "ExternalName", "LoadBalancer", "NodePort"}, errors);
    validation::check_enum("spec.sessionAffinity", spec.value("sessionAffinity", json("")),
                           {"ClientIP", "None"}, errors);
    if (type == "ExternalName") {
      std::string name = text(spec, "externalName");
      if (name.empty()) errors.push_back(required("spec.externalName", ""));
      else validation::check_dns1123_subdomain("spec.externalName", name, errors);
    }
    validate_ports(spec, errors);
    validation::validate_labels(object_at(spec, "selector"), "spec.selector", errors);
    validate_cluster_ips(obj, spec, errors);
  }

  void validate_cluster_ips(const json& obj, const json& spec, std::vector<FieldError>& errors) const {
    if (!needs_cluster_ip(spec)) return;
    const json& ips = array_at(spec, "clusterIPs");
    if (!ips.empty() && ips[0] != spec.value("clusterIP", json("")))
      errors.push_back(invalid_value("spec.clusterIPs", go_strings(ips), "first value must match `clusterIP`"));
    std::string ip = text(spec, "clusterIP");
    if (ip.empty() || ip == "None") {
      if (ip == "None" && type_of(spec) != "ClusterIP")
        errors.push_back(invalid_value("spec.clusterIPs[0]", ip,
                                       "may not be set to 'None' for " + type_of(spec) + " services"));
      return;
    }
    if (!ServiceAllocator::parse_ipv4(ip)) {
      errors.push_back(invalid_value("spec.clusterIPs[0]", ip,
                                     "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
      return;
    }
    std::string why = allocator_->claim_ip(ip, service_owner(obj));
    if (!why.empty())
      errors.push_back({"FieldValueInvalid", "spec.clusterIPs",
                        "Invalid value: " + go_strings(ips) + ": failed to allocate IP " + ip + ": " + why});
    if (!needs_node_ports(spec)) return;
    const json& ports = array_at(spec, "ports");
    for (size_t i = 0; i < ports.size(); ++i) {
      json node_port = ports[i].value("nodePort", json(0));
      if (!node_port.is_number_integer() || node_port == 0) continue;
      std::string port_why = allocator_->claim_node_port(node_port.get<int>(), service_owner(obj));
      if (!port_why.empty())
        errors.push_back(invalid_value(child(index("spec.ports", i), "nodePort"), node_port, port_why));
    }
  }
  static std::string type_of(const json& spec) { return text(spec, "type"); }

  std::shared_ptr<ServiceAllocator> allocator_;
};

std::string external_ips(const json& svc) {
  const json& spec = object_at(svc, "spec");
  std::vector<std::string> external;
  for (const auto& ip : array_at(spec, "externalIPs"))
    if (ip.is_string()) external.push_back(ip.get<std::string>());
  auto join = [](const std::vector<std::string>& list) {
    std::string out;
    for (const auto& s : list) out += (out.empty() ? "" : ",") + s;
    return out;
  };
  const std::string type = text(spec, "type");
  if (type == "ClusterIP" || type == "NodePort") return external.empty() ? "<none>" : join(external);
  if (type == "ExternalName") return text(spec, "externalName");
  if (type != "LoadBalancer") return "<unknown>";
  std::set<std::string> ingress;
  for (const auto& i : array_at(object_at(object_at(svc, "status"), "loadBalancer"), "ingress")) {
    std::string v = text(i, "ip").empty() ? text(i, "hostname") : text(i, "ip");
    if (!v.empty()) ingress.insert(v);
  }
  std::vector<std::string> all(ingress.begin(), ingress.end());
  all.insert(all.end(), external.begin(), external.end());
  return all.empty() ? "<pending>" : join(all);
}

std::string ports_cell(const json& spec) {
  std::string out;
  for (const auto& port : array_at(spec, "ports")) {
    std::string one = std::to_string(port.value("port", 0));
    if (port.value("nodePort", 0) > 0) one += ":" + std::to_string(port.value("nodePort", 0));
    out += (out.empty() ? "" : ",") + one + "/" + text(port, "protocol");
  }
  return out.empty() ? "<none>" : out;
}

TablePrinter ServiceStrategy::table_printer() const {
  using apps::column;
  TablePrinter p;
  p.columns = {apps::name_column(),
               column("Type", "string", "The type of the service."),
               column("Cluster-IP", "string", "The IP address of the service."),
               column("External-IP", "string", "The external IP addresses of the service."),
               column("Port(s)", "string", "The ports the service exposes."),
               apps::age_column(),
               column("Selector", "string", "Route service traffic to pods with label keys and values matching this selector.", 1)};
  p.cells = [](const json& svc, std::chrono::system_clock::time_point now) {
    const json& spec = object_at(svc, "spec");
    const json& ips = array_at(spec, "clusterIPs");
    std::string cluster_ip = !ips.empty() && ips[0].is_string() ? ips[0].get<std::string>() : "<none>";
    return json::array({meta_string(svc, "name"), text(spec, "type"), cluster_ip, external_ips(svc),
                        ports_cell(spec), age_since(svc, now),
                        apps::format_labels(object_at(spec, "selector"))});
  };
  return p;
}

}  // namespace

ResourceDefinition services() {
  return {{"", "v1", "Service", "services", "service", {"svc"}, {"all"}, true, {"status", "proxy"}},
          std::make_shared<ServiceStrategy>(std::make_shared<ServiceAllocator>())};
}

void connect_service_allocator(const Registry& registry) {
  const GenericStore* store = registry.find("", "v1", "services");
  if (!store) return;
  auto* strategy = dynamic_cast<const ServiceStrategy*>(&store->strategy());
  if (!strategy) return;
  strategy->allocator().set_lister([store] {
    std::vector<json> services;
    auto page = store->list("", ListQuery{});
    if (!page.ok()) return services;
    for (const auto& bytes : page->items) services.push_back(registry::parse_stored_json(*bytes));
    return services;
  });
}

}  // namespace kapi::registry::core
