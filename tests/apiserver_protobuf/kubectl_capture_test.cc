// Bodies captured from real kubectl 1.32.4 (POSTs to a throwaway HTTP listener, hex below) decode
// to the JSON kubectl would have sent with --content-type json. Commands, all with -n default:
//   kubectl create configmap x --from-literal=a=1 --from-literal=b=
//   kubectl create secret generic s --from-literal=k=v
//   kubectl create deployment web --image=nginx --replicas=0
//   kubectl create service clusterip web --tcp=80:8080
#include <gtest/gtest.h>

#include "apiserver/protobuf/decode.h"

namespace kapi::apiserver::protobuf {
namespace {

using nlohmann::json;

std::string from_hex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  return out;
}

json decoded(std::string_view hex) {
  auto result = decode_kubernetes_protobuf(from_hex(hex));
  if (auto* error = std::get_if<std::string>(&result)) ADD_FAILURE() << *error;
  return std::holds_alternative<json>(result) ? std::get<json>(result) : json();
}

TEST(KubectlCapture, CreateConfigMap) {
  EXPECT_EQ(decoded(
      "6b3873000a0f0a0276311209436f6e6669674d617012290a180a017812001a0764656661756c7422002a003200380042"
      "0012060a016112013112050a016212001a002200"),
            json::parse(R"({"apiVersion": "v1", "kind": "ConfigMap",
                            "metadata": {"name": "x", "namespace": "default"},
                            "data": {"a": "1", "b": ""}})"));
}

TEST(KubectlCapture, CreateSecretGeneric) {
  EXPECT_EQ(decoded(
      "6b3873000a0c0a027631120653656372657412240a180a017312001a0764656661756c7422002a003200380042001206"
      "0a016b1201761a001a002200"),
            json::parse(R"({"apiVersion": "v1", "kind": "Secret",
                            "metadata": {"name": "s", "namespace": "default"},
                            "data": {"k": "dg=="}})"));
}

TEST(KubectlCapture, CreateDeployment) {
  EXPECT_EQ(decoded(
      "6b3873000a150a07617070732f7631120a4465706c6f796d656e7412b2010a260a0377656212001a0764656661756c74"
      "22002a003200380042005a0a0a036170701203776562127a0800120c0a0a0a0361707012037765621a600a1c0a001200"
      "1a0022002a003200380042005a0a0a036170701203776562124012220a056e67696e7812056e67696e782a0042006a00"
      "7200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a002800"
      "38001a0c0800100018002000280038001a002200"),
            json::parse(R"({"apiVersion": "apps/v1", "kind": "Deployment",
                            "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"}},
                            "spec": {"replicas": 0, "selector": {"matchLabels": {"app": "web"}},
                                     "strategy": {},
                                     "template": {"metadata": {"labels": {"app": "web"}},
                                                  "spec": {"containers": [{"name": "nginx", "image": "nginx",
                                                                           "resources": {}}]}}},
                            "status": {}})"));
}

TEST(KubectlCapture, CreateServiceClusterIp) {
  EXPECT_EQ(decoded(
      "6b3873000a0d0a02763112075365727669636512700a260a0377656212001a0764656661756c7422002a003200380042"
      "005a0a0a03617070120377656212420a1b0a0738302d38303830120354435018502207080010903f1a002800120a0a03"
      "61707012037765621a002209436c757374657249503a00420052005a00600068001a020a001a002200"),
            json::parse(R"({"apiVersion": "v1", "kind": "Service",
                            "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"}},
                            "spec": {"ports": [{"name": "80-8080", "protocol": "TCP", "port": 80,
                                                "targetPort": 8080}],
                                     "selector": {"app": "web"}, "type": "ClusterIP"},
                            "status": {"loadBalancer": {}}})"));
}

}  // namespace
}  // namespace kapi::apiserver::protobuf
