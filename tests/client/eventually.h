// Waiting for asynchronous outcomes in tests: polled, with a generous deadline that only matters
// when a test is failing (no test depends on how fast anything is).
#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace kapi::client::testing {

inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds limit = std::chrono::seconds(20)) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

}  // namespace kapi::client::testing
