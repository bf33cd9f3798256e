// GET /metrics on a running server (RocksDB store, every controller): authenticated, and the
// request, watch, storage, work queue and process series move as requests, watches and writes
// happen. One server per process (gtest_discover_tests runs each test alone), so counters start
// at zero.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>

#include "client/http_transport.h"
#include "client/kubeconfig.h"
#include "kapi/server.h"
#include "tests/client/eventually.h"

namespace {

using kapi::client::HttpRequest;
using kapi::client::HttpResponse;
using kapi::client::HttpTransport;
using kapi::client::testing::eventually;
using Labels = std::map<std::string, std::string>;

// The sum of the samples of `name` whose labels include all of `labels`; nullopt if none.
std::optional<double> sample(const std::string& text, const std::string& name, const Labels& labels = {}) {
  std::istringstream lines(text);
  std::string line;
  std::optional<double> sum;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#' || line.rfind(name, 0) != 0) continue;
    const char next = line.size() > name.size() ? line[name.size()] : '\0';
    if (next != '{' && next != ' ') continue;
    bool all = true;
    for (const auto& [key, value] : labels)
      if (line.find(key + "=\"" + value + "\"") == std::string::npos) all = false;
    if (!all) continue;
    sum = sum.value_or(0) + std::stod(line.substr(line.rfind(' ') + 1));
  }
  return sum;
}

Labels configmaps(const std::string& verb, const std::string& scope, const std::string& code = "") {
  Labels l{{"verb", verb}, {"group", ""}, {"version", "v1"}, {"resource", "configmaps"}, {"subresource", ""},
           {"scope", scope}, {"component", "apiserver"}, {"dry_run", ""}};
  if (!code.empty()) l["code"] = code;
  return l;
}

class MetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    kapi::ServerOptions options;
    options.storage = "rocksdb";
    options.controllers = {"*"};
    std::string error;
    server_ = kapi::Server::start(options, &error);
    ASSERT_TRUE(server_) << error;
    auto config = kapi::client::load_kubeconfig(server_->kubeconfig_path());
    ASSERT_TRUE(std::holds_alternative<kapi::client::KubeConfig>(config));
    const auto& kc = std::get<kapi::client::KubeConfig>(config);
    admin_ = make_transport(kc.server, {kc.ca_pem, false, kc.client_cert_pem, kc.client_key_pem});
    anonymous_ = make_transport(kc.server, {kc.ca_pem, false, "", ""});
  }
  void TearDown() override {
    admin_.reset();
    anonymous_.reset();
    if (server_) server_->stop();
  }

  static std::unique_ptr<HttpTransport> make_transport(const std::string& server, const kapi::client::TlsSettings& tls) {
    auto made = HttpTransport::create(server, tls);
    if (auto* t = std::get_if<std::unique_ptr<HttpTransport>>(&made)) return std::move(*t);
    ADD_FAILURE() << std::get<std::string>(made);
    return nullptr;
  }

  HttpResponse call(HttpTransport& transport, const std::string& method, const std::string& target,
                    const std::string& body = "") {
    HttpRequest req{method, target, {{"Content-Type", "application/json"}}, body};
    auto result = transport.round_trip(req);
    if (auto* r = std::get_if<HttpResponse>(&result)) return *r;
    ADD_FAILURE() << method << " " << target << ": " << std::get<std::string>(result);
    return {};
  }

  std::string scrape() {
    auto r = call(*admin_, "GET", "/metrics");
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
    return r.body;
  }

  void create_configmap(const std::string& name) {
    auto r = call(*admin_, "POST", "/api/v1/namespaces/default/configmaps",
                  R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":")" + name + R"("},"data":{"a":"1"}})");
    ASSERT_EQ(r.status, 201) << r.body;
  }

  std::unique_ptr<kapi::Server> server_;
  std::unique_ptr<HttpTransport> admin_, anonymous_;
};

TEST_F(MetricsTest, WithoutCredentialsIs401) {
  auto r = call(*anonymous_, "GET", "/metrics");
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.body.find("\"reason\":\"Unauthorized\""), std::string::npos) << r.body;
}

TEST_F(MetricsTest, RequestSeriesCountEachVerbScopeAndCode) {
  for (auto name : {"a", "b", "c"}) create_configmap(name);
  EXPECT_EQ(call(*admin_, "GET", "/api/v1/namespaces/default/configmaps/a").status, 200);
  EXPECT_EQ(call(*admin_, "GET", "/api/v1/namespaces/default/configmaps/missing").status, 404);
  EXPECT_EQ(call(*admin_, "GET", "/api/v1/namespaces/default/configmaps").status, 200);
  EXPECT_EQ(call(*admin_, "POST", "/api/v1/namespaces/default/configmaps?dryRun=All",
                 R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dry"}})").status, 201);

  const std::string text = scrape();
  EXPECT_EQ(sample(text, "apiserver_request_total", configmaps("POST", "resource", "201")), 3);
  EXPECT_EQ(sample(text, "apiserver_request_total", configmaps("GET", "resource", "200")), 1);
  EXPECT_EQ(sample(text, "apiserver_request_total", configmaps("GET", "resource", "404")), 1);
  EXPECT_EQ(sample(text, "apiserver_request_total", configmaps("LIST", "namespace", "200")), 1);
  Labels dry = configmaps("POST", "resource", "201");
  dry["dry_run"] = "All";
  EXPECT_EQ(sample(text, "apiserver_request_total", dry), 1);
  EXPECT_EQ(sample(text, "apiserver_request_duration_seconds_count", configmaps("POST", "resource")), 3);
  Labels slow = configmaps("POST", "resource");
  slow["le"] = "+Inf";
  EXPECT_EQ(sample(text, "apiserver_request_duration_seconds_bucket", slow), 3);
  // The scrape itself is the one read in flight; nothing mutating is.
  EXPECT_EQ(sample(text, "apiserver_current_inflight_requests", {{"request_kind", "readOnly"}}), 1);
  EXPECT_EQ(sample(text, "apiserver_current_inflight_requests", {{"request_kind", "mutating"}}), 0);
}

