// Conformance: lists by prefix, at past revisions, paginated over one snapshot.
#include "tests/storage/store_fixture.h"

namespace kapi::storage::testing {
namespace {

std::vector<std::string> keys_of(const ListResult& list) {
  std::vector<std::string> keys;
  for (const auto& kv : list.items) keys.push_back(kv.key);
  return keys;
}

std::vector<std::string> values_of(const ListResult& list) {
  std::vector<std::string> values;
  for (const auto& kv : list.items) values.push_back(*kv.value);
  return values;
}

TEST_P(StoreTest, ListIsSortedAndFilteredByBytePrefix) {
  ASSERT_TRUE(store_->create("/registry/pods/ns/b", value("b")).ok());
  ASSERT_TRUE(store_->create("/registry/pods/ns/a", value("a")).ok());
  ASSERT_TRUE(store_->create("/registry/podsx/ns/c", value("c")).ok());
  ASSERT_TRUE(store_->create("/registry/pod", value("d")).ok());
  auto list = store_->list("/registry/pods/", {});
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(keys_of(*list), (std::vector<std::string>{"/registry/pods/ns/a", "/registry/pods/ns/b"}));
  EXPECT_EQ(list->revision, 4);
  EXPECT_FALSE(list->more);
  EXPECT_EQ(list->items[0].create_revision, 2);
  auto all = store_->list("", {});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->items.size(), 4u);
}

TEST_P(StoreTest, ListAtPastRevisionShowsThatState) {
  ASSERT_TRUE(store_->create("/p/a", value("a1")).ok());  // 1
  ASSERT_TRUE(store_->create("/p/b", value("b1")).ok());  // 2
  ASSERT_TRUE(store_->create("/p/c", value("c1")).ok());  // 3
  ASSERT_TRUE(store_->update("/p/b", value("b2"), 2).ok());  // 4
  ASSERT_TRUE(store_->remove("/p/a", 0).ok());               // 5
  ASSERT_TRUE(store_->create("/p/d", value("d1")).ok());     // 6
  ASSERT_TRUE(store_->update("/p/b", value("b3"), 4).ok());  // 7
  ASSERT_TRUE(store_->create("/p/a", value("a2")).ok());     // 8

  ListOptions at3;
  at3.revision = 3;
  auto past = store_->list("/p/", at3);
  ASSERT_TRUE(past.ok());
  EXPECT_EQ(past->revision, 3);
  EXPECT_EQ(keys_of(*past), (std::vector<std::string>{"/p/a", "/p/b", "/p/c"}));
  EXPECT_EQ(values_of(*past), (std::vector<std::string>{"a1", "b1", "c1"}));
  EXPECT_EQ(past->items[1].mod_revision, 2);

  ListOptions at6;
  at6.revision = 6;
  auto mid = store_->list("/p/", at6);
  ASSERT_TRUE(mid.ok());
  EXPECT_EQ(keys_of(*mid), (std::vector<std::string>{"/p/b", "/p/c", "/p/d"}));
  EXPECT_EQ(values_of(*mid), (std::vector<std::string>{"b2", "c1", "d1"}));

  auto latest = store_->list("/p/", {});
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(values_of(*latest), (std::vector<std::string>{"a2", "b3", "c1", "d1"}));
  EXPECT_EQ(latest->items[0].create_revision, 8);
}

TEST_P(StoreTest, ListAheadOfCurrentRevisionIsFutureRevision) {
  ASSERT_TRUE(store_->create("/a", value("a")).ok());
  ListOptions ahead;
  ahead.revision = 2;
  auto r = store_->list("/", ahead);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kFutureRevision);
}

TEST_P(StoreTest, PaginationKeepsOneSnapshotAcrossPages) {
  for (const char* k : {"/p/1", "/p/2", "/p/3", "/p/4", "/p/5"}) {
    ASSERT_TRUE(store_->create(k, value(k)).ok());
  }
  ListOptions page;
  page.limit = 2;
  auto first = store_->list("/p/", page);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(keys_of(*first), (std::vector<std::string>{"/p/1", "/p/2"}));
  EXPECT_TRUE(first->more);
  EXPECT_EQ(first->remaining, 3);
  EXPECT_EQ(first->revision, 5);

  // Writes between pages must not show in the continued list.
  ASSERT_TRUE(store_->remove("/p/3", 0).ok());
  ASSERT_TRUE(store_->create("/p/25", value("new")).ok());
  ASSERT_TRUE(store_->update("/p/4", value("changed"), 0).ok());

  page.revision = first->revision;
  page.start_after = first->items.back().key;
  auto second = store_->list("/p/", page);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(keys_of(*second), (std::vector<std::string>{"/p/3", "/p/4"}));
  EXPECT_EQ(values_of(*second), (std::vector<std::string>{"/p/3", "/p/4"}));
  EXPECT_TRUE(second->more);
  EXPECT_EQ(second->remaining, 1);

  page.start_after = second->items.back().key;
  auto third = store_->list("/p/", page);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(keys_of(*third), (std::vector<std::string>{"/p/5"}));
  EXPECT_FALSE(third->more);
  EXPECT_EQ(third->remaining, 0);

  ListOptions latest;
  latest.start_after = "/p/2";
  auto now = store_->list("/p/", latest);
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(keys_of(*now), (std::vector<std::string>{"/p/25", "/p/4", "/p/5"}));
}

TEST_P(StoreTest, StartAfterBeforeThePrefixStartsAtThePrefix) {
  ASSERT_TRUE(store_->create("/a/1", value("1")).ok());
  ASSERT_TRUE(store_->create("/b/1", value("2")).ok());
  ListOptions options;
  options.start_after = "/";
  auto list = store_->list("/b/", options);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(keys_of(*list), (std::vector<std::string>{"/b/1"}));
}

TEST_P(StoreTest, CompactionForgetsHistoryBelowTheRevision) {
  ASSERT_TRUE(store_->create("/a", value("1")).ok());  // 1
  ASSERT_TRUE(store_->update("/a", value("2"), 0).ok());  // 2
  ASSERT_TRUE(store_->create("/b", value("3")).ok());  // 3
  ASSERT_TRUE(store_->remove("/a", 0).ok());           // 4
  ASSERT_TRUE(store_->compact(3).ok());
  EXPECT_EQ(store_->compacted_revision(), 3);

  ListOptions at2;
  at2.revision = 2;
  auto gone = store_->list("/", at2);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, ErrorCode::kCompacted);
  EXPECT_EQ(gone.error().revision, 3);

  ListOptions at3;
  at3.revision = 3;
  auto kept = store_->list("/", at3);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(keys_of(*kept), (std::vector<std::string>{"/a", "/b"}));
  EXPECT_EQ(values_of(*kept), (std::vector<std::string>{"2", "3"}));

  EXPECT_TRUE(store_->compact(2).ok());  // already compacted: nothing to do
  EXPECT_EQ(store_->compacted_revision(), 3);
  EXPECT_EQ(store_->compact(9).error().code, ErrorCode::kFutureRevision);
  ASSERT_TRUE(store_->compact(4).ok());
  auto latest = store_->list("/", {});
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(keys_of(*latest), (std::vector<std::string>{"/b"}));
}

}  // namespace
}  // namespace kapi::storage::testing
