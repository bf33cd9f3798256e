// A latency histogram with about 3% precision over 1 ns .. centuries: log2 ranges split into 32
// linear sub-buckets (the HdrHistogram idea). One thread records (relaxed atomics, no lock
// prefix: record() is a load and a store); any thread may read an approximate snapshot, which
// the live progress line does.
#pragma once

#include <array>
#include <atomic>
#include <bit>
#include <cstdint>

namespace kapi::bench {

class Histogram {
 public:
  static constexpr int kSubBits = 5;
  static constexpr int kSub = 1 << kSubBits;
  static constexpr int kBuckets = (64 - kSubBits + 1) * kSub;

  void record(uint64_t value) {
    auto& c = counts_[index_of(value)];
    c.store(c.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    if (value > max_.load(std::memory_order_relaxed)) max_.store(value, std::memory_order_relaxed);
  }
  // Not thread-safe against record() on `this`; used on snapshots and merged copies.
  void merge(const Histogram& other) {
    for (int i = 0; i < kBuckets; ++i)
      counts_[i].store(counts_[i].load(std::memory_order_relaxed) + other.counts_[i].load(std::memory_order_relaxed),
                       std::memory_order_relaxed);
    if (other.max() > max()) max_.store(other.max(), std::memory_order_relaxed);
  }
  uint64_t count() const {
    uint64_t n = 0;
    for (const auto& c : counts_) n += c.load(std::memory_order_relaxed);
    return n;
  }
  uint64_t max() const { return max_.load(std::memory_order_relaxed); }
  // The upper edge of the bucket holding quantile q (0..1), at most max(); 0 when empty.
  uint64_t quantile(double q) const {
    uint64_t total = count();
    if (total == 0) return 0;
    auto rank = static_cast<uint64_t>(q * static_cast<double>(total - 1)) + 1;
    uint64_t seen = 0;
    for (int i = 0; i < kBuckets; ++i) {
      seen += counts_[i].load(std::memory_order_relaxed);
      if (seen >= rank) return std::min(upper_edge(i), max());
    }
    return max();
  }

 private:
  static int index_of(uint64_t v) {
    if (v < kSub) return static_cast<int>(v);
    int e = 63 - std::countl_zero(v);  // >= kSubBits
    return (e - kSubBits + 1) * kSub + static_cast<int>((v >> (e - kSubBits)) & (kSub - 1));
  }
  static uint64_t upper_edge(int i) {
    if (i < kSub) return static_cast<uint64_t>(i);
    int e = i / kSub + kSubBits - 1;
    uint64_t sub = static_cast<uint64_t>(i % kSub);
    return ((uint64_t{kSub} + sub + 1) << (e - kSubBits)) - 1;
  }

  std::array<std::atomic<uint64_t>, kBuckets> counts_{};
  std::atomic<uint64_t> max_{0};
};

}  // namespace kapi::bench
