// YAML <-> JSON for request bodies (application/yaml) and YAML responses, with YAML's plain
// scalars typed as Kubernetes' sigs.k8s.io/yaml reads them (true/false, null, numbers).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

namespace kapi::apiserver {

std::variant<nlohmann::json, std::string> yaml_to_json(std::string_view yaml);
std::string json_to_yaml(const nlohmann::json& value);

}  // namespace kapi::apiserver
