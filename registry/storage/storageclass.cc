// StorageClasses: cluster-scoped; reclaimPolicy defaults to Delete and volumeBindingMode to
// Immediate, as upstream.
#include "registry/storage/resources.h"

namespace kapi::registry::storage_k8s_io {
namespace {
class StorageClassStrategy : public Strategy {
 public:
  void prepare_for_create(json& obj) const override {
    if (!obj.contains("reclaimPolicy")) obj["reclaimPolicy"] = "Delete";
    if (!obj.contains("volumeBindingMode")) obj["volumeBindingMode"] = "Immediate";
  }
};
}  // namespace

ResourceDefinition storageclasses() {
  return {{"storage.k8s.io", "v1", "StorageClass", "storageclasses", "storageclass", {"sc"}, {}, false, {}},
          std::make_shared<StorageClassStrategy>()};
}
}  // namespace kapi::registry::storage_k8s_io
