#include "registry/table.h"

#include "registry/object_meta.h"

namespace kapi::registry {

namespace {
constexpr const char* kNameDescription =
    "Name must be unique within a namespace. It is required when creating resources, although some "
    "resources may allow a client to request the generation of an appropriate name automatically. "
    "Name is primarily intended for creation idempotence and configuration definition. Cannot be "
    "updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
constexpr const char* kAgeDescription =
    "CreationTimestamp is a timestamp representing the server time when this object was created. It "
    "is not guaranteed to be set in happens-before order across separate operations. Clients may not "
    "set this value. It is represented in RFC3339 form and is in UTC.";
}  // namespace

TablePrinter name_age_printer() {
  return TablePrinter{
      {{"Name", "string", "name", kNameDescription, 0}, {"Age", "string", "", kAgeDescription, 0}},
      [](const json& obj, std::chrono::system_clock::time_point now) {
        return json::array({meta_string(obj, "name"), age_since(obj, now)});
      }};
}

json column_definitions(const std::vector<TableColumn>& columns) {
  json defs = json::array();
  for (const auto& c : columns)
    defs.push_back({{"name", c.name},
                    {"type", c.type},
                    {"format", c.format},
                    {"description", c.description},
                    {"priority", c.priority}});
  return defs;
}

std::string human_duration(std::chrono::seconds d) {
  long long s = d.count();
  if (s < -1) return "<invalid>";
  if (s < 0) return "0s";
  if (s < 120) return std::to_string(s) + "s";
  long long m = s / 60, h = s / 3600, days = h / 24, y = days / 365;
  auto pair = [](long long a, const char* ua, long long b, const char* ub) {
    return std::to_string(a) + ua + (b ? std::to_string(b) + ub : "");
  };
  if (m < 10) return pair(m, "m", s % 60, "s");
  if (m < 180) return std::to_string(m) + "m";
  if (h < 8) return pair(h, "h", m % 60, "m");
  if (h < 48) return std::to_string(h) + "h";
  if (h < 192) return pair(days, "d", h % 24, "h");
  if (h < 17520) return std::to_string(days) + "d";
  if (h < 70080) return pair(y, "y", days % 365, "d");
  return std::to_string(y) + "y";
}

std::string age_since(const json& obj, std::chrono::system_clock::time_point now) {
  auto created = parse_rfc3339(meta_string(obj, "creationTimestamp"));
  if (!created) return "<unknown>";
  return human_duration(std::chrono::duration_cast<std::chrono::seconds>(now - *created));
}

json table_row(const TablePrinter& printer, const json& obj, IncludeObject include,
               std::chrono::system_clock::time_point now) {
  json row = {{"cells", printer.cells(obj, now)}};
  if (printer.conditions)
    if (json conditions = printer.conditions(obj); !conditions.is_null()) row["conditions"] = std::move(conditions);
  switch (include) {
    case IncludeObject::kObject:
      row["object"] = obj;
      break;
    case IncludeObject::kNone:
      row["object"] = nullptr;
      break;
    case IncludeObject::kMetadata: {
      auto meta = obj.find("metadata");
      row["object"] = {{"kind", "PartialObjectMetadata"},
                       {"apiVersion", "meta.k8s.io/v1"},
                       {"metadata", meta != obj.end() ? *meta : json::object()}};
      break;
    }
  }
  return row;
}

}  // namespace kapi::registry