TEST_F(MetricsTest, WatchSeriesFollowAWatchFromStartToEnd) {
  const Labels kind{{"group", ""}, {"version", "v1"}, {"kind", "ConfigMap"}};
  auto watch_transport = make_transport(server_->url(), [&] {
    auto kc = std::get<kapi::client::KubeConfig>(kapi::client::load_kubeconfig(server_->kubeconfig_path()));
    return kapi::client::TlsSettings{kc.ca_pem, false, kc.client_cert_pem, kc.client_key_pem};
  }());
  auto opened = watch_transport->open_stream({"GET", "/api/v1/namespaces/default/configmaps?watch=true", {}, ""});
  ASSERT_TRUE(std::holds_alternative<HttpTransport::Opened>(opened));
  auto stream = std::move(std::get<HttpTransport::Opened>(opened).stream);
  EXPECT_EQ(sample(scrape(), "apiserver_registered_watchers", kind), 1);

  create_configmap("watched");
  std::string received;
  while (received.find("\"watched\"") == std::string::npos) {
    auto chunk = stream->read();
    ASSERT_TRUE(chunk) << "watch ended before its event";
    received += *chunk;
  }
  // A watch adds its counts to the shared series at its next tick (every 5 s) or every 64 events.
  std::string text;
  ASSERT_TRUE(eventually([&] {
    text = scrape();
    return sample(text, "apiserver_watch_events_total", kind).value_or(0) >= 1;
  }));
  EXPECT_GE(sample(text, "apiserver_watch_events_sizes_count", kind).value_or(0), 1);
  EXPECT_GT(sample(text, "apiserver_watch_events_sizes_sum", kind).value_or(0), 100);
  // Each chunk carries one event or more.
  EXPECT_GE(sample(text, "kapi_watch_chunks_total", kind).value_or(0), 1);
  EXPECT_LE(sample(text, "kapi_watch_chunks_total", kind).value_or(0),
            sample(text, "apiserver_watch_events_total", kind).value_or(0));
  // Counted when it ends, as upstream.
  EXPECT_EQ(sample(text, "apiserver_request_total", configmaps("WATCH", "namespace")).value_or(0), 0);

  stream->cancel();
  stream.reset();
  watch_transport.reset();
  ASSERT_TRUE(eventually([&] { return sample(scrape(), "apiserver_registered_watchers", kind) == 0; }));
  EXPECT_EQ(sample(scrape(), "apiserver_request_total", configmaps("WATCH", "namespace", "200")), 1);
}

TEST_F(MetricsTest, StorageProcessAndWorkQueueSeries) {
  create_configmap("one");
  create_configmap("two");
  auto count = [&](const std::string& path) {
    auto listed = call(*admin_, "GET", path);
    EXPECT_EQ(listed.status, 200);
    return double(nlohmann::json::parse(listed.body)["items"].size());
  };

  // The deployment controller's queue takes the new Deployment and works on it.
  auto created = call(*admin_, "POST", "/apis/apps/v1/namespaces/default/deployments", R"({
    "apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
    "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
            "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}})");
  ASSERT_EQ(created.status, 201) << created.body;
  ASSERT_TRUE(eventually([&] {
    const std::string text = scrape();
    return sample(text, "workqueue_adds_total", {{"name", "deployment"}}).value_or(0) >= 1 &&
           sample(text, "workqueue_work_duration_seconds_count", {{"name", "deployment"}}).value_or(0) >= 1;
  }));
  const std::string text = scrape();
  EXPECT_GE(count("/api/v1/configmaps"), 2);
  EXPECT_EQ(sample(text, "apiserver_storage_objects", {{"resource", "configmaps"}}), count("/api/v1/configmaps"));
  EXPECT_EQ(sample(text, "apiserver_storage_objects", {{"resource", "namespaces"}}), count("/api/v1/namespaces"));
  EXPECT_EQ(sample(text, "apiserver_storage_objects", {{"resource", "deployments.apps"}}), 1);
  EXPECT_GT(sample(text, "etcd_mvcc_db_total_size_in_bytes").value_or(0), 0);
  EXPECT_GE(sample(text, "etcd_disk_backend_commit_duration_seconds_count").value_or(0), 2);
  EXPECT_GE(sample(text, "kapi_storage_commit_group_size_count").value_or(0), 1);
  EXPECT_GE(sample(text, "kapi_storage_commit_group_size_sum").value_or(0), 2);

  for (auto queue : {"deployment", "replicaset", "statefulset", "namespace", "garbagecollector"}) {
    EXPECT_TRUE(sample(text, "workqueue_depth", {{"name", queue}})) << queue;
    EXPECT_TRUE(sample(text, "workqueue_queue_duration_seconds_count", {{"name", queue}})) << queue;
    EXPECT_TRUE(sample(text, "workqueue_work_duration_seconds_count", {{"name", queue}})) << queue;
    EXPECT_TRUE(sample(text, "workqueue_retries_total", {{"name", queue}})) << queue;
  }

  EXPECT_GT(sample(text, "process_resident_memory_bytes").value_or(0), 1 << 20);
  EXPECT_GT(sample(text, "process_open_fds").value_or(0), 3);
  EXPECT_GE(sample(text, "process_cpu_seconds_total").value_or(-1), 0);
  const double started = sample(text, "process_start_time_seconds").value_or(0);
  const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_GT(started, now - 3600);
  EXPECT_LE(started, now + 1);
}

}  // namespace
