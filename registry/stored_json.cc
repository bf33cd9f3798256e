#include "registry/stored_json.h"

#include <simdjson.h>

namespace kapi::registry {

namespace {

using json = nlohmann::json;
namespace dom = simdjson::dom;

// A parser keeps its buffers between documents; one per thread. Documents larger than this are
// parsed by a parser of their own, so a thread that once read a large object does not hold
// megabytes of tape for good.
constexpr size_t kKeptParserCapacity = 64 * 1024;

json to_json(dom::element e) {
  switch (e.type()) {
    case dom::element_type::OBJECT: {
      json out = json::object();
      auto& members = out.get_ref<json::object_t&>();
      for (dom::key_value_pair member : dom::object(e))
        members.insert_or_assign(std::string(member.key), to_json(member.value));
      return out;
    }
    case dom::element_type::ARRAY: {
      json out = json::array();
      auto& items = out.get_ref<json::array_t&>();
      dom::array array(e);
      items.reserve(array.size());
      for (dom::element item : array) items.push_back(to_json(item));
      return out;
    }
    case dom::element_type::STRING: return json(std::string(std::string_view(e)));
    case dom::element_type::INT64: {
      const int64_t v = int64_t(e);
      // nlohmann reads a number without a minus sign as unsigned.
      if (v >= 0) return json(static_cast<uint64_t>(v));
      return json(v);
    }
    case dom::element_type::UINT64: return json(uint64_t(e));
    case dom::element_type::DOUBLE: return json(double(e));
    case dom::element_type::BOOL: return json(bool(e));
    case dom::element_type::NULL_VALUE: return json(nullptr);
  }
  return json(nullptr);
}

}  // namespace

json parse_stored_json(std::string_view text) {
  dom::element root;
  if (text.size() <= kKeptParserCapacity) {
    thread_local dom::parser parser;
    if (!parser.parse(text.data(), text.size()).get(root)) return to_json(root);
  } else {
    dom::parser parser;
    if (!parser.parse(text.data(), text.size()).get(root)) return to_json(root);
  }
  return json::parse(text, nullptr, false);
}

}  // namespace kapi::registry
