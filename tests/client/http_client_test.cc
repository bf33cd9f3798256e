// The HTTP client against a real `kapi serve` child process: verbs, errors as the server's
// Status, lists with pages and selectors, streaming watches, and an informer over HTTP.
#include "client/http_client.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "client/informer.h"
#include "tests/client/kapi_server.h"
#include "tests/client/test_support.h"

namespace kapi::client {
namespace {

using testing::configmap;
using testing::eventually;

class HttpClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new testing::KapiServer();
    ASSERT_TRUE(server_->wait_ready()) << "kapi serve did not start";
    auto config = load_kubeconfig(server_->kubeconfig());
    ASSERT_EQ(config.index(), 0u) << std::get<1>(config);
    config_ = new KubeConfig(std::get<0>(config));
  }
  static void TearDownTestSuite() {
    delete config_;
    config_ = nullptr;
    delete server_;
    server_ = nullptr;
  }

  void SetUp() override {
    ASSERT_TRUE(config_);
    auto made = HttpClient::from_kubeconfig(*config_);
    ASSERT_EQ(made.index(), 0u) << std::get<1>(made);
    client_ = std::get<0>(made);
  }

  // Each test works in its own namespace, so tests sharing the server do not see each other.
  std::string make_namespace() {
    std::string name = "t-" + std::to_string(++namespaces_);
    json ns = {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}}};
    auto created = client_->create(resources::kNamespaces, "", ns);
    EXPECT_TRUE(created.ok()) << created.error().message;
    return name;
  }

  static testing::KapiServer* server_;
  static KubeConfig* config_;
  static int namespaces_;
  ClientPtr client_;
  const Resource& cms_ = resources::kConfigMaps;
};
testing::KapiServer* HttpClientTest::server_ = nullptr;
KubeConfig* HttpClientTest::config_ = nullptr;
int HttpClientTest::namespaces_ = 0;

TEST_F(HttpClientTest, CreateGetUpdatePatchDelete) {
  std::string ns = make_namespace();
  auto created = client_->create(cms_, ns, configmap(ns, "a"));
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->at("metadata").at("namespace"), ns);
  auto got = client_->get(cms_, ns, "a");
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->at("metadata").at("uid"), created->at("metadata").at("uid"));

  json changed = got.value();
  changed["data"]["k"] = "w";
  auto updated = client_->update(cms_, ns, changed);
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  EXPECT_EQ(updated->at("data").at("k"), "w");

  auto patched = client_->patch(cms_, ns, "a", PatchType::kStrategicMerge, R"({"data":{"x":"1"}})");
  ASSERT_TRUE(patched.ok()) << patched.error().message;
  EXPECT_EQ(patched->at("data").at("x"), "1");

  DeleteOptions background;
  background.propagation_policy = "Background";
  auto removed = client_->remove(cms_, ns, "a", background);
  ASSERT_TRUE(removed.ok()) << removed.error().message;
  EXPECT_EQ(removed->at("kind"), "Status");
  EXPECT_EQ(client_->get(cms_, ns, "a").error().code, 404);
}

TEST_F(HttpClientTest, ErrorsAreTheServersStatus) {
  std::string ns = make_namespace();
  auto missing = client_->get(cms_, ns, "nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, 404);
  EXPECT_EQ(missing.error().reason, "NotFound");
  EXPECT_EQ(missing.error().message, "configmaps \"nope\" not found");
  EXPECT_EQ(missing.error().details["name"], "nope");

  ASSERT_TRUE(client_->create(cms_, ns, configmap(ns, "a")).ok());
  auto dup = client_->create(cms_, ns, configmap(ns, "a"));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, 409);
  EXPECT_EQ(dup.error().reason, "AlreadyExists");

  auto invalid = client_->create(cms_, ns, configmap(ns, "Bad_Name"));
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.error().code, 422);
  EXPECT_EQ(invalid.error().reason, "Invalid");

  auto created = client_->get(cms_, ns, "a");
  ASSERT_TRUE(created.ok());
  DeleteOptions stale;
  stale.precondition_resource_version = "1";
  auto precondition = client_->remove(cms_, ns, "a", stale);
  ASSERT_FALSE(precondition.ok());
  EXPECT_EQ(precondition.error().code, 409);
}

