#include "apiserver/negotiation.h"

#include <algorithm>
#include <map>
#include <vector>

#include "apiserver/protobuf/decode.h"
#include "openapi/field_pruning.h"
#include "apiserver/yaml_json.h"
#include "registry/stored_json.h"

namespace kapi::apiserver {

namespace {

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t");
  return b == std::string_view::npos ? std::string() : std::string(s.substr(b, e - b + 1));
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

struct MediaRange {
  std::string type;                          // "application/json"
  std::map<std::string, std::string> params; // as, g, v, q ...
};

std::vector<MediaRange> parse_accept(std::string_view accept) {
  std::vector<MediaRange> out;
  size_t pos = 0;
  while (pos <= accept.size()) {
    size_t comma = accept.find(',', pos);
    std::string_view item = accept.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    MediaRange range;
    size_t semi = item.find(';');
    range.type = lower(trim(item.substr(0, semi)));
    while (semi != std::string_view::npos) {
      size_t next = item.find(';', semi + 1);
      std::string_view param = item.substr(semi + 1, next == std::string_view::npos ? std::string_view::npos : next - semi - 1);
      size_t eq = param.find('=');
      if (eq != std::string_view::npos) range.params[lower(trim(param.substr(0, eq)))] = trim(param.substr(eq + 1));
      semi = next;
    }
    if (!range.type.empty()) out.push_back(std::move(range));
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return out;
}

std::string param(const MediaRange& r, const char* key) {
  auto it = r.params.find(key);
  return it == r.params.end() ? std::string() : it->second;
}

}  // namespace

std::optional<Negotiated> negotiate(std::string_view accept, bool allow_table, bool allow_discovery) {
  if (trim(accept).empty()) return Negotiated{};
  for (const auto& range : parse_accept(accept)) {
    if (param(range, "q") == "0") continue;
    std::string as = param(range, "as");
    bool json_like = range.type == "application/json" || range.type == "application/*" || range.type == "*/*";
    if (!as.empty()) {
      if (range.type != "application/json") continue;
      std::string g = param(range, "g"), v = param(range, "v");
      if (as == "Table" && allow_table && g == "meta.k8s.io" && (v == "v1" || v == "v1beta1"))
        return Negotiated{OutputFormat::kTable, v};
      if (as == "APIGroupDiscoveryList" && allow_discovery && g == "apidiscovery.k8s.io" &&
          (v == "v2" || v == "v2beta1"))
        return Negotiated{OutputFormat::kDiscoveryV2, v};
      continue;  // a representation we don't serve: try the next one
    }
    if (json_like) return Negotiated{};
    if (range.type == "application/yaml") return Negotiated{OutputFormat::kYaml, ""};
  }
  return std::nullopt;
}

std::string media_type(std::string_view content_type) {
  return lower(trim(content_type.substr(0, content_type.find(';'))));
}

registry::ApiResult<registry::json> decode_body(std::string_view content_type, std::string_view body,
                                                std::vector<std::string>* duplicates) {
  std::string type = media_type(content_type);
  if (type.empty() || type == "application/json" || type == "*/*") {
    try {
      if (duplicates) {
        // Most bodies repeat no key: simdjson reads them faster to the same tree. The others, and
        // malformed ones, go to the parser that words the warnings and errors clients see.
        if (auto plain = registry::parse_json_if_plain(body)) return std::move(*plain);
        return openapi::parse_noting_duplicates(body, *duplicates);
      }
      return registry::json::parse(body);
    } catch (const registry::json::parse_error& e) {
      // upstream's decoder reports a body it cannot read this way
      return registry::bad_request(std::string("couldn't get version/kind; json parse error: ") + e.what());
    }
  }
  if (type == "application/yaml" || type == "application/x-yaml" || type == "text/yaml") {
    auto converted = yaml_to_json(body, duplicates);
    if (auto* err = std::get_if<std::string>(&converted))
      return registry::bad_request("error converting YAML to JSON: " + *err);
    return std::get<registry::json>(std::move(converted));
  }
  if (type == protobuf::kProtobufMediaType) {
    // kubectl's typed clients (create configmap/secret/deployment ...) send protobuf.
    auto decoded = protobuf::decode_kubernetes_protobuf(body);
    if (auto* err = std::get_if<std::string>(&decoded)) return registry::bad_request(*err);
    return std::get<registry::json>(std::move(decoded));
  }
  return registry::unsupported_media_type(type);
}

}  // namespace kapi::apiserver
