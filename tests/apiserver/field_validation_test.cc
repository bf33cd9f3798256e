// fieldValidation on the decode path: the parameter, the Strict error and Warning header shapes,
// pruning in every mode, patches, and the decode errors (quantities, base64) that are 400.
#include "apiserver/field_validation.h"

#include <gtest/gtest.h>

#include "apiserver/negotiation.h"
#include "registry/registry.h"
#include "storage/memory_store.h"

namespace kapi::apiserver {
namespace {

using registry::json;

class FieldValidationTest : public ::testing::Test {
 protected:
  FieldValidationTest() : registry_(storage::make_memory_store()) { registry::register_builtin_resources(registry_); }

  const registry::GenericStore& store(const std::string& group, const std::string& plural) {
    return *registry_.find(group, "v1", plural);
  }

  registry::Registry registry_;
};

Request with_param(const std::string& value) {
  Request r;
  r.query["fieldValidation"] = value;
  return r;
}

TEST_F(FieldValidationTest, ParameterDefaultsToWarnAndRejectsUnknownValues) {
  EXPECT_EQ(field_validation(Request{}, "CreateOptions").value(), FieldValidation::kWarn);
  EXPECT_EQ(field_validation(with_param("Strict"), "CreateOptions").value(), FieldValidation::kStrict);
  EXPECT_EQ(field_validation(with_param("Ignore"), "CreateOptions").value(), FieldValidation::kIgnore);
  auto bad = field_validation(with_param("strict"), "PatchOptions");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, 422);
  EXPECT_NE(bad.error().message.find(R"(fieldValidation: Unsupported value: "strict": supported values: "", "Ignore", "Strict", "Warn")"),
            std::string::npos)
      << bad.error().message;
}

TEST_F(FieldValidationTest, StrictCreateFailsWithUpstreamsMessage) {
  std::vector<std::string> duplicates;
  auto body = decode_body("application/json",
                          R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","name":"p"},
                              "spec":{"foo":1,"containers":[{"name":"c","image":"i"}]}})",
                          &duplicates);
  ASSERT_TRUE(body.ok());
  FieldProblems problems;
  auto err = check_object_fields(body.value(), duplicates, store("", "pods"), FieldValidation::kStrict, problems);
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->code, 400);
  EXPECT_EQ(err->reason, "BadRequest");
  EXPECT_EQ(err->message, R"(Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.foo", duplicate field "metadata.name")");
}

// Fields Kubernetes 1.32 has and the model must know, or Strict would refuse a valid manifest
// (and every mode would silently drop them): a projected clusterTrustBundle, and the status a
// kubelet reports (container volumeMounts, user, allocatedResourcesStatus; resourceClaimStatuses).
TEST_F(FieldValidationTest, StrictAcceptsThe132PodFields) {
  std::vector<std::string> duplicates;
  const std::string manifest = R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},
      "spec":{"containers":[{"name":"c","image":"i"}],
              "volumes":[{"name":"trust","projected":{"sources":[{"clusterTrustBundle":{
                 "signerName":"example.com/signer","labelSelector":{"matchLabels":{"a":"b"}},
                 "optional":true,"path":"ca.pem"}}]}}]},
      "status":{"phase":"Running",
                "containerStatuses":[{"name":"c","image":"i","imageID":"","ready":true,"restartCount":0,
                   "volumeMounts":[{"name":"trust","mountPath":"/etc/trust","readOnly":true,
                                    "recursiveReadOnly":"Disabled"}],
                   "user":{"linux":{"uid":1000,"gid":1000,"supplementalGroups":[4000]}},
                   "allocatedResourcesStatus":[{"name":"claim:gpu/req","resources":[
                      {"resourceID":"dev-0","health":"Healthy"}]}]}],
                "resourceClaimStatuses":[{"name":"gpu","resourceClaimName":"p-gpu-x7k2"}]}})";
  auto body = decode_body("application/json", manifest, &duplicates);
  ASSERT_TRUE(body.ok());
  json before = body.value();
  FieldProblems problems;
  auto err = check_object_fields(body.value(), duplicates, store("", "pods"), FieldValidation::kStrict, problems);
  EXPECT_FALSE(err.has_value()) << err->message;
  EXPECT_TRUE(problems.empty()) << problems.strict_error();
  EXPECT_EQ(body.value(), before);  // nothing pruned
}

TEST_F(FieldValidationTest, StrictAcceptsThe132NodeFields) {
  std::vector<std::string> duplicates;
  auto body = decode_body("application/json", R"({"apiVersion":"v1","kind":"Node","metadata":{"name":"n"},
      "spec":{"configSource":{"configMap":{"namespace":"kube-system","name":"kubelet","kubeletConfigKey":"k"}}},
      "status":{"config":{"active":{"configMap":{"namespace":"kube-system","name":"kubelet","kubeletConfigKey":"k"}},
                          "error":""},
                "runtimeHandlers":[{"name":"","features":{"recursiveReadOnlyMounts":true,"userNamespaces":false}}],
                "features":{"supplementalGroupsPolicy":true}}})", &duplicates);
  ASSERT_TRUE(body.ok());
  json before = body.value();
  FieldProblems problems;
  auto err = check_object_fields(body.value(), duplicates, store("", "nodes"), FieldValidation::kStrict, problems);
  EXPECT_FALSE(err.has_value()) << err->message;
  EXPECT_EQ(body.value(), before);
}

