// storage.k8s.io/v1: StorageClass defaults and frozen fields, VolumeAttachment, CSIDriver,
// CSINode and CSIStorageCapacity rules and Table rows.
#include "tests/registry_apps/fixture.h"

namespace kapi::registry::testing {
namespace {

const std::string kGroup = "storage.k8s.io";

json storage_class(const std::string& name, const std::string& provisioner) {
  return {{"apiVersion", "storage.k8s.io/v1"}, {"kind", "StorageClass"}, {"metadata", {{"name", name}}},
          {"provisioner", provisioner}};
}

class StorageTest : public RegistryTest {
 protected:
  const GenericStore& classes() const { return store(kGroup, "storageclasses"); }
  const GenericStore& attachments() const { return store(kGroup, "volumeattachments"); }
  const GenericStore& drivers() const { return store(kGroup, "csidrivers"); }
  const GenericStore& nodes() const { return store(kGroup, "csinodes"); }
  const GenericStore& capacities() const { return store(kGroup, "csistoragecapacities"); }
};

TEST_F(StorageTest, StorageClassDefaultsAsTheSeedExpects) {
  json sc = storage_class("my-sc", "kubernetes.io/no-provisioner");
  sc["parameters"] = {{"type", "local"}};
  json created = create_ok(classes(), sc);
  EXPECT_EQ(created["reclaimPolicy"], "Delete");
  EXPECT_EQ(created["volumeBindingMode"], "Immediate");
  EXPECT_FALSE(created["metadata"].contains("namespace"));
}

TEST_F(StorageTest, StorageClassValidation) {
  json sc = storage_class("bad", "");
  sc["reclaimPolicy"] = "Recycle";
  sc["volumeBindingMode"] = "Later";
  ApiError e = create_error(classes(), sc);
  expect_cause(e, "provisioner", "Required value");
  expect_cause(e, "reclaimPolicy", "Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\"");
  expect_cause(e, "volumeBindingMode",
               "Unsupported value: \"Later\": supported values: \"Immediate\", \"WaitForFirstConsumer\"");
  sc = storage_class("bad", "no provisioner");
  EXPECT_NE(create_error(classes(), sc).message.find("provisioner: Invalid value: \"no provisioner\": name part must"),
            std::string::npos);
}

TEST_F(StorageTest, StorageClassFrozenFields) {
  json sc = storage_class("local-path", "rancher.io/local-path");
  sc["volumeBindingMode"] = "WaitForFirstConsumer";
  json created = create_ok(classes(), sc);
  created["metadata"]["annotations"] = {{"storageclass.kubernetes.io/is-default-class", "true"}};
  created["allowVolumeExpansion"] = true;
  created = update_ok(classes(), created) ;

  json changed = created;
  changed["provisioner"] = "example.com/other";
  changed["parameters"] = {{"type", "fast"}};
  changed["reclaimPolicy"] = "Retain";
  changed["volumeBindingMode"] = "Immediate";
  ApiError e = update_error(classes(), changed);
  EXPECT_EQ(e.message,
            "StorageClass.storage.k8s.io \"local-path\" is invalid: [parameters: Forbidden: updates to parameters are "
            "forbidden., provisioner: Forbidden: updates to provisioner are forbidden., reclaimPolicy: Forbidden: "
            "updates to reclaimPolicy are forbidden., volumeBindingMode: Invalid value: \"Immediate\": field is immutable]");
}

TEST_F(StorageTest, StorageClassTable) {
  EXPECT_EQ(column_names(classes(), 0),
            (std::vector<std::string>{"Name", "Provisioner", "ReclaimPolicy", "VolumeBindingMode", "AllowVolumeExpansion", "Age"}));
  json sc = storage_class("local-path", "rancher.io/local-path");
  sc["metadata"]["annotations"] = {{"storageclass.kubernetes.io/is-default-class", "true"}};
  sc["volumeBindingMode"] = "WaitForFirstConsumer";
  json row = cells(classes(), create_ok(classes(), sc));
  EXPECT_EQ(row[0], "local-path (default)");
  EXPECT_EQ(row[1], "rancher.io/local-path");
  EXPECT_EQ(row[2], "Delete");
  EXPECT_EQ(row[3], "WaitForFirstConsumer");
  EXPECT_EQ(row[4], false);
  json plain = storage_class("x", "p");
  plain["metadata"]["annotations"] = {{"storageclass.beta.kubernetes.io/is-default-class", "false"}};
  EXPECT_EQ(cells(classes(), plain)[0], "x");
  EXPECT_EQ(cells(classes(), plain)[2], "Delete");
}

json attachment() {
  return json::parse(R"({"apiVersion":"storage.k8s.io/v1","kind":"VolumeAttachment","metadata":{"name":"csi-123"},
    "spec":{"attacher":"ebs.csi.aws.com","nodeName":"node-1","source":{"persistentVolumeName":"pv-1"}}})");
}

TEST_F(StorageTest, VolumeAttachmentRules) {
  json va = attachment();
  va["spec"]["source"] = json::object();
  expect_cause(create_error(attachments(), va), "spec.source",
               "Required value: must specify exactly one of inlineVolumeSpec and persistentVolumeName");
  json created = create_ok(attachments(), attachment());
  created["spec"]["nodeName"] = "node-2";
  expect_cause(update_error(attachments(), created), "spec",
               "Invalid value: storage.VolumeAttachmentSpec{Attacher:\"ebs.csi.aws.com\", "
               "Source:storage.VolumeAttachmentSource{PersistentVolumeName:(*string)(0xc000000000), "
               "InlineVolumeSpec:(*core.PersistentVolumeSpec)(nil)}, NodeName:\"node-2\"}: field is immutable");
  created["spec"]["nodeName"] = "node-1";
  created["status"] = {{"attached", true}};
  json written = update_ok(attachments(), created, "status");
  EXPECT_EQ(written["status"]["attached"], true);
  json row = cells(attachments(), written);
  EXPECT_EQ(row, json::parse(R"(["csi-123","ebs.csi.aws.com","pv-1","node-1",true,")" + row[5].get<std::string>() + "\"]"));
  EXPECT_EQ(attachments().strategy().table_printer().columns[1].format, "name");
}

