#include "apiserver/yaml_json.h"

#include <yaml-cpp/yaml.h>


namespace kapi::apiserver {

namespace {

// The length of the run of decimal digits at s[at...].
size_t digits_at(std::string_view s, size_t at) {
  size_t end = at;
  while (end < s.size() && s[end] >= '0' && s[end] <= '9') ++end;
  return end - at;
}

size_t sign_length(std::string_view s) { return !s.empty() && (s[0] == '-' || s[0] == '+') ? 1 : 0; }

// [-+]?(0|[1-9][0-9]*)
bool is_yaml_int(std::string_view s) {
  size_t at = sign_length(s), n = digits_at(s, at);
  return n > 0 && at + n == s.size() && (n == 1 || s[at] != '0');
}

// [-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?  or  [-+]?[0-9]+[eE][-+]?[0-9]+
bool is_yaml_float(std::string_view s) {
  size_t at = sign_length(s);
  const size_t whole = digits_at(s, at);
  at += whole;
  bool has_point = at < s.size() && s[at] == '.';
  if (has_point) {
    const size_t fraction = digits_at(s, at + 1);
    if (whole == 0 && fraction == 0) return false;
    at += 1 + fraction;
  } else if (whole == 0) {
    return false;
  }
  if (at < s.size() && (s[at] == 'e' || s[at] == 'E')) {
    ++at;
    if (at < s.size() && (s[at] == '-' || s[at] == '+')) ++at;
    const size_t exponent = digits_at(s, at);
    if (exponent == 0) return false;
    return at + exponent == s.size();
  }
  return has_point && at == s.size();  // digits alone are an int, not a float
}

nlohmann::json plain_scalar(const std::string& s) {
  // YAML 1.1 booleans and nulls as sigs.k8s.io/yaml (go-yaml v2) resolves them.
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE" || s == "yes" || s == "Yes" || s == "YES" ||
      s == "on" || s == "On" || s == "ON")
    return true;
  if (s == "false" || s == "False" || s == "FALSE" || s == "no" || s == "No" || s == "NO" ||
      s == "off" || s == "Off" || s == "OFF")
    return false;
  if (is_yaml_int(s)) {
    try {
      return std::stoll(s);
    } catch (...) {
      return s;
    }
  }
  if (is_yaml_float(s)) {
    try {
      return std::stod(s);
    } catch (...) {
      return s;
    }
  }
  return s;
}

// `duplicate_lines` (may be null) collects go-yaml's report of a key given twice in one map.
nlohmann::json convert(const YAML::Node& node, std::vector<std::string>* duplicate_lines) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Scalar:
      // "!" marks a quoted scalar: always a string.
      if (node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str") return node.Scalar();
      return plain_scalar(node.Scalar());
    case YAML::NodeType::Sequence: {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& item : node) arr.push_back(convert(item, duplicate_lines));
      return arr;
    }
    case YAML::NodeType::Map: {
      nlohmann::json obj = nlohmann::json::object();
      for (const auto& kv : node) {
        const std::string key = kv.first.as<std::string>();
        if (duplicate_lines && obj.contains(key))
          duplicate_lines->push_back("line " + std::to_string(kv.first.Mark().line + 1) + ": key " +
                                     nlohmann::json(key).dump() + " already set in map");
        obj[key] = convert(kv.second, duplicate_lines);  // the last one wins, as go-yaml's
      }
      return obj;
    }
  }
  return nullptr;
}

void emit(YAML::Emitter& out, const nlohmann::json& v) {
  if (v.is_object()) {
    out << YAML::BeginMap;
    for (auto& [k, child] : v.items()) {
      out << YAML::Key << k << YAML::Value;
      emit(out, child);
    }
    out << YAML::EndMap;
  } else if (v.is_array()) {
    out << YAML::BeginSeq;
    for (const auto& child : v) emit(out, child);
    out << YAML::EndSeq;
  } else if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    // Quote strings that would read back as another type.
    if (!plain_scalar(s).is_string()) out << YAML::SingleQuoted << s;
    else out << s;
  } else if (v.is_null()) {
    out << YAML::Null;
  } else {
    out << v.dump();
  }
}

}  // namespace

std::variant<nlohmann::json, std::string> yaml_to_json(std::string_view yaml,
                                                       std::vector<std::string>* duplicate_keys) {
  try {
    std::vector<std::string> lines;
    nlohmann::json out = convert(YAML::Load(std::string(yaml)), &lines);
    if (duplicate_keys && !lines.empty()) {
      std::string report = "yaml: unmarshal errors:";
      for (const auto& line : lines) report += "\n  " + line;
      duplicate_keys->push_back(report);
    }
    return out;
  } catch (const YAML::Exception& e) {
    return std::string(e.what());
  }
}

std::string json_to_yaml(const nlohmann::json& value) {
  YAML::Emitter out;
  emit(out, value);
  return std::string(out.c_str()) + "\n";
}

}  // namespace kapi::apiserver
