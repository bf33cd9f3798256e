// The compactor keeps the configured history, measured on an injected clock.
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "storage/compactor.h"
#include "storage/memory_store.h"

namespace kapi::storage {
namespace {

using namespace std::chrono_literals;

struct FakeClock {
  std::atomic<int64_t> ms{0};
  std::chrono::steady_clock::time_point now() const {
    return std::chrono::steady_clock::time_point(std::chrono::milliseconds(ms.load()));
  }
};

void write_n(Store& store, int n) {
  for (int i = 0; i < n; ++i) {
    ASSERT_TRUE(store.create("/k/" + std::to_string(store.current_revision()),
                             WriteValue{"v", std::nullopt})
                    .ok());
  }
}

TEST(Compactor, CompactsToTheNewestRevisionAtLeastHistoryOld) {
  auto store = make_memory_store();
  FakeClock clock;
  Compactor compactor(store, CompactorOptions{5min, 1min, [&] { return clock.now(); }});

  write_n(*store, 10);
  EXPECT_EQ(*compactor.tick(), 0);  // t=0: sample (0, 10)
  clock.ms = 60'000;
  write_n(*store, 10);
  EXPECT_EQ(*compactor.tick(), 0);  // t=1m: sample (1m, 20)
  clock.ms = 299'999;
  EXPECT_EQ(*compactor.tick(), 0);  // nothing is 5 minutes old yet
  EXPECT_EQ(store->compacted_revision(), 0);

  clock.ms = 300'000;
  write_n(*store, 5);
  EXPECT_EQ(*compactor.tick(), 10);  // (0, 10) is now 5 minutes old
  EXPECT_EQ(store->compacted_revision(), 10);
  ListOptions at10;
  at10.revision = 10;
  EXPECT_TRUE(store->list("/", at10).ok());  // the compacted revision itself stays readable

  clock.ms = 360'000;
  EXPECT_EQ(*compactor.tick(), 20);  // (1m, 20)
  clock.ms = 370'000;
  EXPECT_EQ(*compactor.tick(), 0);  // already there
  EXPECT_EQ(store->compacted_revision(), 20);
}

TEST(Compactor, BackgroundThreadCompactsAndStops) {
  auto store = make_memory_store();
  FakeClock clock;
  Compactor compactor(store, CompactorOptions{1000ms, 1ms, [&] { return clock.now(); }});
  write_n(*store, 7);
  EXPECT_EQ(*compactor.tick(), 0);  // sample revision 7 at t=0
  clock.ms = 5000;
  compactor.start();
  for (int i = 0; i < 5000 && store->compacted_revision() == 0; ++i) {
    std::this_thread::sleep_for(2ms);  // a bound against hangs, not a timing assertion
  }
  EXPECT_EQ(store->compacted_revision(), 7);
  compactor.stop();
  write_n(*store, 3);
  clock.ms = 100'000;
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(store->compacted_revision(), 7);  // stopped: no more compaction
}

}  // namespace
}  // namespace kapi::storage
