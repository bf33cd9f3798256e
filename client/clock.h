// Time for the work queue and rate limiters, injectable so tests move it by hand instead of
// sleeping. Monotonic: only durations between two now() readings mean anything.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>

namespace kapi::client {

class Clock {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  using Duration = std::chrono::steady_clock::duration;

  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
  // Blocks on `cv` (its mutex held by `lock`) until notified or until this clock may have passed
  // `deadline`. May return early: callers re-check their condition and now().
  virtual void wait_until(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                          TimePoint deadline) const = 0;
};
using ClockPtr = std::shared_ptr<Clock>;

class RealClock : public Clock {
 public:
  TimePoint now() const override { return std::chrono::steady_clock::now(); }
  void wait_until(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                  TimePoint deadline) const override {
    cv.wait_until(lock, deadline);
  }
};

// Starts at an arbitrary point and moves only by advance(). Waiters wake in short real-time
// slices to re-read it, so an advance() is seen without the clock knowing who waits.
class FakeClock : public Clock {
 public:
  TimePoint now() const override { return TimePoint(Duration(now_.load())); }
  void advance(Duration by) { now_ += by.count(); }
  void wait_until(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                  TimePoint /*deadline*/) const override {
    cv.wait_for(lock, std::chrono::milliseconds(1));
  }

 private:
  std::atomic<Duration::rep> now_{Duration(std::chrono::hours(1)).count()};
};

}  // namespace kapi::client