TEST_F(StorageTest, CSIDriverDefaultsImmutabilityAndTable) {
  json d = json::parse(R"({"apiVersion":"storage.k8s.io/v1","kind":"CSIDriver","metadata":{"name":"hostpath.csi.k8s.io"},"spec":{}})");
  json created = create_ok(drivers(), d);
  EXPECT_EQ(created["spec"], json::parse(R"({"attachRequired":true,"podInfoOnMount":false,"storageCapacity":false,
      "requiresRepublish":false,"seLinuxMount":false,"fsGroupPolicy":"ReadWriteOnceWithFSType",
      "volumeLifecycleModes":["Persistent"]})"));
  json row = cells(drivers(), created);
  EXPECT_EQ(row, json::parse(R"(["hostpath.csi.k8s.io",true,false,false,"<unset>",false,"Persistent",")" +
                             row[7].get<std::string>() + "\"]"));
  created["spec"]["attachRequired"] = false;
  created["spec"]["tokenRequests"] = json::parse(R"([{"audience":"a","expirationSeconds":60}])");
  ApiError e = update_error(drivers(), created);
  expect_cause(e, "spec.attachedRequired", "Invalid value: false: field is immutable");
  expect_cause(e, "spec.tokenRequests[0].expirationSeconds",
               "Invalid value: 60: may not specify a duration less than 10 minutes");
}

TEST_F(StorageTest, CSINodeRulesAndTable) {
  json n = json::parse(R"({"apiVersion":"storage.k8s.io/v1","kind":"CSINode","metadata":{"name":"node-1"},
    "spec":{"drivers":[{"name":"a.csi","nodeID":"n1"},{"name":"a.csi","nodeID":""}]}})");
  ApiError e = create_error(nodes(), n);
  expect_cause(e, "spec.drivers[1].name", "Duplicate value: \"a.csi\"");
  expect_cause(e, "spec.drivers[1].nodeID", "Required value");
  n["spec"]["drivers"].erase(1);
  json created = create_ok(nodes(), n);
  EXPECT_EQ(cells(nodes(), created)[1], 1);
  created["spec"]["drivers"][0]["nodeID"] = "n2";
  expect_cause(update_error(nodes(), created), "spec.drivers",
               "Invalid value: storage.CSINodeDriver{Name:\"a.csi\", NodeID:\"n2\", TopologyKeys:[]string(nil), "
               "Allocatable:(*storage.VolumeNodeResources)(nil)}: field is immutable");
}

TEST_F(StorageTest, CSIStorageCapacityUsesTheDefaultTable) {
  json c = json::parse(R"({"apiVersion":"storage.k8s.io/v1","kind":"CSIStorageCapacity",
    "metadata":{"name":"cap-1"},"storageClassName":"local-path","capacity":"1024Mi",
    "nodeTopology":{"matchLabels":{"zone":"a"}}})");
  json created = create_ok(capacities(), c);
  EXPECT_EQ(created["capacity"], "1Gi");
  const auto printer = capacities().strategy().table_printer();
  ASSERT_EQ(printer.columns.size(), 2u);
  EXPECT_EQ(printer.columns[1].name, "Created At");
  EXPECT_EQ(printer.columns[1].type, "date");
  EXPECT_EQ(cells(capacities(), created), json::array({"cap-1", created["metadata"]["creationTimestamp"]}));
  created["storageClassName"] = "other";
  expect_cause(update_error(capacities(), created), "storageClassName", "Invalid value: \"other\": field is immutable");
  c["metadata"]["name"] = "cap-2";
  c["capacity"] = "-1Gi";
  expect_cause(create_error(capacities(), c), "capacity", "Invalid value: \"-1Gi\": must be greater than or equal to 0");
}

}  // namespace
}  // namespace kapi::registry::testing
