// Every resource the registry serves has a schema in the model (kind and list), so OpenAPI,
// `kubectl explain`, strategic merge patch and unknown-field checks know all of them; none falls
// back to the minimal stand-in the OpenAPI documents make for unknown kinds.
#include <gtest/gtest.h>

#include "openapi/schema_model.h"
#include "registry/registry.h"
#include "storage/memory_store.h"

namespace kapi::registry {
namespace {

TEST(ServedSchemas, EveryServedKindHasADefinitionInTheModel) {
  Registry registry(storage::make_memory_store());
  register_builtin_resources(registry);
  ASSERT_FALSE(registry.all().empty());
  for (const auto& store : registry.all()) {
    const ResourceInfo& r = store->info();
    const openapi::Schema* kind = openapi::builtin_schemas().find_kind({r.group, r.version, r.kind});
    ASSERT_NE(kind, nullptr) << r.plural << ": no schema for " << r.kind;
    EXPECT_FALSE(kind->preserve_unknown_fields) << r.kind;
    EXPECT_NE(kind->field("metadata"), nullptr) << r.kind;
    EXPECT_NE(openapi::builtin_schemas().find_kind({r.group, r.version, r.list_kind()}), nullptr)
        << r.list_kind();
  }
}

}  // namespace
}  // namespace kapi::registry
