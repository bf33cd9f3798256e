#include "controllers/manager.h"

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

ControllerManager::ControllerManager(ControllerContext context, std::set<std::string> enabled)
    : context_(std::move(context)), enabled_(std::move(enabled)) {}

ControllerManager::~ControllerManager() { stop(); }

std::optional<std::string> ControllerManager::start(std::chrono::milliseconds sync_timeout) {
  informers_ = std::make_unique<SharedInformers>(context_.client_for("shared-informers"));
  context_.informers = informers_.get();
  for (const auto& descriptor : builtin_controllers()) {
    if (!enabled_.count(descriptor.name)) continue;
    controllers_.push_back(descriptor.make(context_));
    names_.push_back(descriptor.name);
  }
  informers_->start();
  if (!informers_->wait_for_sync(sync_timeout)) return std::string("informers did not sync in time");
  for (auto& controller : controllers_) controller->start();
  return std::nullopt;
}

void ControllerManager::stop() {
  if (stopped_) return;
  stopped_ = true;
  for (auto it = controllers_.rbegin(); it != controllers_.rend(); ++it) (*it)->stop();
  // Informer handlers call into the controllers: stop them before the controllers go.
  if (informers_) informers_->stop();
  controllers_.clear();
  informers_.reset();
}

}  // namespace kapi::controllers
