#include "controllers/common/controller_expectations.h"

namespace kapi::controllers {

bool ControllerExpectations::satisfied(const std::string& key) const {
  std::lock_guard lock(mu_);
  auto it = records_.find(key);
  if (it == records_.end()) return true;
  const Record& r = it->second;
  if (r.adds <= 0 && r.deleting.empty()) return true;
  return clock_->now() - r.at > kTimeout;
}

void ControllerExpectations::expect(const std::string& key, int adds, const std::set<std::string>& deleting) {
  std::lock_guard lock(mu_);
  records_[key] = Record{adds, deleting, clock_->now()};
}

void ControllerExpectations::creation_observed(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = records_.find(key);
  if (it != records_.end()) --it->second.adds;
}

void ControllerExpectations::deletion_observed(const std::string& key, const std::string& object_key) {
  std::lock_guard lock(mu_);
  auto it = records_.find(key);
  if (it != records_.end()) it->second.deleting.erase(object_key);
}

void ControllerExpectations::forget(const std::string& key) {
  std::lock_guard lock(mu_);
  records_.erase(key);
}

}  // namespace kapi::controllers