TEST_F(HttpClientTest, ListWithSelectorsAndPages) {
  std::string ns = make_namespace();
  for (int i = 0; i < 5; ++i) {
    json cm = configmap(ns, "cm" + std::to_string(i));
    cm["metadata"]["labels"] = {{"app", i < 3 ? "web" : "db"}};
    ASSERT_TRUE(client_->create(cms_, ns, cm).ok());
  }
  ListOptions web_only;
  web_only.label_selector = "app in (web)";
  auto web = client_->list(cms_, ns, web_only);
  ASSERT_TRUE(web.ok()) << web.error().message;
  EXPECT_EQ(web->items.size(), 3u);
  EXPECT_EQ(web->items[0]["kind"], "ConfigMap");

  ListOptions named;
  named.field_selector = "metadata.name=cm4";
  auto by_name = client_->list(cms_, ns, named);
  ASSERT_TRUE(by_name.ok());
  ASSERT_EQ(by_name->items.size(), 1u);

  ListOptions page;
  page.limit = 2;
  std::vector<std::string> names;
  do {
    auto listed = client_->list(cms_, ns, page);
    ASSERT_TRUE(listed.ok()) << listed.error().message;
    for (auto& item : listed->items) names.push_back(item["metadata"]["name"]);
    page.continue_token = listed->continue_token;
  } while (!page.continue_token.empty());
  EXPECT_EQ(names, (std::vector<std::string>{"cm0", "cm1", "cm2", "cm3", "cm4"}));
}

TEST_F(HttpClientTest, WatchStreamsEventsFromAResourceVersion) {
  std::string ns = make_namespace();
  auto created = client_->create(cms_, ns, configmap(ns, "a"));
  ASSERT_TRUE(created.ok());
  WatchOptions from;
  from.resource_version = created->at("metadata").at("resourceVersion");
  auto watcher = client_->watch(cms_, ns, from);
  ASSERT_TRUE(watcher.ok()) << watcher.error().message;
  ASSERT_TRUE(client_->create(cms_, ns, configmap(ns, "b")).ok());
  ASSERT_TRUE(client_->patch(cms_, ns, "a", PatchType::kMerge, R"({"data":{"k":"2"}})").ok());
  ASSERT_TRUE(client_->remove(cms_, ns, "b", {}).ok());

  std::vector<std::string> seen;
  while (seen.size() < 3) {
    auto event = (*watcher)->next();
    ASSERT_TRUE(event);
    if (event->type == WatchEvent::Type::kBookmark) continue;
    std::string type = event->type == WatchEvent::Type::kAdded      ? "ADDED"
                       : event->type == WatchEvent::Type::kModified ? "MODIFIED"
                       : event->type == WatchEvent::Type::kDeleted  ? "DELETED"
                                                                    : "ERROR";
    seen.push_back(type + " " + event->object["metadata"]["name"].get<std::string>());
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"ADDED b", "MODIFIED a", "DELETED b"}));

  // stop() from another thread ends a blocked next().
  std::thread stopper([&] { (*watcher)->stop(); });
  while ((*watcher)->next()) {}
  stopper.join();
}

// The server takes at most 256 events per pump of a watch and is told only when the watch's
// queue turns non-empty, so what a pump leaves behind must be pumped again after the write, not
// at the next idle tick (5 s): 700 initial events come in well under one tick.
TEST_F(HttpClientTest, AWatchBacklogOfSeveralBatchesComesWithoutWaitingForTheIdleTick) {
  std::string ns = make_namespace();
  constexpr int kCount = 700;
  for (int i = 0; i < kCount; ++i)
    ASSERT_TRUE(client_->create(cms_, ns, configmap(ns, "c" + std::to_string(i))).ok());
  auto watcher = client_->watch(cms_, ns, {});  // the current state first, as ADDED events
  ASSERT_TRUE(watcher.ok()) << watcher.error().message;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::thread stopper([&] {
    std::unique_lock lock(mu);
    cv.wait_for(lock, std::chrono::seconds(4), [&] { return done; });
    (*watcher)->stop();
  });
  int added = 0;
  while (added < kCount) {
    auto event = (*watcher)->next();
    if (!event) break;
    if (event->type == WatchEvent::Type::kAdded) ++added;
  }
  {
    std::lock_guard lock(mu);
    done = true;
  }
  cv.notify_all();
  stopper.join();
  EXPECT_EQ(added, kCount);
}

