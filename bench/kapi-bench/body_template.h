// A JSON body made once and rendered per request with a few string values replaced: building
// each create's body as a JSON tree and serializing it took a sixth of kapi-bench's CPU per
// create, CPU that the server under test then lacks on a shared machine.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace kapi::bench {

class BodyTemplate {
 public:
  BodyTemplate() = default;
  // `doc` serialized, with each string value equal to one of `placeholders` (each must occur
  // exactly once, as a whole string value) left open for render(). Throws std::invalid_argument
  // otherwise.
  BodyTemplate(const nlohmann::json& doc, const std::vector<std::string>& placeholders);
  // The document with placeholder i's value replaced by values[i] (JSON-escaped): byte for byte
  // what dumping `doc` with those values would give.
  std::string render(const std::vector<std::string_view>& values) const;

 private:
  std::vector<std::string> pieces_;  // text around the values, in document order
  std::vector<size_t> slot_;         // which placeholder each gap between pieces is
};

}  // namespace kapi::bench
