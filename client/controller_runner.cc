#include "client/controller_runner.h"

#include "base/thread_name.h"

namespace kapi::client {

ControllerRunner::ControllerRunner(KeyQueue& queue, SyncFunc sync, ErrorFunc on_error)
    : queue_(queue), sync_(std::move(sync)), on_error_(std::move(on_error)) {}

ControllerRunner::~ControllerRunner() { stop(); }

void ControllerRunner::start(int workers) {
  for (int i = 0; i < workers; ++i) {
    workers_.emplace_back([this] {
      set_thread_name("kapi-worker");
      work();
    });
  }
}

void ControllerRunner::stop() {
  queue_.shut_down();
  for (auto& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
  workers_.clear();
}

void ControllerRunner::work() {
  while (auto item = queue_.get()) {
    const std::string& key = item->key();
    if (auto error = sync_(key)) {
      if (on_error_) on_error_(key, *error, queue_.num_requeues(key));
      queue_.add_rate_limited(key);
    } else {
      queue_.forget(key);
    }
  }
}

}  // namespace kapi::client
