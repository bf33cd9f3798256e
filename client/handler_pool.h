// The few threads that run every informer handler in the process (client-go gives each
// processorListener a goroutine; a thread each cost kapi 67 threads, all started while the
// first client's TLS handshake wanted the cores). HandlerListener posts "drain my buffer" tasks
// here; the pool runs them in the order they were posted.
//
// Threads start on demand: when a task is posted and no started thread is waiting for work,
// one more starts, up to max_threads. A task that blocks holds one thread until it returns.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace kapi::client {

class HandlerPool {
 public:
  explicit HandlerPool(int max_threads, std::string thread_name = "kapi-listener");
  // Runs the tasks still queued (a stopped listener's drain returns at once), then joins.
  // Listeners using this pool must be gone first.
  ~HandlerPool();
  HandlerPool(const HandlerPool&) = delete;
  HandlerPool& operator=(const HandlerPool&) = delete;

  void post(std::function<void()> task);

  int max_threads() const { return max_threads_; }
  int threads_started() const;

  // The process-wide pool every HandlerListener uses unless given another: as many threads as
  // the machine has cores, at least 2 (a slow handler leaves one for the rest) and at most 4.
  // Never destroyed: a handler still running at exit would make joining it hang exit.
  static HandlerPool& shared();

 private:
  void run();

  const int max_threads_;
  const std::string thread_name_;
  mutable std::mutex mu_;
  std::condition_variable work_;
  std::deque<std::function<void()>> tasks_;
  int waiting_ = 0;        // started threads waiting for a task
  bool stopping_ = false;  // set by the destructor: threads leave once the queue is empty
  std::vector<std::thread> threads_;
};

}  // namespace kapi::client
