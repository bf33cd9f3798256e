// Protobuf field numbers for the schema model, written as tables in upstream's .proto order.
//
// Type files declare JSON fields alphabetically (as OpenAPI lists them), while protobuf numbers
// follow Go declaration order with gaps; so numbers are given separately, one table per
// message, read top to bottom like the upstream generated.proto it must match:
//
//   number_fields(m, core("ConfigMapKeySelector"), {embedded(1, {"name"}), "key", nullable("optional")});
//   number_fields(m, core("ServicePort"), {"name", "protocol", "port", "targetPort", "nodePort",
//                                          nullable("appProtocol")});   // 1..6
//   number_fields(m, core("Container"), {..., "tty", {"envFrom", 19}, ...});
//
// A bare name takes the previous number + 1 (1 for the first); {"name", n} sets n after a gap.
// number_fields throws std::logic_error for an unknown definition or field, or a number used
// twice: the tables are code, so a typo is a programming error found at startup.
#pragma once

#include <string>
#include <vector>

#include "openapi/schema_model.h"

namespace kapi::openapi::dsl {

struct ProtoField {
  ProtoField(const char* field_name, int field_number = 0) : name(field_name), number(field_number) {}

  std::string name;      // empty for an embedded struct
  int number = 0;        // 0: previous + 1
  bool nullable = false; // see ProtoTag::nullable
  std::vector<ProtoField> embedded;  // the fields of an embedded struct, numbered from 1 inside it
};

// A Go pointer field: its zero value is sent on purpose (replicas: 0, immutable: false).
ProtoField nullable(const char* name, int number = 0);
// A Go embedded struct held in field `number`, its fields flattened into the JSON object.
ProtoField embedded(int number, std::vector<ProtoField> fields);

// Sets ProtoTag on the named fields of `definition`.
void number_fields(SchemaModel& model, const std::string& definition, const std::vector<ProtoField>& fields);

}  // namespace kapi::openapi::dsl
