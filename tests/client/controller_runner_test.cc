// The controller runner: failed syncs are retried with the queue's backoff, successes forgotten,
// stop() joins the workers.
#include "client/controller_runner.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <vector>

#include "tests/client/eventually.h"

namespace kapi::client {
namespace {

using namespace std::chrono_literals;
using testing::eventually;

TEST(ControllerRunnerTest, RetriesFailedSyncsWithBackoffAndForgetsOnSuccess) {
  auto clock = std::make_shared<FakeClock>();
  KeyQueue queue(clock);
  std::atomic<int> calls{0};
  std::mutex mu;
  std::vector<int> retries_reported;
  ControllerRunner runner(
      queue,
      [&](const std::string& key) -> std::optional<std::string> {
        EXPECT_EQ(key, "default/web");
        if (++calls < 3) return "not yet";
        return std::nullopt;
      },
      [&](const std::string&, const std::string& error, int retries) {
        EXPECT_EQ(error, "not yet");
        std::lock_guard lock(mu);
        retries_reported.push_back(retries);
      });
  runner.start(2);
  queue.add("default/web");

  // First failure: parked for 5ms of (fake) time, not retried before.
  ASSERT_TRUE(eventually([&] { return calls == 1 && queue.waiting() == 1; }));
  clock->advance(4ms);
  EXPECT_EQ(calls.load(), 1);
  clock->advance(1ms);
  // Second failure: 10ms.
  ASSERT_TRUE(eventually([&] { return calls == 2 && queue.waiting() == 1; }));
  EXPECT_EQ(queue.num_requeues("default/web"), 2);
  clock->advance(10ms);
  ASSERT_TRUE(eventually([&] { return calls == 3 && queue.num_requeues("default/web") == 0; }));
  runner.stop();
  std::lock_guard lock(mu);
  EXPECT_EQ(retries_reported, (std::vector<int>{0, 1}));
}

TEST(ControllerRunnerTest, StopReturnsWhileWorkersWaitForKeys) {
  KeyQueue queue;
  ControllerRunner runner(queue, [](const std::string&) { return std::optional<std::string>(); });
  runner.start(3);
  runner.stop();
  EXPECT_TRUE(queue.shutting_down());
}

}  // namespace
}  // namespace kapi::client