// A watch whose client stops reading fills its socket, so the server keeps the unwritten rest
// of a chunk while other watches' chunks are built in the same network threads' buffers: the
// stalled watch must still get its events intact when it reads again.
TEST_F(HttpClientTest, AStalledWatchGetsItsEventsIntactWhileOthersAreWritten) {
  std::string ns = make_namespace();
  constexpr int kCount = 200;  // ~12 MB in all: more than loopback socket buffers hold
  auto value_of = [](int i) { return std::string(60 * 1024, static_cast<char>('a' + i % 26)); };
  for (int i = 0; i < kCount; ++i)
    ASSERT_TRUE(client_->create(cms_, ns, configmap(ns, "c" + std::to_string(i), value_of(i))).ok());
  auto stalled = client_->watch(cms_, ns, {});
  ASSERT_TRUE(stalled.ok()) << stalled.error().message;
  auto read_all = [&](Watcher& watcher, const char* which) {
    for (int i = 0; i < kCount; ++i) {
      auto event = watcher.next();
      ASSERT_TRUE(event) << which << ": the watch ended at event " << i;
      ASSERT_EQ(event->type, WatchEvent::Type::kAdded) << which << " event " << i << ": " << event->object.dump().substr(0, 300);
      const std::string name = event->object["metadata"].value("name", "");
      ASSERT_EQ(name.rfind('c', 0), 0u) << which << " event " << i;
      ASSERT_EQ(event->object["data"].value("k", ""), value_of(std::stoi(name.substr(1)))) << which << ": " << name;
    }
  };
  {
    // Another watch of the same objects, read to the end while the first one's socket is full.
    auto other = client_->watch(cms_, ns, {});
    ASSERT_TRUE(other.ok()) << other.error().message;
    read_all(**other, "the other watch");
    (*other)->stop();
  }
  read_all(**stalled, "the stalled watch");
  (*stalled)->stop();
}

TEST_F(HttpClientTest, BadWatchParametersAreAnError) {
  WatchOptions bad;
  bad.label_selector = "a in (";
  bad.resource_version = "0";
  auto watcher = client_->watch(cms_, "default", bad);
  ASSERT_FALSE(watcher.ok());
  EXPECT_EQ(watcher.error().code, 400) << watcher.error().message;
  EXPECT_EQ(watcher.error().reason, "BadRequest");
}

TEST_F(HttpClientTest, ManySequentialRequestsOnKeptAliveConnections) {
  std::string ns = make_namespace();
  ASSERT_TRUE(client_->create(cms_, ns, configmap(ns, "a")).ok());
  for (int i = 0; i < 200; ++i) {
    auto got = client_->get(cms_, ns, "a");
    ASSERT_TRUE(got.ok()) << "request " << i << ": " << got.error().message;
  }
}

TEST_F(HttpClientTest, ConcurrentRequestsFromSeveralThreads) {
  std::string ns = make_namespace();
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        std::string name = "c" + std::to_string(t) + "-" + std::to_string(i);
        if (!client_->create(cms_, ns, configmap(ns, name)).ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto listed = client_->list(cms_, ns, {});
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->items.size(), 40u);
}

// A load generator's loop: 4 connections from one thread, each with a request in flight, every
// answer coming back to the slot that asked, in order, and every object stored.
TEST_F(HttpClientTest, RunConcurrentlyKeepsEveryConnectionBusyFromOneThread) {
  std::string ns = make_namespace();
  auto made = HttpTransport::create(config_->server, TlsSettings{config_->ca_pem, config_->insecure_skip_tls_verify,
                                                                 config_->client_cert_pem, config_->client_key_pem});
  ASSERT_EQ(made.index(), 0u) << std::get<1>(made);
  constexpr int kSlots = 4, kCreates = 60;
  int issued = 0;
  std::vector<std::vector<std::string>> asked(kSlots), answered(kSlots);
  std::vector<std::string> failures;
  auto failed = std::get<0>(made)->run_concurrently(
      kSlots,
      [&](int slot) -> std::optional<HttpRequest> {
        if (issued == kCreates) return std::nullopt;
        std::string name = "rc-" + std::to_string(issued++);
        asked[size_t(slot)].push_back(name);
        return HttpRequest{"POST", "/api/v1/namespaces/" + ns + "/configmaps", {{"Content-Type", "application/json"}},
                           configmap(ns, name).dump()};
      },
      [&](int slot, std::variant<HttpResponse, std::string> result) {
        if (result.index() == 1) return failures.push_back(std::get<1>(result));
        const auto& response = std::get<0>(result);
        if (response.status != 201) return failures.push_back(std::to_string(response.status) + " " + response.body);
        answered[size_t(slot)].push_back(json::parse(response.body)["metadata"]["name"].get<std::string>());
      });
  EXPECT_EQ(failed, "");
  EXPECT_TRUE(failures.empty()) << failures.front();
  for (int slot = 0; slot < kSlots; ++slot) {
    EXPECT_FALSE(asked[size_t(slot)].empty()) << "slot " << slot << " was never used";
    EXPECT_EQ(answered[size_t(slot)], asked[size_t(slot)]) << "slot " << slot;
  }
  auto listed = client_->list(cms_, ns, {});
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->items.size(), size_t(kCreates));
}

