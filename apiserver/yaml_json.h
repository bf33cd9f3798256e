// YAML <-> JSON for request bodies (application/yaml) and YAML responses, with YAML's plain
// scalars typed as Kubernetes' sigs.k8s.io/yaml reads them (true/false, null, numbers).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kapi::apiserver {

// `duplicate_keys` (optional) receives go-yaml's strict report of keys given twice in one map
// ("yaml: unmarshal errors:\n  line 5: key \"a\" already set in map"); the last value wins.
std::variant<nlohmann::json, std::string> yaml_to_json(std::string_view yaml,
                                                       std::vector<std::string>* duplicate_keys = nullptr);
std::string json_to_yaml(const nlohmann::json& value);

}  // namespace kapi::apiserver
