// Reading optional fields of API objects without throwing: absent or mistyped reads as null or "".
#pragma once

#include <string>

#include "client/client.h"

namespace kapi::controllers {

inline const client::json& field(const client::json& obj, const char* name) {
  static const client::json null;
  return obj.is_object() && obj.contains(name) ? obj[name] : null;
}

inline std::string text(const client::json& obj, const char* name) {
  const client::json& v = field(obj, name);
  return v.is_string() ? v.get<std::string>() : "";
}

}  // namespace kapi::controllers
