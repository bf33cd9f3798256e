#include "bench/kapi-bench/body_template.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace kapi::bench {

BodyTemplate::BodyTemplate(const nlohmann::json& doc, const std::vector<std::string>& placeholders) {
  const std::string text = doc.dump();
  std::vector<std::pair<size_t, size_t>> found;  // (offset of the value's text, placeholder)
  for (size_t i = 0; i < placeholders.size(); ++i) {
    const std::string quoted = nlohmann::json(placeholders[i]).dump();
    const size_t at = text.find(quoted);
    if (at == std::string::npos || text.find(quoted, at + 1) != std::string::npos)
      throw std::invalid_argument("placeholder " + placeholders[i] + " must occur once in the document");
    found.emplace_back(at + 1, i);  // inside the quotes: render() escapes the value only
  }
  std::sort(found.begin(), found.end());
  size_t from = 0;
  for (const auto& [at, i] : found) {
    pieces_.push_back(text.substr(from, at - from));
    slot_.push_back(i);
    from = at + placeholders[i].size();
  }
  pieces_.push_back(text.substr(from));
}

namespace {
// As nlohmann's serializer escapes a string (default: UTF-8 passed through).
void append_escaped(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out += kHex[(c >> 4) & 0xf];
          out += kHex[c & 0xf];
        } else {
          out += c;
        }
    }
  }
}
}  // namespace

std::string BodyTemplate::render(const std::vector<std::string_view>& values) const {
  size_t size = 0;
  for (const auto& p : pieces_) size += p.size();
  for (const auto& v : values) size += v.size();
  std::string out;
  out.reserve(size + 16);
  for (size_t i = 0; i < slot_.size(); ++i) {
    out += pieces_[i];
    append_escaped(out, values.at(slot_[i]));
  }
  out += pieces_.back();
  return out;
}

}  // namespace kapi::bench
