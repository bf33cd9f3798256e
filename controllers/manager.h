// Runs a chosen set of built-in controllers against one API (in-process or over HTTPS): builds
// them over shared informers, starts the informers, waits for their first lists, starts the
// controllers; stops them in reverse.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "controllers/controller.h"
#include "controllers/shared_informers.h"

namespace kapi::controllers {

struct ControllerDescriptor {
  std::string name;                 // as --controllers names it: "statefulset"
  std::function<ControllerPtr(ControllerContext&)> make;
};

class ControllerManager {
 public:
  // Runs `controllers` (builtin.h chooses them from --controllers), started in that order.
  // context.informers is ignored: the manager owns the shared informers, over
  // context.client_for("shared-informers").
  ControllerManager(ControllerContext context, std::vector<ControllerDescriptor> controllers);
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
  std::vector<ControllerDescriptor> descriptors_;
  std::unique_ptr<SharedInformers> informers_;
  std::vector<ControllerPtr> controllers_;
  std::vector<std::string> names_;
  bool stopped_ = false;
};

}  // namespace kapi::controllers
