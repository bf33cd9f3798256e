// The OpenAPI documents of the served resources: /openapi/v2, the /openapi/v3 index and one v3
// document per group version. Each family (v2; v3 with its index) is built and serialized on its
// first request, once and thread-safely, then served as bytes: building them costs far more than
// the rest of a start, and many servers (tests) never serve them.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "openapi/resource_descriptor.h"
#include "openapi/schema_model.h"

namespace kapi::openapi {

class Documents {
 public:
  // A resource whose kind has no definition in the model gets a minimal one (apiVersion, kind,
  // metadata, unknown fields preserved) so the documents still carry its GVK and patch paths.
  // Without a model, builtin_schemas() is used (and only looked up when a document is built).
  explicit Documents(std::vector<ResourceDescriptor> resources);
  // `model` must outlive this object.
  Documents(std::vector<ResourceDescriptor> resources, const SchemaModel& model);

  const std::string& v2_json() const { return v2().json; }           // GET /openapi/v2
  const std::string& v3_index_json() const { return v3().index; }  // GET /openapi/v3
  // GET /openapi/v3/<gv_path>, e.g. "api/v1", "apis/apps/v1"; nullptr if not served.
  const std::string* v3_json(std::string_view gv_path) const;
  // The ?hash= of that document (also its ETag); empty if not served.
  std::string v3_hash(std::string_view gv_path) const;
  // Hash of the v2 document, for its ETag.
  const std::string& v2_hash() const { return v2().hash; }

 private:
  struct Document {
    std::string json;
    std::string hash;
  };
  struct V3Documents {
    std::string index;
    std::map<std::string, Document, std::less<>> by_group_version;
  };

  const Document& v2() const;
  const V3Documents& v3() const;
  const SchemaModel& model() const { return model_ ? *model_ : builtin_schemas(); }

  std::vector<ResourceDescriptor> resources_;
  const SchemaModel* model_ = nullptr;  // null: builtin_schemas()
  mutable std::once_flag v2_once_;
  mutable std::once_flag v3_once_;
  mutable Document v2_;
  mutable V3Documents v3_;
};

}  // namespace kapi::openapi
