// Running controllers in a test: a registry on the memory store, the chosen controllers over an
// in-process client, and an admin client for the test to act with (as kubectl would).
//
//   ControllerHarness h({"statefulset"});      // or {"*"}; options may be changed before start()
//   h.start();
//   h.create(resources::kStatefulSets, sts);
//   EXPECT_TRUE(eventually([&] { return h.exists(resources::kPods, "default", "web-0"); }));
//
// Without the "node" controller nothing runs pods: mark_running_ready() plays the kubelet.
#pragma once

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "client/in_process_client.h"
#include "controllers/factories.h"
#include "controllers/manager.h"
#ifdef KAPI_WITH_ALL
#include "controllers/builtin.h"
#endif
#include "registry/object_meta.h"
#include "tests/client/eventually.h"
#include "tests/client/test_support.h"

namespace kapi::controllers::testing {

// The controllers this test binary links (tests/controllers/CMakeLists.txt defines
// KAPI_WITH_<NAME> for each), by name; "*" is every built-in one (KAPI_WITH_ALL).
inline std::vector<ControllerDescriptor> harness_controllers(const std::vector<std::string>& names) {
  std::vector<ControllerDescriptor> out;
#ifdef KAPI_WITH_ALL
  if (names == std::vector<std::string>{"*"}) return builtin_controllers();
#endif
  for (const auto& name : names) {
    (void)name;
#define KAPI_HARNESS_CONTROLLER(id)                                             \
  if (name == #id) out.push_back({#id, make_##id##_controller});
#ifdef KAPI_WITH_NODE
    KAPI_HARNESS_CONTROLLER(node)
#endif
#ifdef KAPI_WITH_SCHEDULER
    KAPI_HARNESS_CONTROLLER(scheduler)
#endif
#ifdef KAPI_WITH_STATEFULSET
    KAPI_HARNESS_CONTROLLER(statefulset)
#endif
#ifdef KAPI_WITH_PVBINDER
    KAPI_HARNESS_CONTROLLER(pvbinder)
#endif
#ifdef KAPI_WITH_LOCALPATH
    KAPI_HARNESS_CONTROLLER(localpath)
#endif
#ifdef KAPI_WITH_REPLICASET
    KAPI_HARNESS_CONTROLLER(replicaset)
#endif
#ifdef KAPI_WITH_DEPLOYMENT
    KAPI_HARNESS_CONTROLLER(deployment)
#endif
#ifdef KAPI_WITH_GARBAGECOLLECTOR
    KAPI_HARNESS_CONTROLLER(garbagecollector)
#endif
#ifdef KAPI_WITH_NAMESPACE
    KAPI_HARNESS_CONTROLLER(namespace)
#endif
#undef KAPI_HARNESS_CONTROLLER
  }
  return out;
}

inline size_t builtin_count() {
#ifdef KAPI_WITH_ALL
  return builtin_controllers().size();
#else
  return 0;
#endif
}

using client::json;
using client::testing::eventually;
namespace resources = client::resources;

class ControllerHarness {
 public:
  explicit ControllerHarness(std::vector<std::string> controllers) : flags_(std::move(controllers)) {
    options.pod_stop_delay = std::chrono::milliseconds(10);
    admin_ = std::make_shared<client::InProcessClient>(memory_.registry, client::Identity{"admin", {"system:masters"}});
  }
  ~ControllerHarness() { stop(); }

  ControllerOptions options;

  void start() {
    auto controllers = harness_controllers(flags_);
    ASSERT_EQ(controllers.size(), flags_ == std::vector<std::string>{"*"} ? builtin_count() : flags_.size())
        << "a controller is not linked into this test: list it for "
                                                    "this test in tests/controllers/CMakeLists.txt";
    ControllerContext context;
    const registry::Registry* registry = &memory_.registry;
    context.client_for = [registry](const std::string& name) -> client::ClientPtr {
      return std::make_shared<client::InProcessClient>(
          *registry, client::Identity{"system:serviceaccount:kube-system:" + name, {}});
    };
    context.options = options;
    manager_ = std::make_unique<ControllerManager>(std::move(context), std::move(controllers));
    auto err = manager_->start(std::chrono::seconds(20));
    ASSERT_FALSE(err.has_value()) << *err;
  }
  void stop() {
    if (manager_) manager_->stop();
    manager_.reset();
  }
  // A controller restart: the manager stops and a new one starts over the same registry.
  void restart() {
    stop();
    start();
  }

  client::Client& api() { return *admin_; }
  registry::Registry& registry() { return memory_.registry; }

  json create(const client::Resource& r, const json& obj) {
    auto made = admin_->create(r, registry::meta_string(obj, "namespace"), obj);
    EXPECT_TRUE(made.ok()) << (made.ok() ? "" : made.error().message);
    return made.ok() ? made.value() : json();
  }
  std::optional<json> get(const client::Resource& r, const std::string& ns, const std::string& name) {
    auto got = admin_->get(r, ns, name);
    if (!got.ok()) return std::nullopt;
    return got.value();
  }
  bool exists(const client::Resource& r, const std::string& ns, const std::string& name) {
    return get(r, ns, name).has_value();
  }
  std::vector<json> list(const client::Resource& r, const std::string& ns, const std::string& label_selector = "") {
    client::ListOptions options;
    options.label_selector = label_selector;
    auto listed = admin_->list(r, ns, options);
    return listed.ok() ? listed->items : std::vector<json>{};
  }

  // What the kubelet would write for a started pod: Running, every container ready.
  bool mark_running_ready(const std::string& ns, const std::string& name) {
    auto pod = get(resources::kPods, ns, name);
    if (!pod) return false;
    std::string now = registry::now_rfc3339();
    json status = (*pod)["status"];
    status["phase"] = "Running";
    status["conditions"] = json::array();
    for (const char* type : {"Initialized", "Ready", "ContainersReady", "PodScheduled"})
      status["conditions"].push_back({{"type", type}, {"status", "True"}, {"lastTransitionTime", now}});
    (*pod)["status"] = status;
    return admin_->update_status(resources::kPods, ns, *pod).ok();
  }

 private:
  client::testing::MemoryRegistry memory_;
  std::vector<std::string> flags_;
  client::ClientPtr admin_;
  std::unique_ptr<ControllerManager> manager_;
};

}  // namespace kapi::controllers::testing
