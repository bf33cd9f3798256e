#include "registry/table.h"

#include "registry/json_span.h"
#include "registry/object_meta.h"
#include "registry/stored_json.h"

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

namespace {

// A value's bytes as json. A string without escapes (most of what rows read: names, times)
// is taken as it is: a parser for each would cost more than the rest of the row's scan. Other
// values are stored bytes, which parse_stored_json reads faster than nlohmann's parser (whose
// set-up alone outweighs a small status).
json parse_value(std::string_view text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"' &&
      text.find('\\') == std::string_view::npos)
    return std::string(text.substr(1, text.size() - 2));
  json value = parse_stored_json(text);
  return value.is_discarded() ? json::parse(text) : value;  // throws as table_row's parse would
}

}  // namespace

TableRowWriter::TableRowWriter(const TablePrinter& printer, IncludeObject include)
    : printer_(printer), include_(include) {
  keys_.push_back("metadata");
  // A printer without reads sees the whole object but managedFields: where that lies is found
  // in the same pass as the metadata.
  fields_.emplace_back();
  if (printer.reads.empty()) fields_.back().push_back("managedFields");
  for (const auto& read : printer.reads) {
    keys_.push_back(read.member);
    fields_.emplace_back(read.fields.begin(), read.fields.end());
    fields_.back().insert(fields_.back().end(), read.lengths.begin(), read.lengths.end());
  }
}

json TableRowWriter::printer_view(std::string_view stored, std::optional<MemberSpan>& meta) {
  auto value = [&](const MemberSpan& span) {
    return stored.substr(span.value_begin, span.value_end - span.value_begin);
  };
  // One pass over the object finds the metadata, every member read and the fields read of each.
  if (!find_members(stored, keys_, fields_, spans_, field_spans_))
    return json::parse(stored);  // throws as table_row's parse would (or gives a non-object: no metadata)
  meta = spans_[0];
  if (printer_.reads.empty()) {
    const std::optional<MemberSpan>& managed = field_spans_[0].front();
    if (!managed) return json::parse(stored);
    std::string rest = without_member(stored, *managed);
    json obj = parse_stored_json(rest);
    return obj.is_discarded() ? json::parse(rest) : obj;  // throws as table_row's parse would
  }
  json obj = json::object();
  for (size_t i = 1; i < keys_.size(); ++i) {
    if (!spans_[i]) continue;
    const TableRead& read = printer_.reads[i - 1];
    // A member read whole, or one that is not an object (for the printer to judge as it is).
    if (read.fields.empty() || stored[spans_[i]->value_begin] != '{') {
      obj[read.member] = parse_value(value(*spans_[i]));
      continue;
    }
    json& member = obj[read.member] = json::object();
    for (size_t f = 0; f < read.fields.size(); ++f)
      if (field_spans_[i][f]) member[read.fields[f]] = parse_value(value(*field_spans_[i][f]));
    for (size_t l = 0; l < read.lengths.size(); ++l) {
      const auto& span = field_spans_[i][read.fields.size() + l];
      if (!span) continue;
      std::string_view text = value(*span);
      if (auto length = array_length(text)) member[read.lengths[l]] = json::array_t(*length);
      else member[read.lengths[l]] = parse_value(text);  // not an array: the printer judges it whole
    }
  }
  return obj;
}

void TableRowWriter::append(std::string& out, std::string_view stored, std::chrono::system_clock::time_point now) {
  std::optional<MemberSpan> meta;
  json obj = printer_view(stored, meta);
  // Keys in json::dump's (sorted) order: cells, conditions, object.
  out += "{\"cells\":";
  out += dump_json(printer_.cells(obj, now));
  if (printer_.conditions)
    if (json conditions = printer_.conditions(obj); !conditions.is_null()) {
      out += ",\"conditions\":";
      out += dump_json(conditions);
    }
  out += ",\"object\":";
  switch (include_) {
    case IncludeObject::kObject:
      out += stored;
      break;
    case IncludeObject::kNone:
      out += "null";
      break;
    case IncludeObject::kMetadata:
      out += R"({"apiVersion":"meta.k8s.io/v1","kind":"PartialObjectMetadata","metadata":)";
      if (meta) out += stored.substr(meta->value_begin, meta->value_end - meta->value_begin);
      else out += "{}";
      out += '}';
      break;
  }
  out += '}';
}

void append_table_row(std::string& out, const TablePrinter& printer, std::string_view stored,
                      IncludeObject include, std::chrono::system_clock::time_point now) {
  TableRowWriter(printer, include).append(out, stored, now);
}

std::string stored_resource_version(std::string_view stored) {
  std::vector<std::optional<MemberSpan>> spans;
  std::vector<std::vector<std::optional<MemberSpan>>> fields;
  if (!find_members(stored, {"metadata"}, {{"resourceVersion"}}, spans, fields) || !fields[0][0]) return "";
  json rv = parse_value(stored.substr(fields[0][0]->value_begin, fields[0][0]->value_end - fields[0][0]->value_begin));
  return rv.is_string() ? rv.get<std::string>() : "";
}

std::string open_table(const std::string& api_version, const std::vector<TableColumn>& columns,
                       const json& metadata, bool with_columns) {
  // Keys in json::dump's (sorted) order: apiVersion, columnDefinitions, kind, metadata, rows.
  return "{\"apiVersion\":" + json(api_version).dump() + ",\"columnDefinitions\":" +
         (with_columns ? column_definitions(columns).dump() : "null") + ",\"kind\":\"Table\",\"metadata\":" +
         metadata.dump() + ",\"rows\":[";
}

}  // namespace kapi::registry
