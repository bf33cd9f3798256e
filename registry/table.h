// Server-side Tables (meta.k8s.io Table) for `kubectl get`: column definitions and row cells.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "registry/api_error.h"

namespace kapi::registry {

struct TableColumn {
  std::string name;         // "Name", "Age", "Ready"
  std::string type;         // "string", "integer", "date", ...
  std::string format;       // "name" for the name column, else ""
  std::string description;
  int priority = 0;         // 1: shown only with -o wide
};

// Columns and cells of one resource. Cells are computed at `now` (AGE is relative).
struct TablePrinter {
  std::vector<TableColumn> columns;
  std::function<json(const json& obj, std::chrono::system_clock::time_point now)> cells;
  // The row's `conditions` (e.g. a finished pod's Completed), or null for none. Optional.
  std::function<json(const json& obj)> conditions = nullptr;
};

// NAME and AGE: what every resource has until it gets its own printer.
TablePrinter name_age_printer();
json column_definitions(const std::vector<TableColumn>& columns);

// upstream's duration.HumanDuration / translateTimestampSince ("<unknown>" for a missing time).
std::string human_duration(std::chrono::seconds d);
std::string age_since(const json& obj, std::chrono::system_clock::time_point now);

// How much of each object a Table row carries (`includeObject`).
enum class IncludeObject { kMetadata, kObject, kNone };

// A row for `obj`: cells, and the object (PartialObjectMetadata by default).
json table_row(const TablePrinter& printer, const json& obj, IncludeObject include,
               std::chrono::system_clock::time_point now);

}  // namespace kapi::registry
