#include "apiserver/request_info.h"

#include <gtest/gtest.h>

namespace kapi::apiserver {
namespace {

RequestInfo parse(const std::string& method, const std::string& path,
                  std::map<std::string, std::string> query = {}) {
  return parse_request_info(method, path, query);
}

TEST(RequestInfo, NamespacedCollectionAndItem) {
  auto list = parse("GET", "/api/v1/namespaces/default/configmaps");
  EXPECT_TRUE(list.is_resource_request);
  EXPECT_EQ(list.verb, "list");
  EXPECT_EQ(list.group, "");
  EXPECT_EQ(list.version, "v1");
  EXPECT_EQ(list.ns, "default");
  EXPECT_EQ(list.resource, "configmaps");
  EXPECT_EQ(list.name, "");

  auto get = parse("GET", "/apis/apps/v1/namespaces/web/deployments/pg");
  EXPECT_EQ(get.verb, "get");
  EXPECT_EQ(get.group, "apps");
  EXPECT_EQ(get.ns, "web");
  EXPECT_EQ(get.resource, "deployments");
  EXPECT_EQ(get.name, "pg");
}

TEST(RequestInfo, Subresources) {
  auto scale = parse("PUT", "/apis/apps/v1/namespaces/default/statefulsets/pg/scale");
  EXPECT_EQ(scale.verb, "update");
  EXPECT_EQ(scale.subresource, "scale");
  auto status = parse("PATCH", "/api/v1/nodes/n1/status");
  EXPECT_EQ(status.verb, "patch");
  EXPECT_EQ(status.resource, "nodes");
  EXPECT_EQ(status.name, "n1");
  EXPECT_EQ(status.subresource, "status");
}

TEST(RequestInfo, NamespacesResourceItselfAndItsSubresources) {
  auto ns = parse("GET", "/api/v1/namespaces/kube-system");
  EXPECT_EQ(ns.resource, "namespaces");
  EXPECT_EQ(ns.name, "kube-system");
  EXPECT_EQ(ns.verb, "get");
  auto finalize = parse("PUT", "/api/v1/namespaces/x/finalize");
  EXPECT_EQ(finalize.resource, "namespaces");
  EXPECT_EQ(finalize.name, "x");
  EXPECT_EQ(finalize.subresource, "finalize");
  auto all = parse("GET", "/api/v1/namespaces");
  EXPECT_EQ(all.resource, "namespaces");
  EXPECT_EQ(all.verb, "list");
}

TEST(RequestInfo, VerbsFromMethodAndQuery) {
  EXPECT_EQ(parse("GET", "/api/v1/pods", {{"watch", "true"}}).verb, "watch");
  EXPECT_EQ(parse("GET", "/api/v1/pods", {{"watch", "1"}}).verb, "watch");
  EXPECT_EQ(parse("GET", "/api/v1/pods", {{"watch", "false"}}).verb, "list");
  EXPECT_EQ(parse("POST", "/api/v1/namespaces/a/pods").verb, "create");
  EXPECT_EQ(parse("DELETE", "/api/v1/namespaces/a/pods").verb, "deletecollection");
  EXPECT_EQ(parse("DELETE", "/api/v1/namespaces/a/pods/p").verb, "delete");
  auto legacy = parse("GET", "/api/v1/watch/namespaces/a/pods/p");
  EXPECT_EQ(legacy.verb, "watch");
  EXPECT_EQ(legacy.name, "p");
  EXPECT_EQ(legacy.ns, "a");
}

TEST(RequestInfo, NonResourcePaths) {
  EXPECT_FALSE(parse("GET", "/api").is_resource_request);
  EXPECT_FALSE(parse("GET", "/api/v1").is_resource_request);
  EXPECT_FALSE(parse("GET", "/apis/apps").is_resource_request);
  EXPECT_FALSE(parse("GET", "/apis/apps/v1").is_resource_request);
  EXPECT_FALSE(parse("GET", "/healthz").is_resource_request);
}

}  // namespace
}  // namespace kapi::apiserver
