// Bodies shaped as kubectl's typed clients send them (Go's generated marshallers write every
// non-pointer field, even empty) decode to the JSON a JSON client would send.
#include <gtest/gtest.h>

#include "apiserver/protobuf/decode.h"
#include "proto_writer.h"

namespace kapi::apiserver::protobuf {
namespace {

using nlohmann::json;
using testing::envelope;
using testing::go_object_meta;
using testing::ProtoWriter;

json decoded(const std::string& body) {
  auto result = decode_kubernetes_protobuf(body);
  if (auto* error = std::get_if<std::string>(&result)) ADD_FAILURE() << *error;
  return std::holds_alternative<json>(result) ? std::get<json>(result) : json();
}

TEST(DecodeKinds, ConfigMapFromLiteral) {
  // kubectl create configmap demo --from-literal=a=1 --from-literal=empty=
  ProtoWriter cm;
  cm.message(1, go_object_meta("demo")).entry(2, "a", "1").entry(2, "empty", "");
  EXPECT_EQ(decoded(envelope("v1", "ConfigMap", cm)), json::parse(R"({
      "apiVersion": "v1", "kind": "ConfigMap",
      "metadata": {"name": "demo"},
      "data": {"a": "1", "empty": ""}})"));
}

TEST(DecodeKinds, SecretBytesAreBase64AndPointerZeroIsKept) {
  ProtoWriter secret;
  secret.message(1, go_object_meta("s", "team"))
      .entry(2, "key", std::string("\x00\xff" "v", 3))
      .bytes(3, "Opaque")
      .boolean(5, false);  // immutable is a pointer: an explicit false is sent on purpose
  EXPECT_EQ(decoded(envelope("v1", "Secret", secret)), json::parse(R"({
      "apiVersion": "v1", "kind": "Secret",
      "metadata": {"name": "s", "namespace": "team"},
      "data": {"key": "AP92"}, "type": "Opaque", "immutable": false})"));
}

TEST(DecodeKinds, ConfigMapBinaryData) {
  ProtoWriter cm;
  cm.message(1, go_object_meta("bin")).entry(3, "blob", std::string("\x01\x02\x03", 3));
  EXPECT_EQ(decoded(envelope("v1", "ConfigMap", cm))["binaryData"], json::parse(R"({"blob": "AQID"})"));
}

TEST(DecodeKinds, NamespaceAndServiceAccount) {
  ProtoWriter ns;
  ns.message(1, go_object_meta("dev")).message(2, ProtoWriter()).message(3, ProtoWriter().bytes(1, ""));
  EXPECT_EQ(decoded(envelope("v1", "Namespace", ns)), json::parse(R"({
      "apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "dev"}, "spec": {}, "status": {}})"));

  ProtoWriter sa;
  sa.message(1, go_object_meta("robot")).message(3, ProtoWriter().bytes(1, "pull")).boolean(4, false);
  EXPECT_EQ(decoded(envelope("v1", "ServiceAccount", sa)), json::parse(R"({
      "apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "robot"},
      "imagePullSecrets": [{"name": "pull"}], "automountServiceAccountToken": false})"));
}

// The pod template kubectl create deployment builds, as Go marshals it.
ProtoWriter go_pod_template(const std::string& app, const std::string& image) {
  ProtoWriter container;
  container.bytes(1, image).bytes(2, image).bytes(5, "").message(8, ProtoWriter()).bytes(13, "").bytes(14, "")
      .boolean(16, false).boolean(17, false).boolean(18, false).bytes(20, "");
  ProtoWriter spec;
  spec.message(2, container).bytes(3, "").bytes(6, "").bytes(8, "").bytes(9, "").bytes(10, "")
      .boolean(11, false).boolean(12, false).boolean(13, false).bytes(16, "").bytes(17, "").bytes(19, "")
      .bytes(24, "");
  ProtoWriter meta = go_object_meta("");
  meta.entry(11, "app", app);
  return ProtoWriter().message(1, meta).message(2, spec);
}

TEST(DecodeKinds, DeploymentWithZeroReplicas) {
  // kubectl create deployment web --image=nginx --replicas=0
  ProtoWriter meta = go_object_meta("web");
  meta.entry(11, "app", "web");
  ProtoWriter spec;
  spec.varint(1, 0)  // replicas: a pointer, so 0 is a request for zero pods
      .message(2, ProtoWriter().entry(1, "app", "web"))
      .message(3, go_pod_template("web", "nginx"))
      .message(4, ProtoWriter().bytes(1, ""))
      .varint(5, 0)
      .boolean(7, false);
  ProtoWriter status;
  status.varint(1, 0).varint(2, 0).varint(3, 0).varint(4, 0).varint(5, 0).varint(7, 0);
  ProtoWriter deployment;
  deployment.message(1, meta).message(2, spec).message(3, status);
  EXPECT_EQ(decoded(envelope("apps/v1", "Deployment", deployment)), json::parse(R"({
      "apiVersion": "apps/v1", "kind": "Deployment",
      "metadata": {"name": "web", "labels": {"app": "web"}},
      "spec": {
        "replicas": 0,
        "selector": {"matchLabels": {"app": "web"}},
        "template": {
          "metadata": {"labels": {"app": "web"}},
          "spec": {"containers": [{"name": "nginx", "image": "nginx", "resources": {}}]}},
        "strategy": {}},
      "status": {}})"));
}

TEST(DecodeKinds, RollingUpdateIntOrString) {
  ProtoWriter rolling;
  rolling.message(1, ProtoWriter().varint(1, 0).varint(2, 0).bytes(3, ""))     // maxUnavailable: 0
      .message(2, ProtoWriter().varint(1, 1).varint(2, 0).bytes(3, "25%"));    // maxSurge: "25%"
  ProtoWriter spec;
  spec.message(4, ProtoWriter().bytes(1, "RollingUpdate").message(2, rolling));
  ProtoWriter deployment;
  deployment.message(1, go_object_meta("d")).message(2, spec);
  EXPECT_EQ(decoded(envelope("apps/v1", "Deployment", deployment))["spec"]["strategy"], json::parse(R"({
      "type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": "25%"}})"));
}

TEST(DecodeKinds, ServiceClusterIp) {
  // kubectl create service clusterip web --tcp=80:8080
  ProtoWriter port;
  port.bytes(1, "80-8080").bytes(2, "TCP").varint(3, 80)
      .message(4, ProtoWriter().varint(1, 0).varint(2, 8080).bytes(3, ""))
      .varint(5, 0);
  ProtoWriter unset_target;  // a second port without a target: zero IntOrString means unset
  unset_target.bytes(1, "b").bytes(2, "UDP").varint(3, 53).message(4, ProtoWriter().varint(1, 0).varint(2, 0));
  ProtoWriter spec;
  spec.message(1, port).message(1, unset_target).entry(2, "app", "web").bytes(3, "").bytes(4, "ClusterIP")
      .bytes(7, "").bytes(8, "").bytes(10, "").bytes(11, "").varint(12, 0).boolean(13, false);
  ProtoWriter meta = go_object_meta("web");
  meta.entry(11, "app", "web");
  ProtoWriter service;
  service.message(1, meta).message(2, spec).message(3, ProtoWriter().message(1, ProtoWriter()));
  EXPECT_EQ(decoded(envelope("v1", "Service", service)), json::parse(R"({
      "apiVersion": "v1", "kind": "Service",
      "metadata": {"name": "web", "labels": {"app": "web"}},
      "spec": {
        "ports": [{"name": "80-8080", "protocol": "TCP", "port": 80, "targetPort": 8080},
                  {"name": "b", "protocol": "UDP", "port": 53}],
        "selector": {"app": "web"},
        "type": "ClusterIP"},
      "status": {"loadBalancer": {}}})"));
}

TEST(DecodeKinds, PodEmbeddedStructsQuantitiesAndPackedNumbers) {
  ProtoWriter config_map_key;
  config_map_key.message(1, ProtoWriter().bytes(1, "cm")).bytes(2, "k");  // LocalObjectReference embedded
  ProtoWriter env;
  env.bytes(1, "A").message(3, ProtoWriter().message(3, config_map_key));
  ProtoWriter http_get;
  http_get.bytes(1, "/healthz").message(2, ProtoWriter().varint(1, 1).bytes(3, "http"));
  ProtoWriter probe;
  probe.message(1, ProtoWriter().message(2, http_get)).varint(4, 5);  // ProbeHandler embedded in field 1
  ProtoWriter resources;
  resources.entry(1, "cpu", ProtoWriter().bytes(1, "500m")).entry(2, "memory", ProtoWriter().bytes(1, "64Mi"));
  ProtoWriter container;
  container.bytes(1, "c").message(7, env).message(10, probe).message(8, resources);
  ProtoWriter volume;
  volume.bytes(1, "cfg").message(2, ProtoWriter().message(19, ProtoWriter().message(1, ProtoWriter().bytes(1, "cm"))
                                                                   .varint(3, 420)));  // VolumeSource.configMap
  ProtoWriter security;
  security.bytes(4, ProtoWriter::packed({1000, 2000})).integer(4, 3000);  // packed and unpacked both accepted
  ProtoWriter spec;
  spec.message(2, container).message(1, volume).message(14, security).varint(4, 0).integer(25, -5);
  ProtoWriter pod;
  pod.message(1, go_object_meta("p")).message(2, spec);
  EXPECT_EQ(decoded(envelope("v1", "Pod", pod))["spec"], json::parse(R"({
      "containers": [{
        "name": "c",
        "env": [{"name": "A", "valueFrom": {"configMapKeyRef": {"name": "cm", "key": "k"}}}],
        "livenessProbe": {"httpGet": {"path": "/healthz", "port": "http"}, "periodSeconds": 5},
        "resources": {"limits": {"cpu": "500m"}, "requests": {"memory": "64Mi"}}}],
      "volumes": [{"name": "cfg", "configMap": {"name": "cm", "defaultMode": 420}}],
      "securityContext": {"supplementalGroups": [1000, 2000, 3000]},
      "terminationGracePeriodSeconds": 0,
      "priority": -5})"));
}

TEST(DecodeKinds, MetadataTimesOwnersAndManagedFields) {
  ProtoWriter meta = go_object_meta("m");
  meta.message(8, ProtoWriter().integer(1, 1704207845));  // replaces the empty creationTimestamp
  meta.message(13, ProtoWriter().bytes(1, "ReplicaSet").bytes(3, "rs").bytes(4, "u-1").bytes(5, "apps/v1")
                       .boolean(6, true).boolean(7, false));
  meta.bytes(14, "example.com/cleanup");
  meta.message(17, ProtoWriter().bytes(1, "kubectl").bytes(2, "Update").bytes(3, "v1")
                       .message(4, ProtoWriter().integer(1, 0).integer(2, 5)).bytes(6, "FieldsV1")
                       .message(7, ProtoWriter().bytes(1, R"({"f:data":{}})")));
  ProtoWriter cm;
  cm.message(1, meta);
  EXPECT_EQ(decoded(envelope("v1", "ConfigMap", cm))["metadata"], json::parse(R"({
      "name": "m",
      "creationTimestamp": "2024-01-02T15:04:05Z",
      "ownerReferences": [{"kind": "ReplicaSet", "name": "rs", "uid": "u-1", "apiVersion": "apps/v1",
                           "controller": true, "blockOwnerDeletion": false}],
      "finalizers": ["example.com/cleanup"],
      "managedFields": [{"manager": "kubectl", "operation": "Update", "apiVersion": "v1",
                         "time": "1970-01-01T00:00:00Z", "fieldsType": "FieldsV1",
                         "fieldsV1": {"f:data": {}}}]})"));
}

TEST(DecodeKinds, DeleteOptions) {
  ProtoWriter options;
  options.varint(1, 0).message(2, ProtoWriter().bytes(1, "u-1")).bytes(4, "Foreground").bytes(5, "All");
  EXPECT_EQ(decoded(envelope("meta.k8s.io/v1", "DeleteOptions", options)), json::parse(R"({
      "apiVersion": "meta.k8s.io/v1", "kind": "DeleteOptions",
      "gracePeriodSeconds": 0, "preconditions": {"uid": "u-1"},
      "propagationPolicy": "Foreground", "dryRun": ["All"]})"));
}

TEST(DecodeKinds, UnknownFieldsAreSkipped) {
  ProtoWriter meta = go_object_meta("demo");
  meta.varint(99, 7).bytes(98, "x").fixed64(97, 1);
  ProtoWriter cm;
  cm.message(1, meta).entry(2, "a", "1").varint(50, 1).bytes(51, "\xff\xfe").fixed64(52, 3);
  std::string body = envelope("v1", "ConfigMap", cm);
  body += std::string("\x2a\x01z", 3);  // runtime.Unknown field 5: also skipped
  EXPECT_EQ(decoded(body), json::parse(R"({
      "apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "demo"}, "data": {"a": "1"}})"));
}

TEST(DecodeKinds, LastValueWinsAndMessagesMerge) {
  ProtoWriter cm;
  cm.message(1, ProtoWriter().bytes(1, "first").entry(11, "a", "1"))
      .message(1, ProtoWriter().bytes(1, "").entry(11, "b", "2"));  // merged: name cleared, labels added
  EXPECT_EQ(decoded(envelope("v1", "ConfigMap", cm))["metadata"], json::parse(R"({"labels": {"a": "1", "b": "2"}})"));
}

}  // namespace
}  // namespace kapi::apiserver::protobuf
