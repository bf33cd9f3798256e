// Placeholder until the namespace controller lands: starts and does nothing.
#include "controllers/factories.h"

namespace kapi::controllers {

namespace {
class Idle : public Controller {
 public:
  void start() override {}
  void stop() override {}
};
}  // namespace

ControllerPtr make_namespace_controller(ControllerContext&) { return std::make_unique<Idle>(); }

}  // namespace kapi::controllers
