// The OpenAPI documents of the served resources: /openapi/v2, the /openapi/v3 index and one v3
// document per group version. Built and serialized once at startup, then served as bytes.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "openapi/resource_descriptor.h"
#include "openapi/schema_model.h"

namespace kapi::openapi {

class Documents {
 public:
  // A resource whose kind has no definition in `model` gets a minimal one (apiVersion, kind,
  // metadata, unknown fields preserved) so the documents still carry its GVK and patch paths.
  explicit Documents(std::vector<ResourceDescriptor> resources,
                     const SchemaModel& model = builtin_schemas());

  const std::string& v2_json() const { return v2_; }          // GET /openapi/v2
  const std::string& v3_index_json() const { return index_; }  // GET /openapi/v3
  // GET /openapi/v3/<gv_path>, e.g. "api/v1", "apis/apps/v1"; nullptr if not served.
  const std::string* v3_json(std::string_view gv_path) const;
  // The ?hash= of that document (also its ETag); empty if not served.
  std::string v3_hash(std::string_view gv_path) const;
  // Hash of the v2 document, for its ETag.
  const std::string& v2_hash() const { return v2_hash_; }

 private:
  struct V3Document {
    std::string json;
    std::string hash;
  };
  std::string v2_;
  std::string v2_hash_;
  std::string index_;
  std::map<std::string, V3Document, std::less<>> v3_;
};

}  // namespace kapi::openapi
