// The Client over the registry in this process: each call goes to the resource's GenericStore, so
// defaulting, validation and admission apply exactly as for an HTTP request, without HTTP or a
// second JSON encoding (stored bytes are parsed once, into the json handed back).
#pragma once

#include "client/client.h"
#include "registry/registry.h"

namespace kapi::client {

class InProcessClient : public Client {
 public:
  // `registry` must outlive the client and every watcher it opened.
  InProcessClient(const registry::Registry& registry, Identity identity);

  const Identity& identity() const { return identity_; }

 private:
  // Called through Client, where the default arguments are.
  ApiResult<json> get(const Resource& r, const std::string& ns, const std::string& name) override;
  ApiResult<ObjectList> list(const Resource& r, const std::string& ns, const ListOptions& options) override;
  ApiResult<json> create(const Resource& r, const std::string& ns, const json& obj,
                         const WriteOptions& options) override;
  ApiResult<json> update(const Resource& r, const std::string& ns, const json& obj,
                         const WriteOptions& options) override;
  ApiResult<json> update_status(const Resource& r, const std::string& ns, const json& obj,
                                const WriteOptions& options) override;
  ApiResult<json> patch(const Resource& r, const std::string& ns, const std::string& name,
                        PatchType type, std::string_view body, const PatchOptions& options) override;
  ApiResult<json> remove(const Resource& r, const std::string& ns, const std::string& name,
                         const DeleteOptions& options) override;
  ApiResult<WatcherPtr> watch(const Resource& r, const std::string& ns, const WatchOptions& options) override;

  ApiResult<const registry::GenericStore*> store_for(const Resource& r) const;
  ApiResult<json> put(const Resource& r, const std::string& ns, const json& obj, bool dry_run,
                      const std::string& subresource);

  const registry::Registry& registry_;
  // Carried for admission and audit once the registry takes a user; the stores do not yet.
  Identity identity_;
  std::string field_manager_;  // what managedFields records this client's writes under
  registry::WriteOptions write_options(bool dry_run, const std::string& subresource) const;
};

}  // namespace kapi::client
