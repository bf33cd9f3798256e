// Crash test: a child process writes under load and prints each acknowledged write; the parent
// kills it with SIGKILL at a random point, reopens the store and checks that every acknowledged
// write is there, that no revision is missing or half-written, and that revisions continue.
//
// The binary is its own child: `storage_crash_test --child <dir> <round>` runs the writer.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "storage/rocksdb_store.h"
#include "tests/storage/store_fixture.h"

namespace kapi::storage::testing {
namespace {

constexpr int kWriterThreads = 8;

// Writes until killed. Each line "<key> <revision>\n" goes out in one write(2) after the create
// is acknowledged, so the parent never sees half a line for an acknowledged write.
int run_child(const std::string& dir, const std::string& round) {
  RocksStoreOptions options;
  options.path = dir;
  options.sync = true;
  auto store = open_rocksdb_store(options);
  if (!store.ok()) {
    std::fprintf(stderr, "child: %s\n", store.error().message.c_str());
    return 2;
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < kWriterThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0;; ++i) {
        const std::string key = "/crash/" + round + "/" + std::to_string(t) + "/" + std::to_string(i);
        auto r = (*store)->create(key, WriteValue{"value of " + key, std::nullopt});
        if (!r.ok()) {
          std::fprintf(stderr, "child: %s\n", r.error().message.c_str());
          _exit(3);
        }
        const std::string line = key + " " + std::to_string(r->mod_revision) + "\n";
        if (::write(STDOUT_FILENO, line.data(), line.size()) < 0) _exit(4);
      }
    });
  }
  for (auto& t : threads) t.join();
  return 0;
}

std::string self_exe() {
  char buf[4096];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
}

struct ChildRun {
  std::map<std::string, Revision> acked;
  int status = 0;
};

// Starts a writer, kills it after `kill_after` acknowledgements, and returns every line it
// managed to print (the pipe is drained after the kill: those writes were acknowledged too).
ChildRun run_and_kill(const std::string& dir, int round, size_t kill_after) {
  int out[2];
  EXPECT_EQ(::pipe(out), 0);
  const std::string exe = self_exe();
  const std::string round_text = std::to_string(round);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    ::close(out[0]);
    ::close(out[1]);
    ::execl(exe.c_str(), exe.c_str(), "--child", dir.c_str(), round_text.c_str(), nullptr);
    _exit(127);
  }
  ::close(out[1]);
  ChildRun run;
  std::string pending;
  bool killed = false;
  char buf[65536];
  while (true) {
    const ssize_t n = ::read(out[0], buf, sizeof(buf));
    if (n <= 0) break;
    pending.append(buf, static_cast<size_t>(n));
    size_t eol;
    while ((eol = pending.find('\n')) != std::string::npos) {
      std::istringstream line(pending.substr(0, eol));
      pending.erase(0, eol + 1);
      std::string key;
      Revision rev = 0;
      line >> key >> rev;
      run.acked[key] = rev;
    }
    if (!killed && run.acked.size() >= kill_after) {
      ::kill(pid, SIGKILL);
      killed = true;
    }
  }
  ::close(out[0]);
  ::waitpid(pid, &run.status, 0);
  return run;
}

TEST(StorageCrash, AcknowledgedWritesSurviveSigkill) {
  const std::string dir = fresh_dir("crash");
  std::mt19937 random(std::random_device{}());
  std::uniform_int_distribution<size_t> kill_after(1, 1500);
  std::map<std::string, Revision> all_acked;
  Revision last_revision = 0;

  for (int round = 0; round < 5; ++round) {
    const size_t target = kill_after(random);
    ChildRun run = run_and_kill(dir, round, target);
    ASSERT_TRUE(WIFSIGNALED(run.status) && WTERMSIG(run.status) == SIGKILL)
        << "round " << round << ": the writer did not die by SIGKILL (status " << run.status
        << ")";
    ASSERT_GE(run.acked.size(), target);
    all_acked.insert(run.acked.begin(), run.acked.end());

    RocksStoreOptions options;
    options.path = dir;
    auto store = open_rocksdb_store(options);
    ASSERT_TRUE(store.ok()) << store.error().message;
    const Revision current = (*store)->current_revision();
    ASSERT_GE(current, last_revision) << "revisions went backwards";

    // Every acknowledged write of every round is there, at its revision.
    for (const auto& [key, rev] : all_acked) {
      auto got = (*store)->get(key);
      ASSERT_TRUE(got.ok()) << "round " << round << ": lost acknowledged " << key;
      ASSERT_EQ(got->mod_revision, rev) << key;
      ASSERT_EQ(*got->value, "value of " + key);
    }
    // Nothing half-written: besides two writes per earlier round (below), only creates of
    // distinct /crash/ keys happen, so those keys hold every other revision exactly once.
    auto list = (*store)->list("/crash/", {});
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->revision, current);
    ASSERT_EQ(static_cast<Revision>(list->items.size()), current - 2 * round);
    std::vector<bool> seen(static_cast<size_t>(current) + 1, false);
    for (const auto& kv : list->items) {
      ASSERT_GE(kv.mod_revision, 1);
      ASSERT_LE(kv.mod_revision, current);
      ASSERT_FALSE(seen[static_cast<size_t>(kv.mod_revision)]) << "revision reused";
      seen[static_cast<size_t>(kv.mod_revision)] = true;
    }
    // The revision log agrees: undoing it back to revision 1 finds one record per revision.
    ListOptions first;
    first.revision = 1;
    auto at_first = (*store)->list("/crash/", first);
    ASSERT_TRUE(at_first.ok()) << at_first.error().message;
    ASSERT_EQ(at_first->items.size(), 1u);

    // Revisions continue upward after the restart.
    const std::string extra = "/after/" + std::to_string(round);
    auto next = (*store)->create(extra, WriteValue{"x", std::nullopt});
    ASSERT_TRUE(next.ok());
    EXPECT_EQ(next->mod_revision, current + 1);
    ASSERT_TRUE((*store)->remove(extra, 0).ok());
    last_revision = current + 2;
  }
}

}  // namespace
}  // namespace kapi::storage::testing

int main(int argc, char** argv) {
  if (argc == 4 && std::strcmp(argv[1], "--child") == 0) {
    return kapi::storage::testing::run_child(argv[2], argv[3]);
  }
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
