// A real `kapi serve --storage memory --secure-port 0` child process for HTTP tests: started in
// a fresh temp dir, ready once its kubeconfig exists, stopped with SIGTERM (SIGKILL as a last
// resort) and its directory removed.
#pragma once

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace kapi::client::testing {

class KapiServer {
 public:
  KapiServer() {
    char dir_template[] = "/tmp/kapi-client-test-XXXXXX";
    if (!mkdtemp(dir_template)) return;
    dir_ = dir_template;
    kubeconfig_ = dir_ + "/kubeconfig";
    std::string data = dir_ + "/data";
    std::vector<std::string> args = {KAPI_BINARY, "serve", "--storage", "memory", "--secure-port", "0",
                                     "--data-dir", data, "--kubeconfig-out", kubeconfig_};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, KAPI_BINARY, nullptr, nullptr, argv.data(), environ) != 0) pid_ = 0;
  }

  ~KapiServer() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      if (!exited_within(std::chrono::seconds(20))) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
      }
    }
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }

  // Waits for the kubeconfig (written once the server listens); false if the child died.
  bool wait_ready(std::chrono::seconds limit = std::chrono::seconds(60)) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (pid_ <= 0) return false;
      if (std::filesystem::exists(kubeconfig_)) return true;
      int status;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = 0;
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  const std::string& kubeconfig() const { return kubeconfig_; }
  const std::string& dir() const { return dir_; }

 private:
  bool exited_within(std::chrono::seconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  pid_t pid_ = 0;
  std::string dir_;
  std::string kubeconfig_;
};

}  // namespace kapi::client::testing
