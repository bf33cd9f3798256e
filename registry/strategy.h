// The per-resource rules the generic store applies, in one fixed order (see generic_store.cc):
// create: prepare_for_create, validate, canonicalize; update: prepare_for_update,
// validate_update, canonicalize. A resource's strategy is a small stateless class that overrides
// only what differs from these defaults, as upstream's pkg/registry/<group>/<resource>/strategy.go.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "registry/api_error.h"
#include "registry/table.h"

namespace kapi::registry {

class Strategy {
 public:
  virtual ~Strategy() = default;

  // May mutate: clear fields the client may not set on create (status, when the resource has a
  // status subresource, is cleared by the generic store already).
  virtual void prepare_for_create(json& /*obj*/) const {}
  // Must not mutate. Object metadata (name, labels, ...) is checked by the generic store.
  virtual void validate(const json& /*obj*/, std::vector<FieldError>& /*errors*/) const {}
  // May mutate `obj`: carry over from `old` what this update may not change.
  virtual void prepare_for_update(json& /*obj*/, const json& /*old*/) const {}
  virtual void validate_update(const json& /*obj*/, const json& /*old*/,
                               std::vector<FieldError>& /*errors*/) const {}
  // May mutate: normalise (e.g. quantities) after validation.
  virtual void canonicalize(json& /*obj*/) const {}

  // Names: most resources use DNS-1123 subdomains; namespaces use labels.
  virtual std::vector<std::string> check_name(const std::string& name) const;

  virtual bool allow_create_on_update() const { return false; }
  virtual bool allow_unconditional_update() const { return true; }
  // metadata.generation starts at 1 and goes up when the spec changes.
  virtual bool tracks_generation() const { return false; }
  // DELETE answers with the object (otherwise a Status with details).
  virtual bool return_deleted_object() const { return false; }

  // Fields a fieldSelector may name, beyond metadata.name and metadata.namespace.
  virtual void selectable_fields(const json& /*obj*/,
                                 std::map<std::string, std::string>& /*fields*/) const {}

  virtual TablePrinter table_printer() const { return name_age_printer(); }
};

}  // namespace kapi::registry
