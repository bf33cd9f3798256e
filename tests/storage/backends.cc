#include "storage/memory_store.h"
#include "storage/rocksdb_store.h"
#include "tests/storage/store_fixture.h"

namespace kapi::storage::testing {

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
