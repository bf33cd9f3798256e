// Decoding of request bodies sent as Content-Type application/vnd.kubernetes.protobuf, as
// kubectl's typed clients (create configmap, secret, namespace, serviceaccount, deployment,
// service, ...) do. The result is the same JSON a JSON client would have sent.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

namespace kapi::apiserver::protobuf {

// The media type this decoder reads.
inline constexpr std::string_view kProtobufMediaType = "application/vnd.kubernetes.protobuf";

// Body of Content-Type application/vnd.kubernetes.protobuf -> the object's JSON, or an error
// message (answer 400 BadRequest). The kind is looked up in openapi::builtin_schemas(); a kind
// whose definition has no protobuf field numbers is an error that says to send JSON.
std::variant<nlohmann::json, std::string> decode_kubernetes_protobuf(std::string_view body);

}  // namespace kapi::apiserver::protobuf
