// Small file helpers for key material: whole-file reads and atomic writes with a mode.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <variant>

#include "registry/continue_token.h"

namespace kapi::apiserver::pki {

// The file's bytes, or an error message naming it.
std::variant<std::string, std::string> read_file(const std::string& path);

// Writes `content` to a temp file beside `path` created with `mode`, fsyncs it, renames it over
// `path` and fsyncs the directory: readers see the old file or the new one, never a torn or
// briefly world-readable one. Returns an error message.
std::optional<std::string> write_file_atomically(const std::string& path, std::string_view content,
                                                 mode_t mode);

// Standard base64 without line breaks (kubeconfig *-data fields): the registry's one encoder.
using registry::base64_encode;

}  // namespace kapi::apiserver::pki
