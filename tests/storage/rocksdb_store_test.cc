// RocksDB backend only: persistence across reopen (async creates included), refusal of foreign, newer and corrupt data
// directories, and resumption of an interrupted compaction.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include "storage/rocks_codec.h"
#include "storage/rocks_open.h"
#include "storage/rocksdb_store.h"
#include "tests/storage/store_fixture.h"

namespace kapi::storage::testing {
namespace {

StorePtr open_ok(const std::string& path) {
  RocksStoreOptions options;
  options.path = path;
  auto store = open_rocksdb_store(options);
  EXPECT_TRUE(store.ok()) << store.error().message;
  return store.ok() ? *store : nullptr;
}

WriteValue value(std::string bytes) { return WriteValue{std::move(bytes), std::nullopt}; }

TEST(RocksStore, StatePersistsAndRevisionsContinueAfterReopen) {
  const std::string dir = fresh_dir("reopen");
  {
    StorePtr store = open_ok(dir);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->create("/a", value("a1")).ok());      // 1
    ASSERT_TRUE(store->create("/b", value("b1")).ok());      // 2
    ASSERT_TRUE(store->update("/a", value("a2"), 1).ok());   // 3
    ASSERT_TRUE(store->remove("/b", 0).ok());                // 4
    ASSERT_TRUE(store->create("/c", value("c1")).ok());      // 5
    ASSERT_TRUE(store->compact(2).ok());
  }
  StorePtr store = open_ok(dir);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->current_revision(), 5);
  EXPECT_EQ(store->compacted_revision(), 2);
  EXPECT_EQ(*store->get("/a")->value, "a2");
  EXPECT_EQ(store->get("/b").error().code, ErrorCode::kNotFound);

  ListOptions at2;
  at2.revision = 2;
  auto past = store->list("/", at2);
  ASSERT_TRUE(past.ok());
  ASSERT_EQ(past->items.size(), 2u);
  EXPECT_EQ(*past->items[0].value, "a1");
  EXPECT_EQ(*past->items[1].value, "b1");
  ListOptions at1;
  at1.revision = 1;
  EXPECT_EQ(store->list("/", at1).error().code, ErrorCode::kCompacted);

  WatchOptions from;
  from.after = 2;
  auto watch = store->watch("/", from);
  ASSERT_TRUE(watch.ok());
  auto next = store->create("/d", value("d1"));
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->mod_revision, 6);
  std::vector<Revision> seen;
  while (seen.size() < 4) {
    auto events = (*watch)->wait(std::chrono::seconds(10));
    ASSERT_FALSE(events.empty());
    for (const auto& e : events) seen.push_back(e->revision());
  }
  EXPECT_EQ(seen, (std::vector<Revision>{3, 4, 5, 6}));
}

TEST(RocksStore, RefusesADirectoryThatIsNotAStore) {
  const std::string dir = fresh_dir("foreign");
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/notes.txt") << "someone else's data";
  RocksStoreOptions options;
  options.path = dir;
  auto store = open_rocksdb_store(options);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(store.error().message.find("no RocksDB database"), std::string::npos)
      << store.error().message;
  EXPECT_TRUE(std::filesystem::exists(dir + "/notes.txt"));  // left alone
}

TEST(RocksStore, RefusesANewerFormat) {
  const std::string dir = fresh_dir("newer");
  { ASSERT_TRUE(open_ok(dir)); }
  {
    auto db = rocks::open_db(dir);
    ASSERT_TRUE(db.ok()) << db.error().message;
    ASSERT_TRUE((*db)->db->Put(rocksdb::WriteOptions(), (*db)->meta, rocks::kFormatKey, "99").ok());
  }
  RocksStoreOptions options;
  options.path = dir;
  auto store = open_rocksdb_store(options);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message.find("format version 99 is newer"), std::string::npos)
      << store.error().message;
}

