#include "apiserver/protobuf/envelope.h"

#include "apiserver/protobuf/decode_error.h"
#include "apiserver/protobuf/text_encodings.h"
#include "apiserver/protobuf/wire_reader.h"

namespace kapi::apiserver::protobuf {
namespace {

std::string string_field(const WireField& field, const char* name) {
  if (field.type != WireType::kLengthDelimited) throw DecodeError(std::string(name) + ": not length-delimited");
  if (!is_valid_utf8(field.bytes)) throw DecodeError(std::string(name) + ": not valid UTF-8");
  return std::string(field.bytes);
}

}  // namespace

Envelope parse_envelope(std::string_view body) {
  if (!body.starts_with(kEnvelopeMagic)) throw DecodeError("missing the k8s\\0 prefix of a Kubernetes protobuf body");
  Envelope envelope;
  WireReader unknown(body.substr(kEnvelopeMagic.size()));
  while (!unknown.done()) {
    const WireField field = unknown.next_field();
    switch (field.number) {
      case 1: {
        if (field.type != WireType::kLengthDelimited) throw DecodeError("typeMeta: not length-delimited");
        WireReader type_meta(field.bytes);
        while (!type_meta.done()) {
          const WireField f = type_meta.next_field();
          if (f.number == 1) envelope.api_version = string_field(f, "typeMeta.apiVersion");
          if (f.number == 2) envelope.kind = string_field(f, "typeMeta.kind");
        }
        break;
      }
      case 2:
        if (field.type != WireType::kLengthDelimited) throw DecodeError("raw: not length-delimited");
        envelope.raw = field.bytes;
        break;
      case 3: envelope.content_encoding = string_field(field, "contentEncoding"); break;
      case 4: envelope.content_type = string_field(field, "contentType"); break;
      default: break;  // unknown fields are skipped
    }
  }
  return envelope;
}

}  // namespace kapi::apiserver::protobuf
