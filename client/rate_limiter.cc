#include "client/rate_limiter.h"

namespace kapi::client {

TokenBucket::TokenBucket(double qps, int burst, ClockPtr clock)
    : qps_(qps), burst_(burst), clock_(std::move(clock)), tokens_(burst), last_(clock_->now()) {}

Clock::Duration TokenBucket::reserve() {
  auto now = clock_->now();
  double elapsed = std::chrono::duration<double>(now - last_).count();
  last_ = now;
  tokens_ = std::min(burst_, tokens_ + elapsed * qps_);
  // The bucket may go negative: each reservation takes a token that is refilled later, so
  // retries beyond the burst are spread out at `qps`.
  tokens_ -= 1;
  if (tokens_ >= 0) return Clock::Duration::zero();
  return std::chrono::duration_cast<Clock::Duration>(std::chrono::duration<double>(-tokens_ / qps_));
}

}  // namespace kapi::client