TEST_F(FieldValidationTest, WarnAndIgnorePruneAndOnlyWarnWarns) {
  for (FieldValidation mode : {FieldValidation::kWarn, FieldValidation::kIgnore}) {
    json cm = json::parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"},"extra":{"x":1}})");
    FieldProblems problems;
    EXPECT_FALSE(check_object_fields(cm, {}, store("", "configmaps"), mode, problems).has_value());
    EXPECT_FALSE(cm.contains("extra"));
    EXPECT_EQ(cm["data"]["a"], "1");
    auto headers = problems.warning_headers(mode);
    if (mode == FieldValidation::kWarn) {
      ASSERT_EQ(headers.size(), 1u);
      EXPECT_EQ(headers[0].first, "Warning");
      EXPECT_EQ(headers[0].second, R"(299 - "unknown field \"extra\"")");
    } else {
      EXPECT_TRUE(headers.empty());
    }
  }
}

TEST_F(FieldValidationTest, BodyWithoutKindIsNamedByItsStart) {
  json obj = json::parse(R"({"metadata":{"name":"averyveryverylongname"},"bogus":1})");
  FieldProblems problems;
  auto err = check_object_fields(obj, {}, store("", "configmaps"), FieldValidation::kStrict, problems);
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->message.rfind("the object provided is unrecognized (must be of type ConfigMap): strict decoding "
                               "error: unknown field \"bogus\" ({",
                               0),
            0u)
      << err->message;
}

TEST_F(FieldValidationTest, PatchesArePrunedBeforeTheStoreSeesThem) {
  std::string body = R"({"metadata":{"labels":{"a":"b"}},"spec":{"replicas":2,"foo":1}})";
  FieldProblems problems;
  EXPECT_FALSE(check_patch_fields(body, registry::PatchType::kMerge, store("apps", "deployments"),
                                  FieldValidation::kWarn, problems)
                   .has_value());
  EXPECT_EQ(json::parse(body), json::parse(R"({"metadata":{"labels":{"a":"b"}},"spec":{"replicas":2}})"));
  EXPECT_EQ(problems.warning_headers(FieldValidation::kWarn).size(), 1u);

  std::string strict = R"({"spec":{"template":{"spec":{"containers":[{"name":"a","x":1}]}}}})";
  FieldProblems strict_problems;
  auto err = check_patch_fields(strict, registry::PatchType::kStrategicMerge, store("apps", "deployments"),
                                FieldValidation::kStrict, strict_problems);
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->code, 400);
  EXPECT_EQ(err->message, R"(strict decoding error: unknown field "spec.template.spec.containers[0].x")");

  std::string json_patch = R"([{"op":"add","path":"/spec/foo","value":1},{"op":"replace","path":"/spec/replicas","value":3}])";
  FieldProblems ignored;
  EXPECT_FALSE(check_patch_fields(json_patch, registry::PatchType::kJson, store("apps", "deployments"),
                                  FieldValidation::kIgnore, ignored)
                   .has_value());
  EXPECT_EQ(json::parse(json_patch), json::parse(R"([{"op":"replace","path":"/spec/replicas","value":3}])"));

  std::string malformed = "{not json";
  FieldProblems none;
  EXPECT_FALSE(check_patch_fields(malformed, registry::PatchType::kMerge, store("apps", "deployments"),
                                  FieldValidation::kStrict, none)
                   .has_value());
  EXPECT_EQ(malformed, "{not json");
}

TEST_F(FieldValidationTest, MalformedQuantitiesAndBase64AreDecodeErrorsInEveryMode) {
  json pod = json::parse(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},
    "spec":{"containers":[{"name":"c","image":"i","resources":{"requests":{"cpu":"1x"}}}]}})");
  FieldProblems problems;
  auto err = check_object_fields(pod, {}, store("", "pods"), FieldValidation::kIgnore, problems);
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->code, 400);
  EXPECT_EQ(err->message, "Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular "
                          "expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");

  json quota = json::parse(R"({"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"q"},
    "spec":{"hard":{"pods":10,"requests.cpu":"500m"}}})");
  EXPECT_FALSE(check_object_fields(quota, {}, store("", "resourcequotas"), FieldValidation::kStrict, problems));

  struct Case { std::string data; std::optional<size_t> offset; };
  const std::vector<Case> cases = {
      {"YWJj", std::nullopt}, {"YWI=", std::nullopt}, {"YQ==", std::nullopt}, {"YW\nJj", std::nullopt},
      {"", std::nullopt},     {"YWJ", 0},             {"YWJjZ", 4},           {"YW*j", 2},
      {"YQ=", 3},             {"Y===", 1},            {"YQ==YQ==", 4},        {"YQ=x", 2}};
  for (const Case& c : cases) {
    json secret = {{"apiVersion", "v1"}, {"kind", "Secret"}, {"metadata", {{"name", "s"}}},
                   {"data", {{"k", c.data}}}};
    FieldProblems p;
    auto e = check_object_fields(secret, {}, store("", "secrets"), FieldValidation::kWarn, p);
    if (!c.offset) {
      EXPECT_FALSE(e.has_value()) << c.data;
    } else {
      ASSERT_TRUE(e.has_value()) << c.data;
      EXPECT_EQ(e->message, "Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte " +
                                std::to_string(*c.offset))
          << c.data;
    }
  }
}

}  // namespace
}  // namespace kapi::apiserver
