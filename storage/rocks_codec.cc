#include "storage/rocks_codec.h"

#include <cstring>
#include <memory>

namespace kapi::storage::rocks {
namespace {

enum Kind : uint8_t { kPut = 0, kDeleteOwnValue = 1, kDeleteValueIsPrev = 2 };

void put_u64(std::string& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift));
}
void put_u32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift));
}
void put_bytes(std::string& out, std::string_view bytes) {
  put_u32(out, static_cast<uint32_t>(bytes.size()));
  out.append(bytes);
}

// Reads fields front to back; any overrun makes it fail and stay failed.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return ok_ && in_.empty(); }

  uint64_t u64() { return fixed(8); }
  uint32_t u32() { return static_cast<uint32_t>(fixed(4)); }
  uint8_t u8() { return static_cast<uint8_t>(fixed(1)); }
  std::string_view bytes() {
    const uint32_t n = u32();
    if (!ok_ || in_.size() < n) return fail();
    std::string_view out = in_.substr(0, n);
    in_.remove_prefix(n);
    return out;
  }

 private:
  uint64_t fixed(size_t n) {
    if (!ok_ || in_.size() < n) {
      fail();
      return 0;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<uint8_t>(in_[i]);
    in_.remove_prefix(n);
    return v;
  }
  std::string_view fail() {
    ok_ = false;
    return {};
  }

  std::string_view in_;
  bool ok_ = true;
};

Bytes share(std::string_view bytes) { return std::make_shared<const std::string>(bytes); }

}  // namespace

std::string encode_revision(Revision revision) {
  std::string out;
  out.reserve(8);
  put_u64(out, static_cast<uint64_t>(revision));
  return out;
}

std::optional<Revision> decode_revision(std::string_view bytes) {
  if (bytes.size() != 8) return std::nullopt;
  Reader r(bytes);
  return static_cast<Revision>(r.u64());
}

std::string encode_current(const KeyValue& kv) {
  std::string out;
  out.reserve(16 + (kv.value ? kv.value->size() : 0));
  put_u64(out, static_cast<uint64_t>(kv.create_revision));
  put_u64(out, static_cast<uint64_t>(kv.mod_revision));
  if (kv.value) out.append(*kv.value);
  return out;
}

std::optional<KeyValue> decode_current(std::string_view key, std::string_view record) {
  if (record.size() < 16) return std::nullopt;
  Reader r(record.substr(0, 16));
  KeyValue kv;
  kv.key = std::string(key);
  kv.create_revision = static_cast<Revision>(r.u64());
  kv.mod_revision = static_cast<Revision>(r.u64());
  kv.value = share(record.substr(16));
  return kv;
}

std::string encode_event(const Event& event) {
  const bool value_is_prev = event.type == Event::Type::kDelete && event.prev &&
                             event.kv.value == event.prev->value;
  const Kind kind = event.type == Event::Type::kPut ? kPut
                    : value_is_prev                 ? kDeleteValueIsPrev
                                                    : kDeleteOwnValue;
  std::string out;
  out.reserve(64 + event.kv.key.size() + (event.kv.value ? event.kv.value->size() : 0) +
              (event.prev && event.prev->value ? event.prev->value->size() : 0));
  out.push_back(static_cast<char>(kind));
  put_bytes(out, event.kv.key);
  put_u64(out, static_cast<uint64_t>(event.kv.create_revision));
  put_bytes(out, kind == kDeleteValueIsPrev || !event.kv.value ? std::string_view()
                                                               : std::string_view(*event.kv.value));
  out.push_back(event.prev ? 1 : 0);
  if (event.prev) {
    put_u64(out, static_cast<uint64_t>(event.prev->create_revision));
    put_u64(out, static_cast<uint64_t>(event.prev->mod_revision));
    put_bytes(out, event.prev->value ? std::string_view(*event.prev->value) : std::string_view());
  }
  return out;
}

std::optional<std::string_view> peek_event_key(std::string_view record) {
  Reader r(record);
  r.u8();
  std::string_view key = r.bytes();
  if (!r.ok()) return std::nullopt;
  return key;
}

std::optional<Event> decode_event(Revision revision, std::string_view record) {
  Reader r(record);
  const uint8_t kind = r.u8();
  std::string_view key = r.bytes();
  const auto create_revision = static_cast<Revision>(r.u64());
  std::string_view value = r.bytes();
  const uint8_t has_prev = r.u8();
  if (!r.ok() || kind > kDeleteValueIsPrev || has_prev > 1) return std::nullopt;

  Event event;
  event.type = kind == kPut ? Event::Type::kPut : Event::Type::kDelete;
  event.kv.key = std::string(key);
  event.kv.create_revision = create_revision;
  event.kv.mod_revision = revision;
  if (has_prev) {
    KeyValue prev;
    prev.key = event.kv.key;
    prev.create_revision = static_cast<Revision>(r.u64());
    prev.mod_revision = static_cast<Revision>(r.u64());
    prev.value = share(r.bytes());
    event.prev = std::move(prev);
  }
  if (!r.done()) return std::nullopt;
  if (kind == kDeleteValueIsPrev) {
    if (!event.prev) return std::nullopt;
    event.kv.value = event.prev->value;
  } else {
    event.kv.value = share(value);
  }
  return event;
}

}  // namespace kapi::storage::rocks
