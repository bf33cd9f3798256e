#include "controllers/manager.h"


namespace kapi::controllers {

ControllerManager::ControllerManager(ControllerContext context, std::vector<ControllerDescriptor> controllers)
    : context_(std::move(context)), descriptors_(std::move(controllers)) {}

ControllerManager::~ControllerManager() { stop(); }

std::optional<std::string> ControllerManager::start(std::chrono::milliseconds sync_timeout) {
  informers_ = std::make_unique<SharedInformers>(context_.client_for("shared-informers"));
  context_.informers = informers_.get();
  for (const auto& descriptor : descriptors_) {
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
