#include "controllers/common/update_with_retry.h"

#include "registry/object_meta.h"

namespace kapi::controllers {

namespace {
constexpr int kAttempts = 5;
}  // namespace

std::optional<client::ApiError> update_with_retry(client::Client& api, const client::Resource& resource,
                                                  const std::string& ns, const std::string& name,
                                                  const std::function<bool(client::json&)>& change,
                                                  const std::string& uid, const client::WriteOptions& options) {
  std::optional<client::ApiError> last;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    auto live = api.get(resource, ns, name);
    if (!live.ok()) return live.error().code == 404 ? std::nullopt : std::optional(live.error());
    client::json obj = std::move(live.value());
    if (!uid.empty() && registry::meta_string(obj, "uid") != uid) return std::nullopt;
    if (!change(obj)) return std::nullopt;
    auto written = api.update(resource, ns, obj, options);
    if (written.ok() || written.error().code == 404) return std::nullopt;
    if (written.error().code != 409) return written.error();
    last = written.error();
  }
  return last;
}

}  // namespace kapi::controllers
