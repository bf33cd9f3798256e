#include "openapi/proto_fields.h"

#include <set>
#include <stdexcept>

namespace kapi::openapi::dsl {
namespace {

Property& property_of(Schema& schema, const std::string& definition, const std::string& name) {
  for (Property& p : schema.properties) {
    if (p.name == name) return p;
  }
  throw std::logic_error("number_fields: " + definition + " has no field " + name);
}

// Numbers one message level (the definition itself, or one embedded struct inside it).
void number_level(Schema& schema, const std::string& definition, const std::vector<ProtoField>& fields,
                  int embedded_in) {
  std::set<int> used;
  int previous = 0;
  for (const ProtoField& f : fields) {
    const int number = f.number != 0 ? f.number : previous + 1;
    if (number <= 0 || !used.insert(number).second) {
      throw std::logic_error("number_fields: " + definition + " uses field number " + std::to_string(number) +
                             " twice");
    }
    previous = number;
    if (!f.embedded.empty()) {
      if (embedded_in != 0) throw std::logic_error("number_fields: " + definition + ": embedded struct in an embedded struct");
      number_level(schema, definition, f.embedded, number);
      continue;
    }
    Property& p = property_of(schema, definition, f.name);
    if (p.proto.number != 0) throw std::logic_error("number_fields: " + definition + "." + f.name + " numbered twice");
    p.proto = ProtoTag{number, embedded_in, f.nullable};
  }
}

}  // namespace

ProtoField nullable(const char* name, int number) {
  ProtoField f(name, number);
  f.nullable = true;
  return f;
}

ProtoField embedded(int number, std::vector<ProtoField> fields) {
  ProtoField f("", number);
  f.embedded = std::move(fields);
  return f;
}

void number_fields(SchemaModel& model, const std::string& definition, const std::vector<ProtoField>& fields) {
  auto it = model.definitions().find(definition);
  if (it == model.definitions().end()) throw std::logic_error("number_fields: no definition " + definition);
  number_level(*it->second, definition, fields, 0);
}

}  // namespace kapi::openapi::dsl
