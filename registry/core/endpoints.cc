// Endpoints: ports default to TCP, addresses and ports are checked, and the table lists up to
// three ip:port entries.
#include "registry/apps/workload_columns.h"
#include "registry/core/resources.h"
#include "registry/core/service_allocator.h"
#include "registry/object_meta.h"
#include "registry/validation/field_checks.h"

namespace kapi::registry::core {
namespace {

using validation::array_at;
using validation::child;
using validation::index;
using validation::text;

std::string endpoints_cell(const json& ep) {
  const json& subsets = array_at(ep, "subsets");
  if (subsets.empty()) return "<none>";
  std::vector<std::string> entries;
  for (const auto& subset : subsets) {
    const json& ports = array_at(subset, "ports");
    for (const auto& address : array_at(subset, "addresses")) {
      std::string ip = text(address, "ip");
      if (ports.empty()) {
        entries.push_back(ip);
        continue;
      }
      std::string host = ip.find(':') != std::string::npos ? "[" + ip + "]" : ip;
      for (const auto& port : ports) entries.push_back(host + ":" + std::to_string(port.value("port", 0)));
    }
  }
  std::string out;
  for (size_t i = 0; i < entries.size() && i < 3; ++i) out += (i ? "," : "") + entries[i];
  if (entries.size() > 3) out += " + " + std::to_string(entries.size() - 3) + " more...";
  return out;
}

class EndpointsStrategy : public Strategy {
 public:
  void prepare_for_create(json& obj) const override { default_ports(obj); }
  void prepare_for_update(json& obj, const json&) const override { default_ports(obj); }
  void validate(const json& obj, std::vector<FieldError>& errors) const override {
    const json& subsets = array_at(obj, "subsets");
    for (size_t i = 0; i < subsets.size(); ++i) {
      std::string at = index("subsets", i);
      for (const char* list : {"addresses", "notReadyAddresses"}) {
        const json& addresses = array_at(subsets[i], list);
        for (size_t j = 0; j < addresses.size(); ++j) {
          std::string ip = text(addresses[j], "ip");
          if (!ServiceAllocator::parse_ipv4(ip) && ip.find(':') == std::string::npos)
            errors.push_back(invalid_value(child(index(child(at, list), j), "ip"), ip,
                                           "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
        }
      }
      const json& ports = array_at(subsets[i], "ports");
      for (size_t j = 0; j < ports.size(); ++j) {
        std::string port_at = index(child(at, "ports"), j);
        validation::check_port_number(child(port_at, "port"), ports[j].value("port", json(0)), errors);
        validation::check_enum(child(port_at, "protocol"), ports[j].value("protocol", json("")),
                               {"SCTP", "TCP", "UDP"}, errors);
      }
    }
  }
  void validate_update(const json& obj, const json&, std::vector<FieldError>& errors) const override {
    validate(obj, errors);
  }
  TablePrinter table_printer() const override {
    TablePrinter p;
    p.columns = {apps::name_column(), apps::column("Endpoints", "string", "Endpoints of the service"),
                 apps::age_column()};
    p.cells = [](const json& ep, std::chrono::system_clock::time_point now) {
      return json::array({meta_string(ep, "name"), endpoints_cell(ep), age_since(ep, now)});
    };
    return p;
  }

 private:
  static void default_ports(json& obj) {
    if (!obj.contains("subsets") || !obj["subsets"].is_array()) return;
    for (auto& subset : obj["subsets"])
      if (subset.is_object() && subset.contains("ports") && subset["ports"].is_array())
        for (auto& port : subset["ports"])
          if (port.is_object() && text(port, "protocol").empty()) port["protocol"] = "TCP";
  }
};
}  // namespace

ResourceDefinition endpoints() {
  return {{"", "v1", "Endpoints", "endpoints", "endpoints", {"ep"}, {}, true, {}},
          std::make_shared<EndpointsStrategy>()};
}
}  // namespace kapi::registry::core
