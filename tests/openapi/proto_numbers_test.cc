// Protobuf field numbers in the schema model: spot checks against upstream's generated.proto,
// completeness of every message the typed clients' kinds reach, and the table DSL's checks.
#include <gtest/gtest.h>

#include <set>

#include "openapi/proto_fields.h"
#include "openapi/schema_builder.h"
#include "openapi/schema_model.h"

namespace kapi::openapi {
namespace {

const Property& property(const std::string& definition, const std::string& name) {
  const Schema* s = builtin_schemas().find(definition);
  if (s == nullptr) throw std::runtime_error("no definition " + definition);
  for (const Property& p : s->properties) {
    if (p.name == name) return p;
  }
  throw std::runtime_error(definition + " has no " + name);
}

void expect_tag(const std::string& definition, const std::string& name, int number, int embedded_in = 0,
                bool nullable = false) {
  const ProtoTag& tag = property(definition, name).proto;
  EXPECT_EQ(tag.number, number) << definition << "." << name;
  EXPECT_EQ(tag.embedded_in, embedded_in) << definition << "." << name;
  EXPECT_EQ(tag.nullable, nullable) << definition << "." << name;
}

TEST(ProtoNumbers, MatchUpstreamGeneratedProto) {
  using dsl::apps;
  using dsl::core;
  using dsl::meta;
  expect_tag(meta("ObjectMeta"), "name", 1);
  expect_tag(meta("ObjectMeta"), "creationTimestamp", 8);
  expect_tag(meta("ObjectMeta"), "deletionGracePeriodSeconds", 10, 0, true);
  expect_tag(meta("ObjectMeta"), "finalizers", 14);
  expect_tag(meta("ObjectMeta"), "managedFields", 17);
  expect_tag(meta("OwnerReference"), "kind", 1);
  expect_tag(meta("OwnerReference"), "apiVersion", 5);
  expect_tag(meta("DeleteOptions"), "propagationPolicy", 4, 0, true);
  expect_tag(core("ConfigMap"), "binaryData", 3);
  expect_tag(core("ConfigMap"), "immutable", 4, 0, true);
  expect_tag(core("Secret"), "type", 3);
  expect_tag(core("Secret"), "immutable", 5, 0, true);
  expect_tag(core("ServiceSpec"), "sessionAffinity", 7);
  expect_tag(core("ServiceSpec"), "ipFamilyPolicy", 17, 0, true);
  expect_tag(core("ServiceSpec"), "trafficDistribution", 23, 0, true);
  expect_tag(core("ServicePort"), "targetPort", 4);
  expect_tag(core("Container"), "envFrom", 19);
  expect_tag(core("Container"), "restartPolicy", 24, 0, true);
  expect_tag(core("PodSpec"), "resources", 40);
  expect_tag(apps("DeploymentSpec"), "replicas", 1, 0, true);
  expect_tag(apps("DeploymentSpec"), "progressDeadlineSeconds", 9, 0, true);
  expect_tag(apps("DeploymentCondition"), "lastTransitionTime", 7);
  expect_tag(core("ReplicationControllerSpec"), "minReadySeconds", 4);
  expect_tag(core("ReplicationControllerStatus"), "conditions", 6);
  expect_tag(core("ResourceQuotaSpec"), "scopeSelector", 3);
  expect_tag(core("LimitRangeItem"), "maxLimitRequestRatio", 6);
  expect_tag(dsl::storage("StorageClass"), "allowedTopologies", 8);
  expect_tag(dsl::storage("CSIDriverSpec"), "seLinuxMount", 8, 0, true);
  expect_tag(dsl::storage("CSIStorageCapacity"), "maximumVolumeSize", 5);
}

TEST(ProtoNumbers, EmbeddedStructsSitInTheirOuterField) {
  using dsl::core;
  expect_tag(core("ConfigMapKeySelector"), "name", 1, 1);
  expect_tag(core("ConfigMapKeySelector"), "key", 2);
  expect_tag(core("Probe"), "httpGet", 2, 1);
  expect_tag(core("Probe"), "initialDelaySeconds", 2);
  expect_tag(core("Volume"), "configMap", 19, 2);
  expect_tag(core("Volume"), "name", 1);
  expect_tag(core("EphemeralContainer"), "image", 2, 1);
  expect_tag(core("EphemeralContainer"), "targetContainerName", 2);
}

// Definitions the decoder reads as scalars, whatever their JSON shape.
bool is_special(const std::string& ref) {
  using namespace dsl;
  return ref == meta("Time") || ref == meta("MicroTime") || ref == kQuantity || ref == kIntOrString ||
         ref == kRawExtension || ref == meta("FieldsV1");
}

// Every object definition reached from `name` through numbered fields numbers all of its
// fields (apiVersion and kind of a kind excepted), with no number used twice on one level.
void expect_complete(const std::string& name, std::set<std::string>& seen) {
  if (!seen.insert(name).second) return;
  const Schema* definition = builtin_schemas().find(name);
  ASSERT_NE(definition, nullptr) << name;
  std::set<std::pair<int, int>> numbers;
  std::set<int> embedded_groups;
  for (const Property& p : definition->properties) {
    if (!definition->gvks.empty() && (p.name == "apiVersion" || p.name == "kind")) continue;
    EXPECT_NE(p.proto.number, 0) << name << "." << p.name << " has no protobuf number";
    EXPECT_TRUE(numbers.insert({p.proto.embedded_in, p.proto.number}).second)
        << name << "." << p.name << " reuses number " << p.proto.number;
    if (p.proto.embedded_in != 0) embedded_groups.insert(p.proto.embedded_in);
    const Schema* element = p.schema.get();
    if (element->resolved().items) element = element->resolved().items.get();
    if (element->resolved().additional_properties) element = element->resolved().additional_properties.get();
    if (!element->ref.empty() && !is_special(element->ref)) expect_complete(element->ref, seen);
  }
  for (int group : embedded_groups) {
    EXPECT_EQ(numbers.count({0, group}), 0u) << name << ": field " << group << " is both a field and an embedded struct";
  }
}

TEST(ProtoNumbers, EveryMessageTheTypedClientsSendIsComplete) {
  using namespace dsl;
  std::set<std::string> seen;
  for (const std::string& kind : {core("ConfigMap"), core("Secret"), core("Namespace"), core("ServiceAccount"),
                                  core("Service"), core("Pod"), apps("Deployment"), meta("DeleteOptions"),
                                  std::string("io.k8s.api.autoscaling.v1.Scale"), core("ResourceQuota"),
                                  core("LimitRange"), core("ReplicationController"), core("PodTemplate"),
                                  storage("StorageClass"), storage("CSIDriver"), storage("CSINode"),
                                  storage("CSIStorageCapacity")}) {
    expect_complete(kind, seen);
  }
  EXPECT_GT(seen.size(), 80u);  // the walk really went down to containers, probes and volumes
}

TEST(ProtoNumbers, TableMistakesAreFoundAtStartup) {
  using namespace dsl;
  SchemaModel m;
  m.define("T", object("t", {{"a", str()}, {"b", str()}}));
  EXPECT_THROW(number_fields(m, "Missing", {"a"}), std::logic_error);
  EXPECT_THROW(number_fields(m, "T", {"a", "typo"}), std::logic_error);
  EXPECT_THROW(number_fields(m, "T", {"a", {"b", 1}}), std::logic_error);  // 1 twice
  SchemaModel ok;
  ok.define("T", object("t", {{"a", str()}, {"b", str()}, {"c", str()}}));
  number_fields(ok, "T", {{"a", 3}, embedded(4, {"c"}), nullable("b")});
  const Schema& t = *ok.find("T");
  EXPECT_EQ(t.properties[0].proto.number, 3);
  EXPECT_EQ(t.properties[1].proto.number, 5);  // next after the embedded struct's 4
  EXPECT_TRUE(t.properties[1].proto.nullable);
  EXPECT_EQ(t.properties[2].proto.number, 1);
  EXPECT_EQ(t.properties[2].proto.embedded_in, 4);
}

}  // namespace
}  // namespace kapi::openapi
