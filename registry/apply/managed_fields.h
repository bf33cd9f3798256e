// metadata.managedFields: who set which field, as upstream's fieldmanager records it. Every write
// is recorded — an Update by the writer's field manager takes the fields it changed from everyone
// else — and server-side apply (server_side_apply.h) keeps one Apply entry per manager.
#pragma once

#include <string>
#include <vector>

#include "registry/apply/field_set.h"

namespace kapi::registry::apply {

struct ManagedEntry {
  std::string manager;
  std::string operation;    // "Apply" or "Update"
  std::string api_version;  // "apps/v1"
  std::string time;         // RFC 3339
  std::string subresource;  // "" or "status"
  FieldSet fields;
};

// The entries of obj's metadata.managedFields (malformed entries are dropped).
std::vector<ManagedEntry> read_managed_fields(const json& obj);
// Writes them back in FieldsV1 form, leaving out entries that own nothing. Beyond 10 Update
// entries the oldest are merged into "ancient-changes" entries, one per apiVersion, as upstream.
void write_managed_fields(json& obj, std::vector<ManagedEntry> entries);

struct Writer {
  std::string manager;
  std::string api_version;
  std::string subresource;
  std::string time;
};

// Records `obj` (replacing `old`, or created when `old` is null) as an Update by `writer`; the
// entries come from `old`.
void record_update(json& obj, const json& old, const openapi::Schema* kind_schema, const Writer& writer);

// The manager an HTTP write is recorded under when it names none: its User-Agent up to the first
// '/' (kubectl/v1.32.0 (linux/amd64) ... -> kubectl), as upstream.
std::string manager_from_user_agent(const std::string& user_agent);

}  // namespace kapi::registry::apply
