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

// Whether a write must survive a crash of the machine, or only be atomic for other processes.
enum class Durability { kSynced, kUnsynced };

// Writes `content` to a temp file beside `path` created with `mode`, renames it over `path`:
// readers see the old file or the new one, never a torn or briefly world-readable one.
// kSynced also fsyncs the file before the rename and the directory after it, so the new file
// survives a power loss; kUnsynced skips both (two journal commits each) for files nobody needs
// after a crash. Returns an error message.
std::optional<std::string> write_file_atomically(const std::string& path, std::string_view content,
                                                 mode_t mode, Durability durability = Durability::kSynced);

// Standard base64 without line breaks (kubeconfig *-data fields): the registry's one encoder.
using registry::base64_encode;

}  // namespace kapi::apiserver::pki
