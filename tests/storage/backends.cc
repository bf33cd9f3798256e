#include <atomic>
#include <filesystem>
#include <mutex>

#include <unistd.h>

#include "storage/memory_store.h"
#include "storage/rocksdb_store.h"
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

std::vector<Backend> all_backends() {
  std::vector<Backend> backends;
  backends.push_back(Backend{"memory", [](size_t backlog) {
                               return make_memory_store(MemoryStoreOptions{backlog});
                             }});
  backends.push_back(Backend{"rocksdb", [](size_t backlog) -> StorePtr {
                               RocksStoreOptions options;
                               options.path = fresh_dir("conformance");
                               options.watch_backlog = backlog;
                               // fsync adds nothing to what these tests check; the crash test
                               // covers durability.
                               options.sync = false;
                               auto store = open_rocksdb_store(options);
                               if (!store.ok()) {
                                 ADD_FAILURE() << store.error().message;
                                 return nullptr;
                               }
                               return *store;
                             }});
  return backends;
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::ValuesIn(all_backends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace kapi::storage::testing
