// Malformed, truncated, foreign and random bodies give an error message (the caller answers
// 400), never a crash, an exception, or JSON that cannot be serialized.
#include <gtest/gtest.h>

#include <random>

#include "apiserver/protobuf/decode.h"
#include "proto_writer.h"

namespace kapi::apiserver::protobuf {
namespace {

using nlohmann::json;
using testing::envelope;
using testing::go_object_meta;
using testing::ProtoWriter;

std::string error_of(const std::string& body) {
  auto result = decode_kubernetes_protobuf(body);
  if (auto* error = std::get_if<std::string>(&result)) return *error;
  ADD_FAILURE() << "decoded: " << std::get<json>(result).dump();
  return "";
}

ProtoWriter deployment_object() {
  ProtoWriter container;
  container.bytes(1, "nginx").bytes(2, "nginx").message(8, ProtoWriter().entry(1, "cpu", ProtoWriter().bytes(1, "1")));
  ProtoWriter spec;
  spec.varint(1, 3).message(2, ProtoWriter().entry(1, "app", "web"))
      .message(3, ProtoWriter().message(1, go_object_meta("")).message(2, ProtoWriter().message(2, container)));
  ProtoWriter deployment;
  deployment.message(1, go_object_meta("web")).message(2, spec);
  return deployment;
}

std::string deployment_body() { return envelope("apps/v1", "Deployment", deployment_object()); }

TEST(DecodeErrors, NotAKubernetesProtobufBody) {
  EXPECT_NE(error_of("").find("k8s"), std::string::npos);
  EXPECT_NE(error_of("{\"kind\":\"ConfigMap\"}").find("k8s"), std::string::npos);
  EXPECT_NE(error_of(std::string("k8s", 3)).find("k8s"), std::string::npos);
}

TEST(DecodeErrors, KindsWithoutProtobufNumbers) {
  EXPECT_NE(error_of(envelope("v1", "Nope", ProtoWriter())).find("not supported"), std::string::npos);
  EXPECT_NE(error_of(envelope("v1", "ConfigMapList", ProtoWriter())).find("not supported"), std::string::npos);
  EXPECT_NE(error_of(envelope("v2", "ConfigMap", ProtoWriter())).find("not supported"), std::string::npos);
  EXPECT_NE(error_of(envelope("", "", ProtoWriter())).find("apiVersion and kind"), std::string::npos);
}

TEST(DecodeErrors, ContentEncodingIsRefused) {
  ProtoWriter unknown;
  unknown.message(1, ProtoWriter().bytes(1, "v1").bytes(2, "ConfigMap")).bytes(2, "").bytes(3, "gzip");
  EXPECT_NE(error_of(std::string("k8s\0", 4) + unknown.str()).find("gzip"), std::string::npos);
}

TEST(DecodeErrors, WrongWireTypeNamesTheField) {
  ProtoWriter cm;
  cm.message(1, ProtoWriter().varint(1, 5));  // metadata.name as a number
  EXPECT_NE(error_of(envelope("v1", "ConfigMap", cm)).find("metadata.name"), std::string::npos);
  ProtoWriter replicas;
  replicas.message(2, ProtoWriter().bytes(1, "three"));
  EXPECT_NE(error_of(envelope("apps/v1", "Deployment", replicas)).find("spec.replicas"), std::string::npos);
}

TEST(DecodeErrors, BadValues) {
  ProtoWriter bad_utf8;
  bad_utf8.entry(2, "k", "\xc3\x28");
  EXPECT_NE(error_of(envelope("v1", "ConfigMap", bad_utf8)).find("UTF-8"), std::string::npos);

  ProtoWriter bad_int_or_string;
  bad_int_or_string.message(2, ProtoWriter().message(1, ProtoWriter().message(4, ProtoWriter().varint(1, 7))));
  EXPECT_NE(error_of(envelope("v1", "Service", bad_int_or_string)).find("spec.ports.targetPort"), std::string::npos);

  ProtoWriter bad_fields_v1;
  bad_fields_v1.message(1, ProtoWriter().message(17, ProtoWriter().message(7, ProtoWriter().bytes(1, "{not json"))));
  EXPECT_NE(error_of(envelope("v1", "ConfigMap", bad_fields_v1)).find("metadata.managedFields.fieldsV1"),
            std::string::npos);

  ProtoWriter bad_time;
  bad_time.message(1, ProtoWriter().message(8, ProtoWriter().integer(1, INT64_MAX)));
  EXPECT_NE(error_of(envelope("v1", "ConfigMap", bad_time)).find("metadata.creationTimestamp"), std::string::npos);
}

TEST(DecodeErrors, EveryTruncationInsideTheObjectIsAnError) {
  const std::string body = deployment_body();
  ASSERT_TRUE(std::holds_alternative<json>(decode_kubernetes_protobuf(body)));
  // The raw object is the envelope's last field; a cut after its length prefix leaves that
  // length pointing past the end.
  const size_t raw_start = body.size() - deployment_object().str().size();
  for (size_t cut = 0; cut < body.size(); ++cut) {
    auto result = decode_kubernetes_protobuf(body.substr(0, cut));
    if (cut > raw_start) {
      EXPECT_TRUE(std::holds_alternative<std::string>(result)) << "cut at " << cut;
    }
  }
}

// Any result must serialize: a decoded object with invalid UTF-8 would throw in dump().
void expect_safe(const std::string& body) {
  auto result = decode_kubernetes_protobuf(body);
  if (auto* object = std::get_if<json>(&result)) {
    EXPECT_NO_THROW((void)object->dump());
  }
}

TEST(DecodeErrors, RandomBytesNeverCrash) {
  std::mt19937 random(20240102);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int i = 0; i < 5000; ++i) {
    std::string body("k8s\0", 4);
    const int length = i % 300;
    for (int k = 0; k < length; ++k) body += static_cast<char>(byte(random));
    expect_safe(body);
  }
}

TEST(DecodeErrors, MutatedBodiesNeverCrash) {
  const std::string original = deployment_body();
  std::mt19937 random(7);
  std::uniform_int_distribution<size_t> position(4, original.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int i = 0; i < 20000; ++i) {
    std::string body = original;
    for (int k = 0; k <= i % 4; ++k) body[position(random)] = static_cast<char>(byte(random));
    expect_safe(body);
  }
}

}  // namespace
}  // namespace kapi::apiserver::protobuf
