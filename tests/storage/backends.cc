#include <atomic>
#include <filesystem>

#include "storage/memory_store.h"
#include "tests/storage/store_fixture.h"

namespace kapi::storage::testing {

std::vector<Backend> all_backends() {
  std::vector<Backend> backends;
  backends.push_back(Backend{"memory", [](size_t backlog) {
                               return make_memory_store(MemoryStoreOptions{backlog});
                             }});
  return backends;
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::ValuesIn(all_backends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace kapi::storage::testing
