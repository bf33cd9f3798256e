#include "apiserver/protobuf/object_decoder.h"

#include <bit>
#include <optional>

#include "apiserver/protobuf/decode_error.h"
#include "apiserver/protobuf/text_encodings.h"
#include "apiserver/protobuf/wire_reader.h"
#include "openapi/schema_builder.h"

namespace kapi::apiserver::protobuf {
namespace {

using nlohmann::json;
using openapi::Property;
using openapi::Schema;
using openapi::SchemaType;

// Real objects nest about 15 deep (a deployment's container probe's header); the limit only
// bounds recursion on hostile input.
constexpr int kMaxDepth = 100;

// How a schema node is encoded, decided once per field from its type or definition name.
enum class Shape {
  kMessage, kString, kBytes, kInt32, kInt64, kBool, kDouble,
  kTime, kMicroTime, kQuantity, kIntOrString, kRawJson,
  kUnsupported,  // a free-form value with no protobuf form: skipped
};

Shape shape_of(const Schema& node) {
  namespace dsl = openapi::dsl;
  if (!node.ref.empty()) {
    if (node.ref == dsl::meta("Time")) return Shape::kTime;
    if (node.ref == dsl::meta("MicroTime")) return Shape::kMicroTime;
    if (node.ref == dsl::kQuantity) return Shape::kQuantity;
    if (node.ref == dsl::kIntOrString) return Shape::kIntOrString;
    if (node.ref == dsl::kRawExtension || node.ref == dsl::meta("FieldsV1")) return Shape::kRawJson;
  }
  const Schema& type = node.resolved();
  switch (type.type) {
    case SchemaType::kObject: return Shape::kMessage;
    case SchemaType::kString: return type.format == "byte" ? Shape::kBytes : Shape::kString;
    case SchemaType::kInteger: return type.format == "int32" ? Shape::kInt32 : Shape::kInt64;
    case SchemaType::kBoolean: return Shape::kBool;
    case SchemaType::kNumber: return Shape::kDouble;
    default: return Shape::kUnsupported;
  }
}

bool is_scalar_number(Shape shape) {
  return shape == Shape::kInt32 || shape == Shape::kInt64 || shape == Shape::kBool || shape == Shape::kDouble;
}

WireType wire_type_of(Shape shape) {
  switch (shape) {
    case Shape::kInt32:
    case Shape::kInt64:
    case Shape::kBool: return WireType::kVarint;
    case Shape::kDouble: return WireType::kFixed64;
    default: return WireType::kLengthDelimited;
  }
}

void expect_wire_type(const WireField& field, WireType expected) {
  if (field.type != expected) {
    throw DecodeError(std::string("wire type ") + wire_type_name(field.type) + ", expected " +
                      wire_type_name(expected));
  }
}

json scalar_from_bits(Shape shape, uint64_t bits) {
  switch (shape) {
    case Shape::kInt32: return static_cast<int32_t>(static_cast<uint32_t>(bits));  // low 32 bits, as protobuf
    case Shape::kInt64: return static_cast<int64_t>(bits);
    case Shape::kBool: return bits != 0;
    default: return std::bit_cast<double>(bits);
  }
}

std::string text(std::string_view bytes) {
  if (!is_valid_utf8(bytes)) throw DecodeError("string is not valid UTF-8");
  return std::string(bytes);
}

// The zero value Go's JSON writes where a map value or list item is an empty message.
json zero_of(Shape shape) {
  switch (shape) {
    case Shape::kString:
    case Shape::kBytes: return "";
    case Shape::kQuantity: return "0";
    case Shape::kInt32:
    case Shape::kInt64:
    case Shape::kIntOrString: return 0;
    case Shape::kBool: return false;
    case Shape::kDouble: return 0.0;
    case Shape::kMessage: return json::object();
    default: return nullptr;
  }
}

class Decoder {
 public:
  // Decodes the fields of `message` into `out`. `embedded_in` selects the level: 0 for the
  // definition's own fields, N for those of the Go embedded struct carried in field N.
  void fields(const Schema& definition, std::string_view message, json& out, int embedded_in, int depth) {
    if (depth > kMaxDepth) throw DecodeError("nesting deeper than " + std::to_string(kMaxDepth));
    WireReader reader(message);
    while (!reader.done()) {
      const WireField field = reader.next_field();
      if (embedded_in == 0 && holds_embedded_struct(definition, field.number)) {
        expect_wire_type(field, WireType::kLengthDelimited);
        fields(definition, field.bytes, out, static_cast<int>(field.number), depth + 1);
        continue;
      }
      const Property* property = find(definition, field.number, embedded_in);
      if (property == nullptr) continue;  // unknown to this schema version: skipped
      try {
        this->property(*property, field, out, depth);
      } catch (DecodeError& e) {
        e.prepend(property->name);
        throw;
      }
    }
  }

