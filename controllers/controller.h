// What every built-in controller is to the manager: built with a ControllerContext (where it
// registers its informer handlers), then started once the shared informers have synced, then
// stopped. Controllers reach the API only through the context's clients (DESIGN.md).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "client/client.h"
#include "client/clock.h"

namespace kapi::controllers {

class SharedInformers;

// Settings the built-in controllers take from the command line.
struct ControllerOptions {
  std::string node_name = "kapi-node";          // the simulated node's name
  std::string node_ip = "10.0.0.10";            // its InternalIP; pods get IPs from pod_cidr
  std::string pod_cidr = "10.244.0.0/24";
  std::string local_path_root;                  // where the local-path provisioner makes directories
  // How long the simulated kubelet takes to stop a deleted pod's containers, whatever its grace
  // period (upstream waits up to terminationGracePeriodSeconds).
  std::chrono::milliseconds pod_stop_delay{200};
  int workers = 2;                              // sync workers per controller
};

struct ControllerContext {
  // A client acting as the named controller: in-process, "system:serviceaccount:kube-system:<name>".
  std::function<client::ClientPtr(const std::string& controller_name)> client_for;
  SharedInformers* informers = nullptr;         // one list+watch per resource for all controllers
  client::ClockPtr clock = std::make_shared<client::RealClock>();
  ControllerOptions options;
};

class Controller {
 public:
  virtual ~Controller() = default;
  // Called once the informers have synced: start workers.
  virtual void start() = 0;
  // Stops workers; a sync in progress finishes first. Idempotent. Informers are stopped after.
  virtual void stop() = 0;
};
using ControllerPtr = std::unique_ptr<Controller>;

}  // namespace kapi::controllers
