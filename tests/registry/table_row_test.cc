// append_table_row (how lists write Table rows, from the stored bytes) gives the same text as
// table_row(...).dump() (the tree every row used to be), for every served resource's printer.
#include <gtest/gtest.h>

#include "registry/object_meta.h"
#include "registry/registry.h"
#include "registry/table.h"
#include "storage/memory_store.h"

namespace kapi::registry {
namespace {

using namespace std::chrono_literals;

const auto kNow = std::chrono::system_clock::from_time_t(1700000000);

// Objects as the store keeps them (json::dump of a tree), with managedFields.
json with_meta(json obj) {
  obj["metadata"] = {{"name", "web-0"},
                     {"namespace", "default"},
                     {"uid", "5b1c"},
                     {"resourceVersion", "42"},
                     {"creationTimestamp", rfc3339(kNow - 3h)},
                     {"labels", {{"app", "web"}}},
                     {"annotations", {{"note", "quote \" and \\ and \u00e9"}}},
                     {"managedFields",
                      json::array({{{"manager", "kubectl"},
                                    {"operation", "Update"},
                                    {"apiVersion", "v1"},
                                    {"fieldsType", "FieldsV1"},
                                    {"fieldsV1", {{"f:metadata", {{"f:labels", {{"f:app", json::object()}}}}}}}}})}};
  return obj;
}

std::vector<json> samples() {
  std::vector<json> out;
  out.push_back(with_meta({{"apiVersion", "v1"}, {"kind", "Thing"}}));
  out.push_back(with_meta({{"spec", {{"containers", json::array({{{"name", "a"}, {"image", "x"}}})}}},
                           {"status", {{"phase", "Pending"}}}}));
  json running = with_meta(
      {{"spec", {{"nodeName", "n1"},
                 {"readinessGates", json::array({{{"conditionType", "custom"}}})},
                 {"initContainers", json::array({{{"name", "side"}, {"image", "y"}, {"restartPolicy", "Always"}}})},
                 {"containers", json::array({{{"name", "a"}, {"image", "x"}}, {{"name", "b"}, {"image", "x"}}})}}},
       {"status",
        {{"phase", "Running"},
         {"podIP", "10.0.0.3"},
         {"conditions", json::array({{{"type", "Ready"}, {"status", "True"}}, {{"type", "custom"}, {"status", "False"}}})},
         {"initContainerStatuses", json::array({{{"name", "side"}, {"ready", true}, {"started", true}, {"restartCount", 1},
                                                 {"state", {{"running", json::object()}}}}})},
         {"containerStatuses",
          json::array({{{"name", "a"}, {"ready", true}, {"restartCount", 3},
                        {"lastState", {{"terminated", {{"finishedAt", rfc3339(kNow - 5min)}, {"exitCode", 1}}}}},
                        {"state", {{"running", json::object()}}}},
                       {{"name", "b"}, {"ready", false}, {"restartCount", 0},
                        {"state", {{"waiting", {{"reason", "CrashLoopBackOff"}}}}}}})}}}});
  out.push_back(running);
  json done = running;
  done["status"]["phase"] = "Succeeded";
  done["metadata"]["deletionTimestamp"] = rfc3339(kNow - 1s);
  done["spec"]["nodeName"] = "escaped \" \\ \u0001";  // not taken as it is: parsed
  out.push_back(done);
  json no_managed = running;
  no_managed["metadata"].erase("managedFields");
  out.push_back(no_managed);
  json only_managed = {{"metadata", {{"managedFields", json::array()}}}, {"spec", json::object()}};
  out.push_back(only_managed);
  return out;
}

TEST(AppendTableRowTest, SameTextAsTheRowTreeForEveryPrinter) {
  Registry reg(storage::make_memory_store());
  register_builtin_resources(reg);
  for (const auto& store : reg.all()) {
    auto printer = store->strategy().table_printer();
    for (const json& obj : samples()) {
      const std::string stored = obj.dump();
      for (auto include : {IncludeObject::kMetadata, IncludeObject::kObject, IncludeObject::kNone}) {
        std::string row;
        append_table_row(row, printer, stored, include, kNow);
        EXPECT_EQ(row, table_row(printer, json::parse(stored), include, kNow).dump())
            << store->info().plural << ": " << stored;
      }
    }
  }
}

// A list writes all its rows with one writer: spans kept from a row must not leak into the next,
// whatever members each object has or lacks.
TEST(AppendTableRowTest, OneWriterForManyRowsWritesEachAsAlone) {
  Registry reg(storage::make_memory_store());
  register_builtin_resources(reg);
  auto printer = reg.find("", "v1", "pods")->strategy().table_printer();
  TableRowWriter writer(printer, IncludeObject::kMetadata);
  auto all = samples();
  std::string rows;
  for (int pass = 0; pass < 2; ++pass)
    for (auto it = all.rbegin(); it != all.rend(); ++it) {
      rows += ',';
      writer.append(rows, it->dump(), kNow);
    }
  std::string alone;
  for (int pass = 0; pass < 2; ++pass)
    for (auto it = all.rbegin(); it != all.rend(); ++it) {
      alone += ',';
      append_table_row(alone, printer, it->dump(), IncludeObject::kMetadata, kNow);
    }
  EXPECT_EQ(rows, alone);
  size_t count = 0;
  for (size_t at = rows.find("{\"cells\":"); at != std::string::npos; at = rows.find("{\"cells\":", at + 1)) ++count;
  EXPECT_EQ(count, 2 * all.size());
  EXPECT_NE(rows.find("CrashLoopBackOff"), std::string::npos);
}

TEST(AppendTableRowTest, OpenTableMatchesTheTableTree) {
  auto printer = name_age_printer();
  json meta = {{"resourceVersion", "7"}, {"continue", "abc"}};
  std::string text = open_table("meta.k8s.io/v1", printer.columns, meta);
  std::string row;
  append_table_row(row, printer, samples()[0].dump(), IncludeObject::kMetadata, kNow);
  text += row;
  close_table(text);
  json tree = {{"kind", "Table"},
               {"apiVersion", "meta.k8s.io/v1"},
               {"metadata", meta},
               {"columnDefinitions", column_definitions(printer.columns)},
               {"rows", json::array({table_row(printer, samples()[0], IncludeObject::kMetadata, kNow)})}};
  EXPECT_EQ(text, tree.dump());
}

}  // namespace
}  // namespace kapi::registry
