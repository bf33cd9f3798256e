// Table cells the core printers share (TABLES.md §4): quantities, access modes, storage class.
#pragma once

#include <string>

#include "registry/table.h"

namespace kapi::registry::core {

// The canonical quantity of `value`, "0" when missing, the raw text when it does not parse.
std::string quantity_cell(const json& value);
// accessModes as RWO,ROX,RWX,RWOP (deduplicated, in that order).
std::string access_modes_cell(const json& modes);
// The beta storage-class annotation when present, else spec.storageClassName (PV and PVC).
std::string storage_class_cell(const json& obj);
// `<unset>` for an empty or missing string field.
std::string or_unset(const json& obj, const char* field);

// upstream's default table convertor (resources without a printer): Name and "Created At".
TablePrinter created_at_printer();

}  // namespace kapi::registry::core
