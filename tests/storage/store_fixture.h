// The conformance suite runs every test against each backend: a backend is a named factory.
#pragma once

#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "storage/store.h"

namespace kapi::storage::testing {

struct Backend {
  std::string name;
  // Opens a fresh, empty store. `backlog` bounds each watcher's queue.
  std::function<StorePtr(size_t backlog)> open;
};

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { store_ = GetParam().open(10000); }
  StorePtr reopen_with_backlog(size_t backlog) {
    store_.reset();
    store_ = GetParam().open(backlog);
    return store_;
  }

  static WriteValue value(std::string bytes) { return WriteValue{std::move(bytes), std::nullopt}; }

  StorePtr store_;
};

// A path for a new data directory under the temp dir (absent when returned).
std::string fresh_dir(const std::string& name);

// All backends, for INSTANTIATE_TEST_SUITE_P.
std::vector<Backend> all_backends();

}  // namespace kapi::storage::testing
