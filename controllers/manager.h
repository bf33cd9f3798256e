// Runs a chosen set of built-in controllers against one API (in-process or over HTTPS): builds
// them over shared informers, starts the informers, waits for their first lists, starts the
// controllers; stops them in reverse.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "controllers/controller.h"
#include "controllers/shared_informers.h"

namespace kapi::controllers {

struct ControllerDescriptor {
  std::string name;                 // as --controllers names it: "statefulset"
  std::function<ControllerPtr(ControllerContext&)> make;
};
// Every built-in controller, in start order (the node first, so pods have somewhere to go).
const std::vector<ControllerDescriptor>& builtin_controllers();

// Upstream's --controllers rule: "*" enables every controller, "name" enables one, "-name"
// disables one (winning over "*"). No flags: none. An unknown name is an error.
std::variant<std::set<std::string>, std::string> select_controllers(const std::vector<std::string>& flags);

class ControllerManager {
 public:
  // context.informers is ignored: the manager owns the shared informers, over
  // context.client_for("shared-informers").
  ControllerManager(ControllerContext context, std::set<std::string> enabled);
  ~ControllerManager();
  ControllerManager(const ControllerManager&) = delete;
  ControllerManager& operator=(const ControllerManager&) = delete;

  // Builds and starts the controllers; an error if the informers did not sync in time.
  std::optional<std::string> start(std::chrono::milliseconds sync_timeout = std::chrono::seconds(60));
  // Idempotent.
  void stop();

  const std::vector<std::string>& running() const { return names_; }

 private:
  ControllerContext context_;
  std::set<std::string> enabled_;
  std::unique_ptr<SharedInformers> informers_;
  std::vector<ControllerPtr> controllers_;
  std::vector<std::string> names_;
  bool stopped_ = false;
};

}  // namespace kapi::controllers
