#include "controllers/builtin.h"

#include "controllers/factories.h"

namespace kapi::controllers {

const std::vector<ControllerDescriptor>& builtin_controllers() {
  static const std::vector<ControllerDescriptor> all = {
      {"node", make_node_controller},
      {"scheduler", make_scheduler_controller},
      {"namespace", make_namespace_controller},
      {"garbagecollector", make_garbagecollector_controller},
      {"pvbinder", make_pvbinder_controller},
      {"localpath", make_localpath_controller},
      {"statefulset", make_statefulset_controller},
      {"replicaset", make_replicaset_controller},
      {"deployment", make_deployment_controller},
  };
  return all;
}

std::variant<std::set<std::string>, std::string> select_controllers(const std::vector<std::string>& flags) {
  std::set<std::string> known;
  for (const auto& c : builtin_controllers()) known.insert(c.name);
  bool star = false;
  std::set<std::string> on, off;
  for (const auto& item : flags) {
    if (item == "*") {
      star = true;
      continue;
    }
    bool disable = !item.empty() && item[0] == '-';
    std::string name = disable ? item.substr(1) : item;
    if (!known.count(name)) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      return "unknown controller \"" + name + "\" (known: " + list + ")";
    }
    (disable ? off : on).insert(name);
  }
  std::set<std::string> enabled = star ? known : on;
  for (const auto& name : off) enabled.erase(name);
  return enabled;
}

std::vector<ControllerDescriptor> builtin_descriptors(const std::set<std::string>& enabled) {
  std::vector<ControllerDescriptor> out;
  for (const auto& descriptor : builtin_controllers())
    if (enabled.count(descriptor.name)) out.push_back(descriptor);
  return out;
}

}  // namespace kapi::controllers
