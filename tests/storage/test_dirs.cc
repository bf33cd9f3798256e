// Data directories for tests: fresh paths under the temp dir, removed when the tests end.
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <mutex>

#include "tests/storage/store_fixture.h"

namespace kapi::storage::testing {

namespace {

std::mutex dirs_mu;
std::vector<std::filesystem::path> dirs_made;

// Removes every data directory the tests made once they are done.
class RemoveDirs : public ::testing::Environment {
 public:
  void TearDown() override {
    std::lock_guard lock(dirs_mu);
    for (const auto& dir : dirs_made) std::filesystem::remove_all(dir);
  }
};
const auto* const remove_dirs = ::testing::AddGlobalTestEnvironment(new RemoveDirs);

}  // namespace

std::string fresh_dir(const std::string& name) {
  static std::atomic<int> counter{0};
  auto dir = std::filesystem::temp_directory_path() /
             ("kapi-storage-test-" + std::to_string(::getpid()) + "-" + name + "-" +
              std::to_string(counter++));
  std::filesystem::remove_all(dir);
  std::lock_guard lock(dirs_mu);
  dirs_made.push_back(dir);
  return dir.string();
}

}  // namespace kapi::storage::testing