 private:
  static const Property* find(const Schema& definition, uint32_t number, int embedded_in) {
    for (const Property& p : definition.properties) {
      if (p.proto.number == static_cast<int>(number) && p.proto.embedded_in == embedded_in) return &p;
    }
    return nullptr;
  }

  static bool holds_embedded_struct(const Schema& definition, uint32_t number) {
    for (const Property& p : definition.properties) {
      if (p.proto.embedded_in == static_cast<int>(number)) return true;
    }
    return false;
  }

  void property(const Property& p, const WireField& field, json& out, int depth) {
    const Schema& node = *p.schema;
    const Schema& type = node.resolved();
    if (type.type == SchemaType::kArray && type.items) {
      json& list = out[p.name];
      if (!list.is_array()) list = json::array();
      append_items(*type.items, field, list, depth);
      return;
    }
    if (type.additional_properties) {
      json& map = out[p.name];
      if (!map.is_object()) map = json::object();
      map_entry(*type.additional_properties, field, map, depth);
      return;
    }
    const Shape shape = shape_of(node);
    if (shape == Shape::kUnsupported) return;
    if (shape == Shape::kMessage) {
      // A message seen twice merges into the first, as protobuf specifies.
      expect_wire_type(field, WireType::kLengthDelimited);
      json& object = out[p.name];
      if (!object.is_object()) object = json::object();
      fields(type, field.bytes, object, 0, depth + 1);
      return;
    }
    std::optional<json> v = value(shape, field, !p.proto.nullable);
    if (v) {
      out[p.name] = std::move(*v);
    } else {
      out.erase(p.name);  // a later zero overrides an earlier value: last one wins
    }
  }

  // One occurrence of a repeated field: one item, or a packed run of numbers.
  void append_items(const Schema& item_node, const WireField& field, json& list, int depth) {
    const Shape shape = shape_of(item_node);
    if (shape == Shape::kUnsupported) return;
    if (is_scalar_number(shape) && field.type == WireType::kLengthDelimited) {
      WireReader packed(field.bytes);
      while (!packed.done()) {
        const uint64_t bits = shape == Shape::kDouble ? packed.read_fixed64() : packed.read_varint();
        list.push_back(scalar_from_bits(shape, bits));
      }
      return;
    }
    list.push_back(element(item_node, shape, field, depth));
  }

  // A list item or map value: always kept, even when zero (["", "a"], {"key": ""}).
  json element(const Schema& node, Shape shape, const WireField& field, int depth) {
    if (shape == Shape::kMessage) {
      expect_wire_type(field, WireType::kLengthDelimited);
      json object = json::object();
      fields(node.resolved(), field.bytes, object, 0, depth + 1);
      return object;
    }
    std::optional<json> v = value(shape, field, false);
    return v ? std::move(*v) : zero_of(shape);
  }

  // map<string, V>: the field is one entry message {key = 1, value = 2}.
  void map_entry(const Schema& value_node, const WireField& field, json& map, int depth) {
    expect_wire_type(field, WireType::kLengthDelimited);
    const Shape shape = shape_of(value_node);
    std::string key;
    json entry_value = zero_of(shape);
    WireReader entry(field.bytes);
    while (!entry.done()) {
      const WireField f = entry.next_field();
      if (f.number == 1) {
        expect_wire_type(f, WireType::kLengthDelimited);
        key = text(f.bytes);
      } else if (f.number == 2 && shape != Shape::kUnsupported) {
        entry_value = element(value_node, shape, f, depth + 1);
      }
    }
    map[key] = std::move(entry_value);
  }

