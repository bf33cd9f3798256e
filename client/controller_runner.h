// Runs a controller's workers: N threads each taking a key from the queue and calling
// sync(key). A sync that fails is retried with the queue's rate limiter (add_rate_limited);
// one that succeeds resets the key's backoff (forget). sync must be idempotent: it reconciles
// the key's current state, whatever happened before.
//
// stop() shuts the queue down and joins the workers; a sync in progress finishes first.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "client/work_queue.h"

namespace kapi::client {

using KeyQueue = WorkQueue<std::string>;

class ControllerRunner {
 public:
  // An error message asks for a retry; nullopt means done.
  using SyncFunc = std::function<std::optional<std::string>(const std::string& key)>;
  // Told about each failed sync (for logs); may be empty.
  using ErrorFunc = std::function<void(const std::string& key, const std::string& error, int retries)>;

  ControllerRunner(KeyQueue& queue, SyncFunc sync, ErrorFunc on_error = nullptr);
  ~ControllerRunner();
  ControllerRunner(const ControllerRunner&) = delete;
  ControllerRunner& operator=(const ControllerRunner&) = delete;

  void start(int workers);
  void stop();

 private:
  void work();

  KeyQueue& queue_;
  SyncFunc sync_;
  ErrorFunc on_error_;
  std::vector<std::thread> workers_;
};

}  // namespace kapi::client
