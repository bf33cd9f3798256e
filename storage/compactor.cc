#include "storage/compactor.h"

#include "base/thread_name.h"

namespace kapi::storage {

Compactor::Compactor(StorePtr store, CompactorOptions options)
    : store_(std::move(store)), options_(std::move(options)) {}

Compactor::~Compactor() { stop(); }

void Compactor::start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] {
    set_thread_name("kapi-compactor");
    run();
  });
}

void Compactor::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    wake_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

void Compactor::run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    // A failed compaction is retried at the next tick; the history only grows meanwhile.
    (void)tick();
    lock.lock();
    wake_.wait_for(lock, options_.interval, [&] { return stopping_; });
  }
}

Result<Revision> Compactor::tick() {
  const Clock::time_point now = options_.clock ? options_.clock() : Clock::now();
  Revision due = 0;
  {
    std::lock_guard lock(mu_);
    samples_.emplace_back(now, store_->current_revision());
    // Keep only the newest sample old enough, and everything after it.
    while (samples_.size() >= 2 && now - samples_[1].first >= options_.history) {
      samples_.pop_front();
    }
    if (now - samples_.front().first >= options_.history) due = samples_.front().second;
  }
  if (due <= store_->compacted_revision()) return Revision{0};
  if (auto s = store_->compact(due); !s) return s.error();
  return due;
}

}  // namespace kapi::storage