  // A single non-message value; nullopt when it means "not set" (see the header).
  static std::optional<json> value(Shape shape, const WireField& field, bool zero_is_unset) {
    expect_wire_type(field, wire_type_of(shape));
    switch (shape) {
      case Shape::kString: {
        if (zero_is_unset && field.bytes.empty()) return std::nullopt;
        return text(field.bytes);
      }
      case Shape::kBytes:
        if (zero_is_unset && field.bytes.empty()) return std::nullopt;
        return base64_encode(field.bytes);
      case Shape::kInt32:
      case Shape::kInt64:
      case Shape::kBool:
      case Shape::kDouble: {
        json v = scalar_from_bits(shape, field.value);
        if (zero_is_unset && field.value == 0) return std::nullopt;
        return v;
      }
      case Shape::kTime:
      case Shape::kMicroTime: return time(field.bytes, shape == Shape::kMicroTime);
      case Shape::kQuantity: return quantity(field.bytes);
      case Shape::kIntOrString: return int_or_string(field.bytes, zero_is_unset);
      case Shape::kRawJson: return raw_json(field.bytes);
      default: return std::nullopt;
    }
  }

  // meta/v1 Time and MicroTime: {seconds = 1 (int64), nanos = 2 (int32)}.
  static std::optional<json> time(std::string_view message, bool micros) {
    WireReader reader(message);
    std::optional<int64_t> seconds;
    int32_t nanos = 0;
    while (!reader.done()) {
      const WireField f = reader.next_field();
      if (f.number == 1) {
        expect_wire_type(f, WireType::kVarint);
        seconds = static_cast<int64_t>(f.value);
      } else if (f.number == 2) {
        expect_wire_type(f, WireType::kVarint);
        nanos = static_cast<int32_t>(static_cast<uint32_t>(f.value));
      }
    }
    if (!seconds && nanos == 0) return std::nullopt;  // Go's zero time marshals as an empty message
    return format_rfc3339(seconds.value_or(0), nanos, micros);
  }

  // resource.Quantity: {string = 1}, the canonical text form.
  static std::optional<json> quantity(std::string_view message) {
    WireReader reader(message);
    std::optional<std::string> value;
    while (!reader.done()) {
      const WireField f = reader.next_field();
      if (f.number == 1) {
        expect_wire_type(f, WireType::kLengthDelimited);
        value = text(f.bytes);
      }
    }
    return value ? std::optional<json>(*value) : std::nullopt;
  }

  // intstr.IntOrString: {type = 1 (0 int, 1 string), intVal = 2, strVal = 3}.
  static std::optional<json> int_or_string(std::string_view message, bool zero_is_unset) {
    WireReader reader(message);
    uint64_t type = 0;
    int32_t int_value = 0;
    std::string str_value;
    while (!reader.done()) {
      const WireField f = reader.next_field();
      if (f.number == 1) {
        expect_wire_type(f, WireType::kVarint);
        type = f.value;
      } else if (f.number == 2) {
        expect_wire_type(f, WireType::kVarint);
        int_value = static_cast<int32_t>(static_cast<uint32_t>(f.value));
      } else if (f.number == 3) {
        expect_wire_type(f, WireType::kLengthDelimited);
        str_value = text(f.bytes);
      }
    }
    if (type == 1) return str_value;
    if (type != 0) throw DecodeError("IntOrString type " + std::to_string(type) + " is neither int (0) nor string (1)");
    if (zero_is_unset && int_value == 0) return std::nullopt;
    return int_value;
  }

  // RawExtension and FieldsV1: {raw = 1}, bytes holding JSON.
  static std::optional<json> raw_json(std::string_view message) {
    WireReader reader(message);
    std::string_view raw;
    while (!reader.done()) {
      const WireField f = reader.next_field();
      if (f.number == 1) {
        expect_wire_type(f, WireType::kLengthDelimited);
        raw = f.bytes;
      }
    }
    if (raw.empty()) return std::nullopt;
    json parsed = json::parse(raw, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) throw DecodeError("embedded raw object is not JSON");
    return parsed;
  }
};

}  // namespace

nlohmann::json decode_object(const openapi::Schema& definition, std::string_view message) {
  json out = json::object();
  Decoder().fields(definition.resolved(), message, out, 0, 0);
  return out;
}

}  // namespace kapi::apiserver::protobuf
