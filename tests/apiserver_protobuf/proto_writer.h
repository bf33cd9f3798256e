// A tiny protobuf encoder for tests: builds the bytes kubectl's typed clients send, field by
// field, so the decoder is checked against hand-made bodies without a protobuf library.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kapi::apiserver::protobuf::testing {

class ProtoWriter {
 public:
  ProtoWriter& varint(int field, uint64_t value) {
    tag(field, 0);
    put_varint(value);
    return *this;
  }
  ProtoWriter& boolean(int field, bool value) { return varint(field, value ? 1 : 0); }
  // Negative int32/int64 values travel as their 64-bit two's complement: 10 bytes.
  ProtoWriter& integer(int field, int64_t value) { return varint(field, static_cast<uint64_t>(value)); }
  ProtoWriter& bytes(int field, std::string_view value) {
    tag(field, 2);
    put_varint(value.size());
    out_.append(value);
    return *this;
  }
  ProtoWriter& message(int field, const ProtoWriter& value) { return bytes(field, value.str()); }
  ProtoWriter& fixed64(int field, uint64_t bits) {
    tag(field, 1);
    for (int i = 0; i < 8; ++i) out_ += static_cast<char>(bits >> (8 * i));
    return *this;
  }
  // One map<string, string|bytes> entry: {key = 1, value = 2}.
  ProtoWriter& entry(int field, std::string_view key, std::string_view value) {
    return message(field, ProtoWriter().bytes(1, key).bytes(2, value));
  }
  ProtoWriter& entry(int field, std::string_view key, const ProtoWriter& value) {
    return message(field, ProtoWriter().bytes(1, key).message(2, value));
  }

  const std::string& str() const { return out_; }

  // A packed run of varints (the body of a packed repeated field).
  static std::string packed(std::initializer_list<int64_t> values) {
    ProtoWriter w;
    for (int64_t v : values) w.put_varint(static_cast<uint64_t>(v));
    return w.out_;
  }

 private:
  void tag(int field, int wire_type) { put_varint(static_cast<uint64_t>(field) << 3 | wire_type); }
  void put_varint(uint64_t v) {
    while (v >= 0x80) {
      out_ += static_cast<char>((v & 0x7f) | 0x80);
      v >>= 7;
    }
    out_ += static_cast<char>(v);
  }
  std::string out_;
};

// "k8s\0" + runtime.Unknown{typeMeta{apiVersion, kind}, raw}.
inline std::string envelope(std::string_view api_version, std::string_view kind, const ProtoWriter& raw) {
  ProtoWriter unknown;
  unknown.message(1, ProtoWriter().bytes(1, api_version).bytes(2, kind)).message(2, raw);
  return std::string("k8s\0", 4) + unknown.str();
}

// ObjectMeta as Go's generated marshaller writes it: every non-pointer field, even when empty,
// and creationTimestamp as the empty message of the zero time.
inline ProtoWriter go_object_meta(std::string_view name, std::string_view ns = "") {
  ProtoWriter m;
  m.bytes(1, name).bytes(2, "").bytes(3, ns).bytes(4, "").bytes(5, "").bytes(6, "").varint(7, 0);
  m.message(8, ProtoWriter());
  return m;
}

}  // namespace kapi::apiserver::protobuf::testing
