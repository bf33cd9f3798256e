#include "apiserver/protobuf/decode.h"

#include "apiserver/protobuf/decode_error.h"
#include "apiserver/protobuf/envelope.h"
#include "apiserver/protobuf/object_decoder.h"
#include "openapi/schema_model.h"

namespace kapi::apiserver::protobuf {
namespace {

openapi::GroupVersionKind gvk_of(const Envelope& envelope) {
  const size_t slash = envelope.api_version.find('/');
  if (slash == std::string::npos) return {"", envelope.api_version, envelope.kind};
  return {envelope.api_version.substr(0, slash), envelope.api_version.substr(slash + 1), envelope.kind};
}

// Whether the kind's definition was given protobuf numbers (openapi/types/*_proto.cc); without
// them every field would be skipped and the object silently lost.
bool has_proto_numbers(const openapi::Schema& definition) {
  for (const openapi::Property& p : definition.properties) {
    if (p.proto.number != 0) return true;
  }
  return false;
}

}  // namespace

std::variant<nlohmann::json, std::string> decode_kubernetes_protobuf(std::string_view body) {
  try {
    const Envelope envelope = parse_envelope(body);
    if (!envelope.content_encoding.empty()) {
      return "protobuf body: unsupported contentEncoding \"" + envelope.content_encoding + "\"";
    }
    if (envelope.api_version.empty() || envelope.kind.empty()) {
      return std::string("protobuf body: typeMeta must give apiVersion and kind");
    }
    const openapi::Schema* definition = openapi::builtin_schemas().find_kind(gvk_of(envelope));
    if (definition == nullptr || !has_proto_numbers(definition->resolved())) {
      return "protobuf encoding of " + envelope.api_version + ", Kind=" + envelope.kind +
             " is not supported; send application/json";
    }
    nlohmann::json object = decode_object(*definition, envelope.raw);
    object["apiVersion"] = envelope.api_version;
    object["kind"] = envelope.kind;
    return object;
  } catch (const DecodeError& e) {
    return std::string("protobuf body: ") + e.what();
  }
}

}  // namespace kapi::apiserver::protobuf
