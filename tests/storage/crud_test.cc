// Conformance: revisions, create/update/delete semantics, CAS conflicts, revision splicing.
#include "tests/storage/store_fixture.h"

namespace kapi::storage::testing {
namespace {

TEST_P(StoreTest, StartsEmptyAtRevisionZero) {
  EXPECT_EQ(store_->current_revision(), 0);
  EXPECT_EQ(store_->compacted_revision(), 0);
  auto got = store_->get("/registry/core/pods/default/a");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, ErrorCode::kNotFound);
}

TEST_P(StoreTest, EachWriteTakesTheNextRevision) {
  auto a = store_->create("/a", value("1"));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->create_revision, 1);
  EXPECT_EQ(a->mod_revision, 1);
  auto b = store_->create("/b", value("2"));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->mod_revision, 2);
  auto a2 = store_->update("/a", value("3"), 1);
  ASSERT_TRUE(a2.ok());
  EXPECT_EQ(a2->create_revision, 1);
  EXPECT_EQ(a2->mod_revision, 3);
  EXPECT_EQ(store_->current_revision(), 3);

  auto got = store_->get("/a");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got->value, "3");
  EXPECT_EQ(got->mod_revision, 3);
  EXPECT_EQ(got->create_revision, 1);
}

TEST_P(StoreTest, CreateFailsOnLiveKeyWithoutTakingARevision) {
  ASSERT_TRUE(store_->create("/a", value("1")).ok());
  auto again = store_->create("/a", value("2"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(store_->current_revision(), 1);
  EXPECT_EQ(*store_->get("/a")->value, "1");
}

TEST_P(StoreTest, UpdateChecksExpectedModRevision) {
  ASSERT_TRUE(store_->create("/a", value("1")).ok());
  ASSERT_TRUE(store_->update("/a", value("2"), 1).ok());
  auto stale = store_->update("/a", value("3"), 1);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  EXPECT_EQ(stale.error().revision, 2);  // the key's current mod revision
  EXPECT_EQ(store_->current_revision(), 2);
  auto unconditional = store_->update("/a", value("4"), 0);
  ASSERT_TRUE(unconditional.ok());
  EXPECT_EQ(unconditional->mod_revision, 3);
}

TEST_P(StoreTest, UpdateOfAbsentKeyIsNotFound) {
  auto r = store_->update("/missing", value("x"), 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->current_revision(), 0);
}

TEST_P(StoreTest, RemoveChecksExpectedAndReturnsPreviousValue) {
  ASSERT_TRUE(store_->create("/a", value("v1")).ok());
  auto conflict = store_->remove("/a", 7);
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().code, ErrorCode::kConflict);
  auto removed = store_->remove("/a", 1);
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(removed->mod_revision, 2);
  EXPECT_EQ(removed->create_revision, 1);
  EXPECT_EQ(*removed->value, "v1");
  EXPECT_EQ(store_->get("/a").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->remove("/a", 0).error().code, ErrorCode::kNotFound);
}

TEST_P(StoreTest, RemoveWithTombstoneReturnsItWithTheDeleteRevision) {
  ASSERT_TRUE(store_->create("/a", value("live")).ok());
  auto removed = store_->remove("/a", 0, WriteValue{"{\"rv\":\"\"}", 7});
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(*removed->value, "{\"rv\":\"2\"}");
  EXPECT_EQ(removed->mod_revision, 2);
}

TEST_P(StoreTest, RecreateAfterDeleteStartsANewGeneration) {
  ASSERT_TRUE(store_->create("/a", value("1")).ok());
  ASSERT_TRUE(store_->remove("/a", 0).ok());
  auto again = store_->create("/a", value("2"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->create_revision, 3);
  EXPECT_EQ(again->mod_revision, 3);
}

TEST_P(StoreTest, RevisionIsSplicedIntoStoredBytes) {
  // {"metadata":{"resourceVersion":""}}: the slot is between the two quotes.
  const std::string bytes = R"({"metadata":{"resourceVersion":""}})";
  const size_t slot = bytes.find("\"\"") + 1;
  ASSERT_TRUE(store_->create("/x", value("x")).ok());
  auto created = store_->create("/a", WriteValue{bytes, slot});
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(*created->value, R"({"metadata":{"resourceVersion":"2"}})");
  EXPECT_EQ(*store_->get("/a")->value, R"({"metadata":{"resourceVersion":"2"}})");
  auto updated = store_->update("/a", WriteValue{bytes, slot}, 2);
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(*store_->get("/a")->value, R"({"metadata":{"resourceVersion":"3"}})");
}

TEST_P(StoreTest, InvalidArgumentsAreRejectedWithoutARevision) {
  EXPECT_EQ(store_->create("", value("x")).error().code, ErrorCode::kInvalid);
  EXPECT_EQ(store_->create("/a", WriteValue{"ab", 3}).error().code, ErrorCode::kInvalid);
  ListOptions negative;
  negative.limit = -1;
  EXPECT_EQ(store_->list("/", negative).error().code, ErrorCode::kInvalid);
  EXPECT_EQ(store_->current_revision(), 0);
}

}  // namespace

}  // namespace kapi::storage::testing
