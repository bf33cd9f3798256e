// The one error of the protobuf decoder: malformed input, with the field path where it was found.
// Thrown inside the decoder and turned into a message at its edge (decode_kubernetes_protobuf).
#pragma once

#include <exception>
#include <string>

namespace kapi::apiserver::protobuf {

class DecodeError : public std::exception {
 public:
  explicit DecodeError(std::string reason) : reason_(std::move(reason)) { render(); }

  // Adds an enclosing field name, so the path reads from the top: "spec.template: ...".
  void prepend(const std::string& field) {
    path_ = path_.empty() ? field : field + "." + path_;
    render();
  }

  const char* what() const noexcept override { return what_.c_str(); }

 private:
  void render() { what_ = path_.empty() ? reason_ : path_ + ": " + reason_; }

  std::string path_;
  std::string reason_;
  std::string what_;
};

}  // namespace kapi::apiserver::protobuf