TEST(RocksStore, RefusesAPlainRocksDbWithoutItsColumnFamilies) {
  const std::string dir = fresh_dir("plain");
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, dir, &raw).ok());
    delete raw;
  }
  RocksStoreOptions options;
  options.path = dir;
  auto store = open_rocksdb_store(options);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message.find("unknown format"), std::string::npos)
      << store.error().message;
}

TEST(RocksStore, RefusesACorruptDirectory) {
  const std::string dir = fresh_dir("corrupt");
  {
    StorePtr store = open_ok(dir);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->create("/a", value("a")).ok());
  }
  // Overwrite every MANIFEST with garbage: the database can no longer be described.
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().filename().string().rfind("MANIFEST-", 0) == 0) {
      std::ofstream(entry.path(), std::ios::trunc) << "garbage, not a manifest";
    }
  }
  RocksStoreOptions options;
  options.path = dir;
  auto store = open_rocksdb_store(options);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(store.error().message.find("refusing data directory"), std::string::npos)
      << store.error().message;
}

TEST(RocksStore, InterruptedCompactionIsFinishedAtOpen) {
  const std::string dir = fresh_dir("resume");
  {
    StorePtr store = open_ok(dir);
    ASSERT_TRUE(store);
    for (int i = 0; i < 20; ++i) ASSERT_TRUE(store->create("/k/" + std::to_string(i), value("v")).ok());
  }
  {
    // Phase 1 only, as if the process died right after making the intent durable.
    auto db = rocks::open_db(dir);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->db->Put(rocksdb::WriteOptions(), (*db)->meta, rocks::kCompactedKey,
                               rocks::encode_revision(15)).ok());
  }
  {
    StorePtr store = open_ok(dir);
    ASSERT_TRUE(store);
    EXPECT_EQ(store->compacted_revision(), 15);
    ListOptions at14;
    at14.revision = 14;
    EXPECT_EQ(store->list("/", at14).error().code, ErrorCode::kCompacted);
    EXPECT_EQ(store->list("/", {})->items.size(), 20u);
  }
  auto db = rocks::open_db(dir);
  ASSERT_TRUE(db.ok());
  std::unique_ptr<rocksdb::Iterator> it((*db)->db->NewIterator(rocksdb::ReadOptions(), (*db)->log));
  it->SeekToFirst();
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(rocks::decode_revision(std::string_view(it->key().data(), it->key().size())), 15);
}

// An async create is answered only once durable: what was answered is there after a reopen.
TEST(RocksStore, AnsweredAsyncCreatesSurviveReopen) {
  const std::string dir = fresh_dir("async-reopen");
  {
    StorePtr store = open_ok(dir);
    ASSERT_TRUE(store);
    std::promise<Result<KeyValue>> answered;
    auto answer = answered.get_future();
    store->create_async("/a", value("a1"), [&](Result<KeyValue> r) { answered.set_value(std::move(r)); });
    auto r = answer.get();
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->mod_revision, 1);
  }
  StorePtr store = open_ok(dir);
  ASSERT_TRUE(store);
  auto a = store->get("/a");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a->value, "a1");
  EXPECT_EQ(store->current_revision(), 1);
}

// Closing the store commits and answers every async create handed to it, none is dropped.
TEST(RocksStore, ClosingAnswersEveryAsyncCreate) {
  const std::string dir = fresh_dir("async-close");
  std::atomic<int> ok{0}, answered{0};
  {
    StorePtr store = open_ok(dir);
    ASSERT_TRUE(store);
    for (int i = 0; i < 500; ++i)
      store->create_async("/k/" + std::to_string(i), value("v"), [&](Result<KeyValue> r) {
        if (r.ok()) ++ok;
        ++answered;
      });
  }  // the last reference: the store closes with writes still queued
  EXPECT_EQ(answered.load(), 500);
  EXPECT_EQ(ok.load(), 500);
  StorePtr store = open_ok(dir);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->current_revision(), 500);
}

}  // namespace
}  // namespace kapi::storage::testing
