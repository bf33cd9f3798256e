// How long to wait before retrying an item (client-go's workqueue rate limiters). A limiter is
// not thread-safe by itself: the work queue calls it under its own lock.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <unordered_map>

#include "client/clock.h"

namespace kapi::client {

template <typename Key>
class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  // The delay before `key` may be processed again; each call counts as one more retry.
  virtual Clock::Duration when(const Key& key) = 0;
  // The item succeeded: its own backoff starts over.
  virtual void forget(const Key& key) = 0;
  virtual int retries(const Key& key) const = 0;
};
template <typename Key>
using RateLimiterPtr = std::unique_ptr<RateLimiter<Key>>;

// base * 2^failures, capped at `max`, per item.
template <typename Key, typename Hash = std::hash<Key>>
class ItemExponentialLimiter : public RateLimiter<Key> {
 public:
  ItemExponentialLimiter(Clock::Duration base, Clock::Duration max) : base_(base), max_(max) {}

  Clock::Duration when(const Key& key) override {
    int exponent = failures_[key]++;
    // 2^exponent overflows long before 64; past the cap the answer is the cap anyway.
    if (exponent >= 62) return max_;
    double delay = double(base_.count()) * double(int64_t(1) << exponent);
    if (delay >= double(max_.count())) return max_;
    return Clock::Duration(Clock::Duration::rep(delay));
  }
  void forget(const Key& key) override { failures_.erase(key); }
  int retries(const Key& key) const override {
    auto it = failures_.find(key);
    return it == failures_.end() ? 0 : it->second;
  }

 private:
  Clock::Duration base_, max_;
  std::unordered_map<Key, int, Hash> failures_;
};

// One token bucket shared by all items (`qps` tokens a second, at most `burst` saved up): the
// delay is how long until the token this retry reserves has been refilled.
class TokenBucket {
 public:
  TokenBucket(double qps, int burst, ClockPtr clock);
  Clock::Duration reserve();

 private:
  double qps_;
  double burst_;
  ClockPtr clock_;
  double tokens_;
  Clock::TimePoint last_;
};

template <typename Key>
class BucketLimiter : public RateLimiter<Key> {
 public:
  BucketLimiter(double qps, int burst, ClockPtr clock) : bucket_(qps, burst, std::move(clock)) {}
  Clock::Duration when(const Key&) override { return bucket_.reserve(); }
  void forget(const Key&) override {}
  int retries(const Key&) const override { return 0; }

 private:
  TokenBucket bucket_;
};

// The longest delay any of two limiters asks for.
template <typename Key>
class MaxOfLimiter : public RateLimiter<Key> {
 public:
  MaxOfLimiter(RateLimiterPtr<Key> a, RateLimiterPtr<Key> b) : a_(std::move(a)), b_(std::move(b)) {}
  Clock::Duration when(const Key& key) override { return std::max(a_->when(key), b_->when(key)); }
  void forget(const Key& key) override {
    a_->forget(key);
    b_->forget(key);
  }
  int retries(const Key& key) const override { return std::max(a_->retries(key), b_->retries(key)); }

 private:
  RateLimiterPtr<Key> a_, b_;
};

// client-go's default: per-item 5ms..1000s exponential backoff, and 10 qps with a burst of 100
// over all items.
template <typename Key, typename Hash = std::hash<Key>>
RateLimiterPtr<Key> default_rate_limiter(ClockPtr clock) {
  using namespace std::chrono_literals;
  return std::make_unique<MaxOfLimiter<Key>>(
      std::make_unique<ItemExponentialLimiter<Key, Hash>>(5ms, 1000s),
      std::make_unique<BucketLimiter<Key>>(10.0, 100, std::move(clock)));
}

}  // namespace kapi::client
