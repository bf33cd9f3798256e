#include "client/handler_pool.h"

#include <algorithm>

#include "base/thread_name.h"

namespace kapi::client {

HandlerPool::HandlerPool(int max_threads, std::string thread_name)
    : max_threads_(std::max(1, max_threads)), thread_name_(std::move(thread_name)) {}

HandlerPool::~HandlerPool() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    work_.notify_all();
  }
  // No thread starts once stopping_ is set, so threads_ no longer changes.
  for (auto& thread : threads_) thread.join();
}

HandlerPool& HandlerPool::shared() {
  static HandlerPool* pool = new HandlerPool(std::clamp(int(std::thread::hardware_concurrency()), 2, 4));
  return *pool;
}

int HandlerPool::threads_started() const {
  std::lock_guard lock(mu_);
  return int(threads_.size());
}

void HandlerPool::post(std::function<void()> task) {
  std::lock_guard lock(mu_);
  tasks_.push_back(std::move(task));
  // Tasks beyond the number of waiting threads have no thread to take them yet. (A notified
  // thread counts as waiting until it wakes, so two quick posts with one thread waiting start
  // a second thread, as they should.) While stopping, a task posted by a task (a drain
  // re-queued) is run by the threads still running.
  if (tasks_.size() > std::size_t(waiting_) && int(threads_.size()) < max_threads_ && !stopping_)
    threads_.emplace_back([this] { run(); });
  if (waiting_ > 0) work_.notify_one();
}

void HandlerPool::run() {
  set_thread_name(thread_name_);
  std::unique_lock lock(mu_);
  while (true) {
    if (tasks_.empty()) {
      if (stopping_) return;
      ++waiting_;
      work_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      --waiting_;
      continue;
    }
    auto task = std::move(tasks_.front());
    tasks_.pop_front();
    lock.unlock();
    task();
    task = nullptr;  // what it holds (a listener's state) goes without the pool's lock
    lock.lock();
  }
}

}  // namespace kapi::client
