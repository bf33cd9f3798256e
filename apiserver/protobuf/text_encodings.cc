#include "apiserver/protobuf/text_encodings.h"

#include <chrono>
#include <cstdio>

#include "apiserver/protobuf/decode_error.h"

namespace kapi::apiserver::protobuf {

bool is_valid_utf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<uint8_t>(text[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    int length = 0;
    uint32_t code = 0;
    if ((lead & 0xe0) == 0xc0) {
      length = 2, code = lead & 0x1f;
    } else if ((lead & 0xf0) == 0xe0) {
      length = 3, code = lead & 0x0f;
    } else if ((lead & 0xf8) == 0xf0) {
      length = 4, code = lead & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (int k = 1; k < length; ++k) {
      const auto byte = static_cast<uint8_t>(text[i + k]);
      if ((byte & 0xc0) != 0x80) return false;
      code = code << 6 | (byte & 0x3f);
    }
    static constexpr uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kSmallest[length] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return false;
    i += length;
  }
  return true;
}

std::string format_rfc3339(int64_t seconds, int32_t nanos, bool micros) {
  using namespace std::chrono;
  // Seconds of 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z since the Unix epoch: the years
  // RFC 3339 can write (Go refuses to marshal others too).
  constexpr int64_t kFirst = -62135596800;
  constexpr int64_t kPastLast = 253402300800;
  if (seconds < kFirst || seconds >= kPastLast) throw DecodeError("timestamp out of range: " + std::to_string(seconds));
  if (nanos < 0 || nanos >= 1'000'000'000) throw DecodeError("timestamp nanos out of range: " + std::to_string(nanos));
  const sys_seconds t{std::chrono::seconds{seconds}};
  const sys_days day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  char buffer[40];
  const int n = std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(ymd.year()),
                              static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                              static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                              static_cast<int>(hms.seconds().count()));
  std::string out(buffer, static_cast<size_t>(n));
  if (micros) {
    std::snprintf(buffer, sizeof buffer, ".%06d", nanos / 1000);
    out += buffer;
  }
  return out + "Z";
}

}  // namespace kapi::apiserver::protobuf
