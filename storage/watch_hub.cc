#include "storage/watch_hub.h"

#include <algorithm>

#include "base/thread_name.h"
#include "storage/write_value.h"

namespace kapi::storage {
namespace {
// The sync loop also wakes on its own this often, so a missed wake-up only delays.
constexpr auto kSyncPeriod = std::chrono::milliseconds(50);

void erase_from(std::vector<WatcherPtr>& group, const Watcher* watcher) {
  auto it = std::find_if(group.begin(), group.end(),
                         [&](const WatcherPtr& w) { return w.get() == watcher; });
  if (it == group.end()) return;
  std::swap(*it, group.back());  // order within a group does not matter
  group.pop_back();
}
}  // namespace

std::shared_ptr<WatchHub> WatchHub::create(EventSource* source, Revision published,
                                           WatchHubOptions options) {
  std::shared_ptr<WatchHub> hub(new WatchHub(source, published, options));
  hub->sync_thread_ = std::thread([raw = hub.get()] {
    set_thread_name("kapi-watchhub");
    raw->sync_loop();
  });
  return hub;
}

WatchHub::WatchHub(EventSource* source, Revision published, WatchHubOptions options)
    : source_(source),
      options_(options),
      published_(std::make_shared<std::atomic<Revision>>(published)) {}

WatchHub::~WatchHub() { shutdown(); }

WatchPtr WatchHub::add(std::string_view prefix, Revision after) {
  auto watcher = std::make_shared<Watcher>(std::string(prefix), after, options_.backlog,
                                           published_, weak_from_this());
  bool ended = false;
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      ended = watcher->finish(WatchEnd::kShutdown);
    } else if (watcher->try_promote(published_->load())) {
      synced_[watcher->prefix()].push_back(watcher);
    } else {
      catching_up_.push_back(watcher);
      sync_wanted_ = true;
      sync_cv_.notify_one();
    }
  }
  (void)ended;  // a callback set later learns of the end through set_notify
  return std::make_unique<WatchHandle>(std::move(watcher));
}

NotifyList WatchHub::publish(const std::vector<EventPtr>& events) {
  NotifyList notify;
  if (events.empty()) return notify;
  std::lock_guard lock(mu_);
  EventBatch all;  // every event, for watchers of the whole keyspace; made when first needed
  for (auto group_it = synced_.begin(); group_it != synced_.end();) {
    const std::string& prefix = group_it->first;
    auto& group = group_it->second;
    // One batch per prefix, shared by the group's watchers (each takes one reference to it).
    EventBatch batch;
    if (prefix.empty()) {
      if (!all) all = std::make_shared<const std::vector<EventPtr>>(events);
      batch = all;
    } else {
      std::vector<EventPtr> matching;
      for (const auto& e : events) {
        if (has_prefix(e->kv.key, prefix)) matching.push_back(e);
      }
      if (!matching.empty()) batch = std::make_shared<const std::vector<EventPtr>>(std::move(matching));
    }
    if (batch) {
      for (size_t i = 0; i < group.size();) {
        bool ended = false;
        if (group[i]->deliver(batch, ended)) notify.add(group[i]);
        if (ended) {  // too slow (or cancelled, not yet removed): it leaves the group
          std::swap(group[i], group.back());
          group.pop_back();
        } else {
          ++i;
        }
      }
    }
    group_it = group.empty() ? synced_.erase(group_it) : std::next(group_it);
  }
  published_->store(events.back()->revision());
  return notify;
}

void WatchHub::shutdown() {
  NotifyList notify;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
    sync_cv_.notify_all();
    for (auto& [prefix, group] : synced_) {
      for (auto& w : group) {
        if (w->finish(WatchEnd::kShutdown)) notify.add(w);
      }
    }
    for (auto& w : catching_up_) {
      if (w->finish(WatchEnd::kShutdown)) notify.add(w);
    }
    synced_.clear();
    catching_up_.clear();
  }
  if (sync_thread_.joinable()) sync_thread_.join();
  notify.run();
}

void WatchHub::remove(const Watcher* watcher) {
  std::lock_guard lock(mu_);
  auto group = synced_.find(watcher->prefix());
  if (group != synced_.end()) {
    erase_from(group->second, watcher);
    if (group->second.empty()) synced_.erase(group);
  }
  erase_catching_up_locked(watcher);
}

void WatchHub::erase_catching_up_locked(const Watcher* watcher) {
  erase_from(catching_up_, watcher);
}

void WatchHub::wake_sync() {
  std::lock_guard lock(mu_);
  sync_wanted_ = true;
  sync_cv_.notify_one();
}

void WatchHub::sync_loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    sync_cv_.wait_for(lock, kSyncPeriod, [&] { return stopping_ || sync_wanted_; });
    if (stopping_) break;
    sync_wanted_ = false;
    if (catching_up_.empty()) continue;
    std::vector<WatcherPtr> work = catching_up_;
    lock.unlock();
    bool more = false;
    for (const auto& w : work) more = sync_one(w) || more;
    lock.lock();
    if (more) sync_wanted_ = true;
  }
}

bool WatchHub::sync_one(const WatcherPtr& watcher) {
  if (watcher->ended()) {
    std::lock_guard lock(mu_);
    erase_catching_up_locked(watcher.get());
    return false;
  }
  const size_t room = watcher->room();
  if (room == 0) return false;  // the consumer's next poll wakes us
  const Revision target = published_->load();
  const Revision cursor = watcher->cursor();
  if (cursor < target) {
    auto batch = source_->read_events(watcher->prefix(), cursor, target,
                                      std::min(room, options_.catch_up_batch));
    if (!batch) {
      const WatchEnd reason = batch.error().code == ErrorCode::kCompacted ? WatchEnd::kCompacted
                                                                          : WatchEnd::kShutdown;
      if (watcher->finish(reason)) watcher->notify();
      std::lock_guard lock(mu_);
      erase_catching_up_locked(watcher.get());
      return false;
    }
    if (watcher->deliver_history(std::move(batch->events), batch->scanned_upto)) {
      watcher->notify();
    }
  }
  std::lock_guard lock(mu_);
  if (stopping_) return false;
  if (watcher->try_promote(published_->load())) {
    erase_catching_up_locked(watcher.get());
    synced_[watcher->prefix()].push_back(watcher);
    return false;
  }
  return watcher->room() > 0;
}

}  // namespace kapi::storage
