// kapi::Server as a library: start and stop in a loop without leaking descriptors or threads.
#include <dirent.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "kapi/server.h"

namespace {

int count_entries(const char* dir) {
  int n = 0;
  if (DIR* d = opendir(dir)) {
    while (readdir(d)) ++n;
    closedir(d);
  }
  return n;
}

TEST(ServerLifecycle, StartStopHundredTimesLeaksNoFdsOrThreads) {
  // Warm up once: libraries (OpenSSL, RocksDB) keep process-wide state after first use.
  {
    std::string error;
    auto warm = kapi::Server::start({}, &error);
    ASSERT_TRUE(warm) << error;
  }
  const int fds_before = count_entries("/proc/self/fd");
  const int threads_before = count_entries("/proc/self/task");
  for (int i = 0; i < 100; ++i) {
    std::string error;
    auto server = kapi::Server::start({}, &error);
    ASSERT_TRUE(server) << error;
    ASSERT_GT(server->port(), 0);
    ASSERT_TRUE(std::filesystem::exists(server->kubeconfig_path()));
    std::string dir = server->data_dir();
    server->stop();
    ASSERT_FALSE(std::filesystem::exists(dir)) << "temp data dir left behind";
  }
  EXPECT_EQ(count_entries("/proc/self/fd"), fds_before);
  EXPECT_EQ(count_entries("/proc/self/task"), threads_before);
}

TEST(ServerLifecycle, RocksdbDataSurvivesARestartInTheSameDir) {
  auto dir = std::filesystem::temp_directory_path() / ("kapi-lifecycle-" + std::to_string(getpid()));
  kapi::ServerOptions options;
  options.data_dir = dir.string();
  options.storage = "rocksdb";
  std::string error;
  auto first = kapi::Server::start(options, &error);
  ASSERT_TRUE(first) << error;
  first->stop();
  auto second = kapi::Server::start(options, &error);
  ASSERT_TRUE(second) << error;  // reopens the same store and reuses the certificates
  second->stop();
  std::filesystem::remove_all(dir);
}

TEST(ServerLifecycle, ABusyPortIsAClearError) {
  std::string error;
  auto first = kapi::Server::start({}, &error);
  ASSERT_TRUE(first) << error;
  kapi::ServerOptions same_port;
  same_port.port = first->port();
  auto second = kapi::Server::start(same_port, &error);
  EXPECT_FALSE(second);
  EXPECT_NE(error.find("cannot listen"), std::string::npos) << error;
}

TEST(ServerLifecycle, ABindAddressThatIsNoIpFailsBeforeWritingAnything) {
  auto dir = std::filesystem::temp_directory_path() / ("kapi-bind-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  kapi::ServerOptions options;
  options.data_dir = (dir / "data").string();
  options.bind_address = "127.0.0.x";
  std::string error;
  EXPECT_FALSE(kapi::Server::start(options, &error));
  EXPECT_NE(error.find("invalid --bind-address \"127.0.0.x\""), std::string::npos) << error;
  EXPECT_FALSE(std::filesystem::exists(dir / "data"));
  options.bind_address = "::1";  // IPv6 literals are addresses too
  auto server = kapi::Server::start(options, &error);
  EXPECT_TRUE(server || error.find("cannot listen") != std::string::npos) << error;
  server.reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
