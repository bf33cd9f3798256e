// Server-side Tables (meta.k8s.io Table) for `kubectl get`: column definitions and row cells.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "registry/api_error.h"
#include "registry/json_span.h"

namespace kapi::registry {

struct TableColumn {
  std::string name;         // "Name", "Age", "Ready"
  std::string type;         // "string", "integer", "date", ...
  std::string format;       // "name" for the name column, else ""
  std::string description;
  int priority = 0;         // 1: shown only with -o wide
};

// A part of an object that a printer reads: a top-level member, whole or only some of its own
// members (`fields`).
struct TableRead {
  std::string member;               // "status"
  std::vector<std::string> fields;  // {"name", "creationTimestamp"}; empty: the whole member
  // Fields of which only the length counts ({"containers"}): an array of that many nulls stands
  // in for each, so the elements are never parsed. Only with `fields`.
  std::vector<std::string> lengths = {};
};

// Columns and cells of one resource. Cells are computed at `now` (AGE is relative).
struct TablePrinter {
  std::vector<TableColumn> columns;
  std::function<json(const json& obj, std::chrono::system_clock::time_point now)> cells;
  // The row's `conditions` (e.g. a finished pod's Completed), or null for none. Optional.
  std::function<json(const json& obj)> conditions = nullptr;
  // What `cells` and `conditions` read, when the printer declares it: a list's rows then parse
  // only these parts of each stored object (a pod's spec and annotations are most of its bytes).
  // Empty: they see the whole object, less metadata.managedFields (which no printer reads).
  // A printer made from another (name_age_printer()) with other cells must set its own.
  std::vector<TableRead> reads = {};
};

// NAME and AGE: what every resource has until it gets its own printer.
TablePrinter name_age_printer();
json column_definitions(const std::vector<TableColumn>& columns);

// upstream's duration.HumanDuration / translateTimestampSince ("<unknown>" for a missing time).
std::string human_duration(std::chrono::seconds d);
std::string age_since(const json& obj, std::chrono::system_clock::time_point now);

// How much of each object a Table row carries (`includeObject`).
enum class IncludeObject { kMetadata, kObject, kNone };

// A row for `obj`: cells, and the object (PartialObjectMetadata by default). The tree form of
// append_table_row, which the server writes; tests hold the two equal.
json table_row(const TablePrinter& printer, const json& obj, IncludeObject include,
               std::chrono::system_clock::time_point now);

// Writes the rows of one printer: what they read of each object is worked out once, and the
// spans found in one row's bytes are kept for the next (a list writes thousands). Used by one
// thread at a time; `printer` must outlive it.
class TableRowWriter {
 public:
  TableRowWriter(const TablePrinter& printer, IncludeObject include);
  // append_table_row(out, printer, stored, include, now).
  void append(std::string& out, std::string_view stored, std::chrono::system_clock::time_point now);

 private:
  // The object as the printer sees it: the parts it reads, or all of it but managedFields. Sets
  // `meta` to where the metadata lies in `stored`, if it does.
  json printer_view(std::string_view stored, std::optional<MemberSpan>& meta);

  const TablePrinter& printer_;
  IncludeObject include_;
  std::vector<std::string_view> keys_;                 // "metadata", then each read's member
  // Of each key: its fields, then its lengths; of "metadata", managedFields when there are no reads.
  std::vector<std::vector<std::string_view>> fields_;
  std::vector<std::optional<MemberSpan>> spans_;
  std::vector<std::vector<std::optional<MemberSpan>>> field_spans_;
};

// Appends the row of the stored object `stored` (JSON as the store keeps it: what json::dump
// wrote) to `out`: the same text as table_row(printer, json::parse(stored), ...).dump(), built
// without a tree for the row. The object's metadata (or the whole object) is spliced from
// `stored` as it is, and the printer sees only what its `reads` names, parsed from those bytes.
void append_table_row(std::string& out, const TablePrinter& printer, std::string_view stored,
                      IncludeObject include, std::chrono::system_clock::time_point now);

// The opening of a Table's JSON up to its first row (`"rows":[`), keys in json::dump's order;
// close it with close_table(). Every Table is written so: a list's, a GET's, a watch event's.
// `with_columns` false writes columnDefinitions as null (a watch sends them with its first
// event only).
std::string open_table(const std::string& api_version, const std::vector<TableColumn>& columns,
                       const json& metadata, bool with_columns = true);
inline void close_table(std::string& out) { out += "]}"; }

// A stored object's metadata.resourceVersion (a one-object Table's own), read without a parse;
// "" when it has none.
std::string stored_resource_version(std::string_view stored);

}  // namespace kapi::registry
