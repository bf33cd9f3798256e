#include "controllers/shared_informers.h"

#include <vector>

namespace kapi::controllers {

client::Informer& SharedInformers::informer(const client::Resource& resource) {
  std::lock_guard lock(mu_);
  auto& slot = informers_[resource.to_string()];
  if (slot && slot->want_whole_objects()) return *slot;
  if (slot) metadata_only_running_.push_back(std::move(slot));
  return make_locked(resource, false);
}

client::Informer& SharedInformers::metadata_informer(const client::Resource& resource) {
  std::lock_guard lock(mu_);
  if (auto it = informers_.find(resource.to_string()); it != informers_.end()) return *it->second;
  return make_locked(resource, true);
}

client::Informer& SharedInformers::make_locked(const client::Resource& resource, bool metadata_only) {
  auto& slot = informers_[resource.to_string()];
  client::InformerOptions options;
  options.resource = resource;
  options.metadata_only = metadata_only;
  slot = std::make_unique<client::Informer>(client_, options);
  slot->add_index(client::kNamespaceIndex, client::index_by_namespace);
  slot->add_index(client::kOwnerUidIndex, client::index_by_owner_uid);
  slot->add_index(client::kNodeNameIndex, client::index_by_node_name);
  if (started_) slot->start();
  return *slot;
}

void SharedInformers::start() {
  std::lock_guard lock(mu_);
  started_ = true;
  for (auto& [_, informer] : informers_) informer->start();
}

bool SharedInformers::wait_for_sync(std::chrono::milliseconds timeout) {
  std::vector<client::Informer*> all;
  {
    std::lock_guard lock(mu_);
    for (auto& [_, informer] : informers_) all.push_back(informer.get());
    for (auto& informer : metadata_only_running_) all.push_back(informer.get());
  }
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (auto* informer : all) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (!informer->wait_for_sync(std::max(left, std::chrono::milliseconds(0)))) return false;
  }
  return true;
}

void SharedInformers::stop() {
  std::lock_guard lock(mu_);
  for (auto& [_, informer] : informers_) informer->stop();
  for (auto& informer : metadata_only_running_) informer->stop();
}

}  // namespace kapi::controllers
