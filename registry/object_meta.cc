#include "registry/object_meta.h"

#include <cstdio>
#include <ctime>
#include <random>

#include "registry/selector/label_validation.h"

namespace kapi::registry {

const json* meta_field(const json& obj, const char* field) {
  if (!obj.is_object()) return nullptr;
  auto meta = obj.find("metadata");
  if (meta == obj.end() || !meta->is_object()) return nullptr;
  auto it = meta->find(field);
  return it == meta->end() ? nullptr : &*it;
}

std::string meta_string(const json& obj, const char* field) {
  const json* v = meta_field(obj, field);
  return v && v->is_string() ? v->get<std::string>() : std::string();
}

namespace {
std::mt19937_64& rng() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine;
}
}  // namespace

std::string new_uid() {
  static const char* hex = "0123456789abcdef";
  uint64_t a = rng()(), b = rng()();
  a = (a & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  b = (b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 10
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 32; ++i) {
    uint64_t word = i < 16 ? a : b;
    int shift = 60 - 4 * (i % 16);
    out.push_back(hex[(word >> shift) & 0xf]);
    if (i == 7 || i == 11 || i == 15 || i == 19) out.push_back('-');
  }
  return out;
}

std::string generate_name_suffix() {
  // upstream's utilrand.String alphabet: no vowels and no easily confused characters
  static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
  std::uniform_int_distribution<size_t> pick(0, sizeof(alphabet) - 2);
  std::string out;
  for (int i = 0; i < 5; ++i) out.push_back(alphabet[pick(rng())]);
  return out;
}

std::string rfc3339(std::chrono::system_clock::time_point t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string now_rfc3339() { return rfc3339(std::chrono::system_clock::now()); }

std::string rfc3339_micro(std::chrono::system_clock::time_point t) {
  std::string seconds = rfc3339(t);  // "...:05Z"
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count() % 1000000;
  if (micros < 0) micros += 1000000;
  char fraction[16];
  std::snprintf(fraction, sizeof fraction, ".%06lldZ", static_cast<long long>(micros));
  seconds.pop_back();
  return seconds + fraction;
}

namespace {

// Days from 1970-01-01 to the first of `month` (1-12) of `year`, proleptic Gregorian.
int64_t days_to_month(int64_t year, int month) {
  if (month <= 2) --year;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// "YYYY-MM-DDTHH:MM:SS" in seconds since the epoch, for text in exactly that form with fields in
// the ranges strptime takes (day 1-31 of any month, second 0-60), counted as timegm counts them;
// nullopt for anything else, which strptime then reads. Every time a Table row shows goes
// through here, and strptime with timegm cost more than the rest of a pod's AGE cell.
std::optional<time_t> fixed_form_seconds(std::string_view text, const char*& after) {
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
  if (text.size() < kShape.size()) return std::nullopt;
  int digits[14];
  int n = 0;
  for (size_t i = 0; i < kShape.size(); ++i) {
    const char c = text[i];
    if (kShape[i] != 'd') {
      if (c != kShape[i]) return std::nullopt;
    } else if (c < '0' || c > '9') {
      return std::nullopt;
    } else {
      digits[n++] = c - '0';
    }
  }
  auto two = [&](int at) { return digits[at] * 10 + digits[at + 1]; };
  const int year = two(0) * 100 + two(2), month = two(4), day = two(6), hour = two(8), minute = two(10),
            second = two(12);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return std::nullopt;
  after = text.data() + kShape.size();
  return static_cast<time_t>(((days_to_month(year, month) + day - 1) * 24 + hour) * 3600 + minute * 60 + second);
}

// The time point of `secs`, if system_clock holds it: its nanoseconds in 64 bits reach from
// 1677 to 2262, and converting a time outside that (year 9999 is valid RFC 3339) overflows.
std::optional<std::chrono::system_clock::time_point> representable(time_t secs) {
  using std::chrono::system_clock;
  constexpr auto kMax = std::chrono::duration_cast<std::chrono::seconds>(system_clock::duration::max()).count() - 1;
  if (secs > kMax || secs < -kMax) return std::nullopt;
  return system_clock::from_time_t(secs);
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view text) {
  if (const char* after = nullptr; auto fixed = fixed_form_seconds(text, after)) {
    // A time in UTC ("Z", or fractional seconds then "Z") needs nothing more; an offset is read below.
    size_t i = static_cast<size_t>(after - text.data());
    while (i < text.size() && (text[i] == '.' || (text[i] >= '0' && text[i] <= '9'))) ++i;
    if (i == text.size() || (text[i] != '+' && text[i] != '-')) return representable(*fixed);
  }
  std::tm tm{};
  std::string s(text);  // NUL-terminated for strptime and sscanf
  const char* end = strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (!end) return std::nullopt;
  time_t secs = timegm(&tm);
  // skip fractional seconds; honour a numeric offset
  while (*end == '.' || (*end >= '0' && *end <= '9')) ++end;
  if (*end == '+' || *end == '-') {
    int sign = *end == '+' ? 1 : -1, hh = 0, mm = 0;
    if (sscanf(end + 1, "%2d:%2d", &hh, &mm) >= 1) secs -= sign * (hh * 3600 + mm * 60);
  }
  return representable(secs);
}

std::vector<std::string> check_dns1123_label(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > 63) errs.push_back("must be no more than 63 characters");
  if (!selector::is_dns1123_label(value))
    errs.push_back(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
        "must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used "
        "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
  return errs;
}

std::vector<std::string> check_dns1123_subdomain(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > 253) errs.push_back("must be no more than 253 characters");
  if (!selector::is_dns1123_subdomain(value))
    errs.push_back(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
        "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
        "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  return errs;
}

std::vector<std::string> check_path_segment_name(std::string_view value) {
  std::vector<std::string> errs;
  if (value == "." || value == "..") errs.push_back("may not be '" + std::string(value) + "'");
  for (char bad : {'/', '%'})
    if (value.find(bad) != std::string_view::npos)
      errs.push_back(std::string("may not contain '") + bad + "'");
  return errs;
}

}  // namespace kapi::registry
