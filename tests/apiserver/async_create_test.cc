// ApiHandler::handle_async: resource creates are answered without blocking the calling thread
// (from the store's commit on RocksDB), with the answer handle() gives; every other request,
// and every create the route or authentication refuses, is declined for handle() to answer.
#include <gtest/gtest.h>

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "apiserver/api_handler.h"
#include "registry/registry.h"
#include "storage/rocksdb_store.h"

namespace kapi::apiserver {
namespace {

using nlohmann::json;

// Takes the answers given through Respond, possibly from another thread.
class Answers {
 public:
  Respond respond() {
    return [this](Response r) {
      std::lock_guard lock(mu_);
      answers_.push_back(std::move(r));
      changed_.notify_all();
    };
  }
  // The n-th answer (from 1) once it came (a bound only so a bug fails rather than hangs).
  Response wait(size_t n) {
    std::unique_lock lock(mu_);
    EXPECT_TRUE(changed_.wait_for(lock, std::chrono::seconds(60), [&] { return answers_.size() >= n; }));
    return answers_.size() >= n ? answers_[n - 1] : Response{};
  }
  size_t count() {
    std::lock_guard lock(mu_);
    return answers_.size();
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  std::vector<Response> answers_;
};

class AsyncCreateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("kapi-async-create-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    storage::RocksStoreOptions options;
    options.path = dir_.string();
    options.sync = false;  // what is checked here is who answers and with what, not durability
    auto store = storage::open_rocksdb_store(options);
    ASSERT_TRUE(store.ok()) << store.error().message;
    registry_ = std::make_unique<registry::Registry>(*store);
    registry::register_builtin_resources(*registry_);
    registry::ensure_system_namespaces(*registry_);
    handler_ = std::make_unique<ApiHandler>(*registry_, std::nullopt);
  }
  void TearDown() override {
    handler_.reset();
    registry_.reset();
    std::filesystem::remove_all(dir_);
  }

  static Request request(std::string method, std::string path, std::string body = "") {
    Request r;
    r.method = std::move(method);
    r.target = path;
    r.path = std::move(path);
    r.body = std::move(body);
    r.headers["content-type"] = "application/json";
    r.tls_user = authn::UserInfo{"admin", "", {"system:masters"}};
    return r;
  }
  static std::string configmap(const std::string& name) {
    return json{{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", name}}}, {"data", {{"k", "v"}}}}
        .dump();
  }

  std::filesystem::path dir_;
  std::unique_ptr<registry::Registry> registry_;
  std::unique_ptr<ApiHandler> handler_;
  Answers answers_;
};

TEST_F(AsyncCreateTest, ACreateIsAnsweredFromItsCommitAsHandleWouldAnswerIt) {
  auto req = request("POST", "/api/v1/namespaces/default/configmaps", configmap("a"));
  ASSERT_TRUE(handler_->handle_async(req, answers_.respond()));
  Response created = answers_.wait(1);
  EXPECT_EQ(created.status, 201);
  json obj = json::parse(created.body);
  EXPECT_EQ(obj["metadata"]["name"], "a");
  EXPECT_FALSE(obj["metadata"]["resourceVersion"].get<std::string>().empty());

  auto get = request("GET", "/api/v1/namespaces/default/configmaps/a");
  Response got = handler_->handle(get);
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(json::parse(got.body), obj);  // readable once answered, byte for byte the same

  // The same create through handle() (the pool's path) is refused the same way.
  auto again = request("POST", "/api/v1/namespaces/default/configmaps", configmap("a"));
  EXPECT_EQ(handler_->handle(again).status, 409);
  auto again_async = request("POST", "/api/v1/namespaces/default/configmaps", configmap("a"));
  ASSERT_TRUE(handler_->handle_async(again_async, answers_.respond()));
  EXPECT_EQ(answers_.wait(2).status, 409);
}

TEST_F(AsyncCreateTest, CreatesRefusedBeforeTheStoreAreAnsweredAtOnce) {
  auto bad = request("POST", "/api/v1/namespaces/default/configmaps", "{not json");
  ASSERT_TRUE(handler_->handle_async(bad, answers_.respond()));
  EXPECT_EQ(answers_.count(), 1u);  // on this thread, before handle_async returned
  EXPECT_EQ(answers_.wait(1).status, 400);

  auto missing_ns = request("POST", "/api/v1/namespaces/nowhere/configmaps", configmap("b"));
  ASSERT_TRUE(handler_->handle_async(missing_ns, answers_.respond()));
  EXPECT_EQ(answers_.wait(2).status, 404);  // NamespaceLifecycle

  auto dry = request("POST", "/api/v1/namespaces/default/configmaps", configmap("c"));
  dry.query["dryRun"] = "All";
  ASSERT_TRUE(handler_->handle_async(dry, answers_.respond()));
  EXPECT_EQ(answers_.wait(3).status, 201);
  auto get = request("GET", "/api/v1/namespaces/default/configmaps/c");
  EXPECT_EQ(handler_->handle(get).status, 404);  // a dry run writes nothing
}

TEST_F(AsyncCreateTest, EverythingElseIsDeclinedForHandle) {
  auto get = request("GET", "/api/v1/namespaces/default/configmaps");
  EXPECT_FALSE(handler_->handle_async(get, answers_.respond()));

  auto put = request("PUT", "/api/v1/namespaces/default/configmaps/a", configmap("a"));
  EXPECT_FALSE(handler_->handle_async(put, answers_.respond()));

  auto anonymous = request("POST", "/api/v1/namespaces/default/configmaps", configmap("a"));
  anonymous.tls_user.reset();
  EXPECT_FALSE(handler_->handle_async(anonymous, answers_.respond()));
  EXPECT_EQ(handler_->handle(anonymous).status, 401);

  auto on_object = request("POST", "/api/v1/namespaces/default/configmaps/a", configmap("a"));
  EXPECT_FALSE(handler_->handle_async(on_object, answers_.respond()));
  EXPECT_EQ(handler_->handle(on_object).status, 405);

  auto subresource = request("POST", "/api/v1/namespaces/default/pods/p/binding", "{}");
  EXPECT_FALSE(handler_->handle_async(subresource, answers_.respond()));

  auto unknown = request("POST", "/api/v1/namespaces/default/widgets", "{}");
  EXPECT_FALSE(handler_->handle_async(unknown, answers_.respond()));
  EXPECT_EQ(handler_->handle(unknown).status, 404);

  auto not_api = request("POST", "/version", "{}");
  EXPECT_FALSE(handler_->handle_async(not_api, answers_.respond()));
  EXPECT_EQ(answers_.count(), 0u);  // declined requests are never answered through respond
}

}  // namespace
}  // namespace kapi::apiserver
