// One informer per resource, shared by every controller in the process (client-go's
// SharedInformerFactory): pods are listed and watched once however many controllers need them.
// Each informer carries the namespace, owner-uid and node-name indexes.
//
// Controllers that read only metadata (the garbage collector, the namespace controller's content
// watches) ask for metadata_informer(): as long as no controller wants whole objects of that
// resource, its informer keeps apiVersion, kind and metadata only (upstream's metadata
// informers), so e.g. each configmap written is not built into a whole JSON tree for them. A
// metadata-only informer is also sparse (InformerOptions::keep): it caches and reports as added
// or updated only objects with ownerReferences, finalizers or a deletionTimestamp (what the
// garbage collector acts on), reports every delete, and leaves the others' text unparsed.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "client/informer.h"

namespace kapi::controllers {

// False only for JSON text that names none of ownerReferences, finalizers and
// deletionTimestamp as a key, and has no backslash-u escape that could spell one: its object is not one
// a metadata informer keeps, without parsing it.
bool may_name_gc_fields(std::string_view text);

class SharedInformers {
 public:
  explicit SharedInformers(client::ClientPtr client) : client_(std::move(client)) {}
  ~SharedInformers() { stop(); }

  // The informer for `resource`, made on first use; started at once if start() has been called.
  client::Informer& informer(const client::Resource& resource);
  // An informer for `resource` whose objects may hold only apiVersion, kind and metadata (less
  // managedFields) and that may cache and report only the objects the garbage collector acts
  // on (and every delete): the same one informer() gives when a controller asks for that
  // before start() (objects are then whole, and all cached), else a sparse metadata-only one.
  client::Informer& metadata_informer(const client::Resource& resource);

  void start();
  // Waits until every informer made so far has synced; false on timeout.
  bool wait_for_sync(std::chrono::milliseconds timeout);
  void stop();

 private:
  client::ClientPtr client_;
  std::mutex mu_;
  client::Informer& make_locked(const client::Resource& resource, bool metadata_only);

  std::map<std::string, std::unique_ptr<client::Informer>> informers_;
  // Metadata-only informers already running when whole objects of their resource were asked
  // for: they keep serving the handlers they have; the whole-object one took their place.
  std::vector<std::unique_ptr<client::Informer>> metadata_only_running_;
  bool started_ = false;
};

}  // namespace kapi::controllers
