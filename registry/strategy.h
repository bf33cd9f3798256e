// The per-resource rules the generic store applies, in one fixed order (see generic_store.cc):
// create: prepare_for_create, validate, canonicalize; update: prepare_for_update,
// validate_update, canonicalize. A resource's strategy is a small stateless class that overrides
// only what differs from these defaults, as upstream's pkg/registry/<group>/<resource>/strategy.go.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "registry/api_error.h"
#include "registry/table.h"

namespace kapi::registry {

class Strategy {
 public:
  virtual ~Strategy() = default;

  // May mutate: clear fields the client may not set on create (status, when the resource has a
  // status subresource, is cleared by the generic store already, unless keeps_status_on_create).
  virtual void prepare_for_create(json& /*obj*/) const {}
  // Nodes: the kubelet registers a node with its status in the create (upstream's node strategy
  // does not reset it).
  virtual bool keeps_status_on_create() const { return false; }
  // Must not mutate. Object metadata (name, labels, ...) is checked by the generic store.
  virtual void validate(const json& /*obj*/, std::vector<FieldError>& /*errors*/) const {}
  // May mutate `obj`: carry over from `old` what this update may not change.
  virtual void prepare_for_update(json& /*obj*/, const json& /*old*/) const {}
  virtual void validate_update(const json& /*obj*/, const json& /*old*/,
                               std::vector<FieldError>& /*errors*/) const {}
  // PUT/PATCH on the status subresource: `obj` becomes what may be stored, from `old` and the
  // request. By default only status is taken from the request; a resource whose upstream status
  // strategy lets more through (deployments: annotations, for the revision) overrides this.
  // Server-owned metadata is restored by the generic store afterwards; generation never moves.
  virtual void prepare_for_status_update(json& obj, const json& old) const;
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

  // Deletion (upstream's RESTDeleteStrategy family; the order is in GenericStore::remove).
  // Graceful deletion (CheckGracefulDelete): the grace period in seconds a first DELETE gives
  // `obj`, `requested` being the request's (negative ones already read as 1). nullopt: the
  // resource is not deleted gracefully.
  virtual std::optional<int64_t> deletion_grace_period(const json& /*obj*/,
                                                       std::optional<int64_t> /*requested*/) const {
    return std::nullopt;
  }
  // DefaultGarbageCollectionPolicy: true when a DELETE naming no policy orphans dependents.
  // Every served resource (v1, apps/v1, storage.k8s.io/v1) deletes them in the background.
  virtual bool orphans_dependents_by_default() const { return false; }
  // Resource-specific finalization that holds an object being deleted besides
  // metadata.finalizers (namespaces: spec.finalizers). While it holds, a repeated DELETE
  // answers 409 with this message.
  virtual std::optional<std::string> pending_finalization(const json& /*obj*/) const { return std::nullopt; }
  // May mutate: what a first DELETE that leaves the object in place changes besides
  // deletionTimestamp (namespaces: phase Terminating).
  virtual void prepare_for_delete(json& /*obj*/) const {}
  // PUT on the finalize subresource: `obj` becomes `old` with only what that subresource may
  // change taken from the request. False: the resource has no finalize subresource.
  virtual bool prepare_for_finalize(json& /*obj*/, const json& /*old*/) const { return false; }

  // Fields a fieldSelector may name, beyond metadata.name and metadata.namespace.
  virtual void selectable_fields(const json& /*obj*/,
                                 std::map<std::string, std::string>& /*fields*/) const {}

  virtual TablePrinter table_printer() const { return name_age_printer(); }
};

}  // namespace kapi::registry
