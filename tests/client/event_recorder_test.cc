// The event recorder: Events as upstream writes them, repeats aggregated by count.
#include "client/event_recorder.h"

#include <gtest/gtest.h>

#include "client/in_process_client.h"
#include "tests/client/test_support.h"

namespace kapi::client {
namespace {

using namespace std::chrono_literals;

class EventRecorderTest : public ::testing::Test {
 protected:
  EventRecorderTest()
      : client_(std::make_shared<InProcessClient>(env_.registry, Identity{"test", {}})),
        recorder_(client_, {"statefulset-controller", ""}, [this] { return now_; }) {
    auto created = client_->create(resources::kConfigMaps, "default", testing::configmap("default", "web"));
    EXPECT_TRUE(created.ok());
    object_ = created.value();
  }

  std::vector<json> events(const std::string& ns = "default") {
    auto listed = client_->list(resources::kEvents, ns, {});
    EXPECT_TRUE(listed.ok());
    return listed.ok() ? listed->items : std::vector<json>{};
  }

  testing::MemoryRegistry env_;
  ClientPtr client_;
  std::chrono::system_clock::time_point now_ = std::chrono::system_clock::time_point(1700000000s);
  EventRecorder recorder_;
  json object_;
};

TEST_F(EventRecorderTest, WritesAnEventAboutTheObject) {
  ASSERT_FALSE(recorder_.event(object_, kEventTypeNormal, "SuccessfulCreate", "create Pod web-0 in StatefulSet web successful"));
  auto all = events();
  ASSERT_EQ(all.size(), 1u);
  const json& e = all[0];
  EXPECT_EQ(e["involvedObject"]["kind"], "ConfigMap");
  EXPECT_EQ(e["involvedObject"]["name"], "web");
  EXPECT_EQ(e["involvedObject"]["namespace"], "default");
  EXPECT_EQ(e["involvedObject"]["uid"], object_["metadata"]["uid"]);
  EXPECT_EQ(e["reason"], "SuccessfulCreate");
  EXPECT_EQ(e["message"], "create Pod web-0 in StatefulSet web successful");
  EXPECT_EQ(e["type"], "Normal");
  EXPECT_EQ(e["source"]["component"], "statefulset-controller");
  EXPECT_EQ(e["count"], 1);
  EXPECT_EQ(e["firstTimestamp"], "2023-11-14T22:13:20Z");
  EXPECT_EQ(e["lastTimestamp"], "2023-11-14T22:13:20Z");
  EXPECT_EQ(e["metadata"]["name"].get<std::string>().rfind("web.", 0), 0u);
}

TEST_F(EventRecorderTest, RepeatsBumpCountAndLastTimestampOnOneEvent) {
  ASSERT_FALSE(recorder_.event(object_, kEventTypeWarning, "FailedCreate", "quota exceeded"));
  now_ += 30s;
  ASSERT_FALSE(recorder_.event(object_, kEventTypeWarning, "FailedCreate", "quota exceeded"));
  now_ += 30s;
  ASSERT_FALSE(recorder_.event(object_, kEventTypeWarning, "FailedCreate", "quota exceeded"));
  auto all = events();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0]["count"], 3);
  EXPECT_EQ(all[0]["firstTimestamp"], "2023-11-14T22:13:20Z");
  EXPECT_EQ(all[0]["lastTimestamp"], "2023-11-14T22:14:20Z");
}

TEST_F(EventRecorderTest, DifferentMessagesAreDifferentEventsEvenAtTheSameInstant) {
  ASSERT_FALSE(recorder_.event(object_, kEventTypeNormal, "SuccessfulCreate", "create Pod web-0"));
  ASSERT_FALSE(recorder_.event(object_, kEventTypeNormal, "SuccessfulCreate", "create Pod web-1"));
  auto all = events();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_NE(all[0]["metadata"]["name"], all[1]["metadata"]["name"]);
  EXPECT_EQ(all[0]["count"], 1);
  EXPECT_EQ(all[1]["count"], 1);
}

TEST_F(EventRecorderTest, RepeatAfterTheEventWasDeletedCreatesANewOne) {
  ASSERT_FALSE(recorder_.event(object_, kEventTypeNormal, "Scheduled", "assigned"));
  auto first = events();
  ASSERT_EQ(first.size(), 1u);
  ASSERT_TRUE(client_->remove(resources::kEvents, "default", first[0]["metadata"]["name"], {}).ok());
  now_ += 1s;
  ASSERT_FALSE(recorder_.event(object_, kEventTypeNormal, "Scheduled", "assigned"));
  auto second = events();
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0]["count"], 1);
  EXPECT_NE(second[0]["metadata"]["name"], first[0]["metadata"]["name"]);
}

TEST_F(EventRecorderTest, EventsAboutClusterScopedObjectsGoToDefault) {
  json node = {{"apiVersion", "v1"}, {"kind", "Node"}, {"metadata", {{"name", "kapi-node"}}}};
  auto created = client_->create(resources::kNodes, "", node);
  ASSERT_TRUE(created.ok()) << created.error().message;
  ASSERT_FALSE(recorder_.event(created.value(), kEventTypeNormal, "NodeReady", "Node kapi-node status is now: NodeReady"));
  auto all = events("default");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0]["involvedObject"]["kind"], "Node");
  EXPECT_FALSE(all[0]["involvedObject"].contains("namespace"));
}

}  // namespace
}  // namespace kapi::client