TEST_F(HttpClientTest, WithoutCredentialsTheServerSaysUnauthorized) {
  KubeConfig anonymous = *config_;
  anonymous.client_cert_pem.clear();
  anonymous.client_key_pem.clear();
  auto made = HttpClient::from_kubeconfig(anonymous);
  ASSERT_EQ(made.index(), 0u);
  auto denied = std::get<0>(made)->get(cms_, "default", "x");
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, 401);
}

TEST_F(HttpClientTest, AnUntrustedServerCertificateFailsTheHandshake) {
  KubeConfig wrong_ca = *config_;
  wrong_ca.ca_pem = wrong_ca.client_cert_pem;  // a certificate, but not the CA that signed the server's
  auto made = HttpClient::from_kubeconfig(wrong_ca);
  ASSERT_EQ(made.index(), 0u);
  auto failed = std::get<0>(made)->get(cms_, "default", "x");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, 503);
  EXPECT_NE(failed.error().message.find("TLS handshake"), std::string::npos) << failed.error().message;
}

// kapi's kubeconfigs name 127.0.0.1 (connected to without a resolver); a host name goes through
// the resolver, and the serving certificate's DNS:localhost name is checked.
TEST_F(HttpClientTest, AServerNamedByHostNameIsResolved) {
  KubeConfig by_name = *config_;
  const auto colon = by_name.server.rfind(':');
  by_name.server = "https://localhost" + by_name.server.substr(colon);
  auto made = HttpClient::from_kubeconfig(by_name);
  ASSERT_EQ(made.index(), 0u);
  auto listed = std::get<0>(made)->list(resources::kNamespaces, "", {});
  EXPECT_TRUE(listed.ok()) << listed.error().message;
}

TEST_F(HttpClientTest, InformerOverHttp) {
  std::string ns = make_namespace();
  ASSERT_TRUE(client_->create(cms_, ns, configmap(ns, "a")).ok());
  std::mutex mu;
  std::vector<std::string> adds;
  InformerOptions options;
  options.resource = cms_;
  options.ns = ns;
  Informer informer(client_, options);
  informer.add_handlers({[&](const ObjectPtr& o) {
                           std::lock_guard lock(mu);
                           adds.push_back(object_key(*o));
                         },
                         nullptr, nullptr});
  informer.start();
  ASSERT_TRUE(informer.wait_for_sync(std::chrono::seconds(20)));
  ASSERT_TRUE(client_->create(cms_, ns, configmap(ns, "b")).ok());
  ASSERT_TRUE(eventually([&] {
    std::lock_guard lock(mu);
    return adds.size() == 2;
  }));
  informer.stop();
  std::lock_guard lock(mu);
  EXPECT_EQ(adds, (std::vector<std::string>{ns + "/a", ns + "/b"}));
}

TEST(HttpClientUrlTest, PathsAndEscaping) {
  EXPECT_EQ(resource_path(resources::kPods, "default", "p", "status"), "/api/v1/namespaces/default/pods/p/status");
  EXPECT_EQ(resource_path(resources::kStatefulSets, "", ""), "/apis/apps/v1/statefulsets");
  EXPECT_EQ(resource_path(resources::kNodes, "", "n1"), "/api/v1/nodes/n1");
  EXPECT_EQ(query_escape("app in (a,b),x!=y"), "app%20in%20%28a%2Cb%29%2Cx%21%3Dy");
}

TEST(HttpClientErrorTest, NonStatusBodiesStillMakeAnError) {
  auto e = error_from_response(502, "bad gateway");
  EXPECT_EQ(e.code, 502);
  EXPECT_EQ(e.reason, "InternalError");
  EXPECT_EQ(e.message, "bad gateway");
  auto s = error_from_response(410, R"({"kind":"Status","code":410,"reason":"Expired","message":"too old"})");
  EXPECT_EQ(s.code, 410);
  EXPECT_EQ(s.reason, "Expired");
  EXPECT_EQ(s.message, "too old");
}

TEST(HttpClientConnectTest, NoServerIsServiceUnavailable) {
  // Port 1 on loopback: nothing listens there, the connection is refused.
  KubeConfig config;
  config.server = "https://127.0.0.1:1";
  config.insecure_skip_tls_verify = true;
  auto made = HttpClient::from_kubeconfig(config);
  ASSERT_EQ(made.index(), 0u);
  auto failed = std::get<0>(made)->get(resources::kPods, "default", "x");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, 503);
  EXPECT_EQ(failed.error().reason, "ServiceUnavailable");
}

}  // namespace
}  // namespace kapi::client
