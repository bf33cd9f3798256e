// The names and small readers the PV controller shares across its files: annotations,
// finalizers and the fields of claims, volumes and classes it decides on (upstream's
// component-helpers/storage/volume).
#pragma once

#include <string>
#include <vector>

#include "client/client.h"
#include "client/object_cache.h"
#include "controllers/common/pod_state.h"  // is_terminating

namespace kapi::controllers::pvbinder {

using client::json;

// Annotations (CONTROLLERS.md §3).
inline constexpr const char* kAnnBindCompleted = "pv.kubernetes.io/bind-completed";
inline constexpr const char* kAnnBoundByController = "pv.kubernetes.io/bound-by-controller";
inline constexpr const char* kAnnProvisionedBy = "pv.kubernetes.io/provisioned-by";
inline constexpr const char* kAnnStorageProvisioner = "volume.kubernetes.io/storage-provisioner";
inline constexpr const char* kAnnBetaStorageProvisioner = "volume.beta.kubernetes.io/storage-provisioner";
inline constexpr const char* kAnnSelectedNode = "volume.kubernetes.io/selected-node";
// The class before spec.storageClassName existed; still honoured on claims and volumes.
inline constexpr const char* kAnnBetaStorageClass = "volume.beta.kubernetes.io/storage-class";
inline constexpr const char* kAnnIsDefaultClass = "storageclass.kubernetes.io/is-default-class";
inline constexpr const char* kAnnBetaIsDefaultClass = "storageclass.beta.kubernetes.io/is-default-class";

inline constexpr const char* kPvcProtectionFinalizer = "kubernetes.io/pvc-protection";
inline constexpr const char* kPvProtectionFinalizer = "kubernetes.io/pv-protection";

inline constexpr const char* kNoProvisioner = "kubernetes.io/no-provisioner";
inline constexpr const char* kInTreePrefix = "kubernetes.io/";

bool has_annotation(const json& obj, const char* key);
std::string annotation(const json& obj, const char* key);
void set_annotation(json& obj, const char* key, const std::string& value);
void remove_annotation(json& obj, const char* key);

bool has_finalizer(const json& obj, const char* finalizer);
void remove_finalizer(json& obj, const char* finalizer);

// obj[a][b] as text; "" when absent or not a string.
std::string text_at(const json& obj, const char* a, const char* b);
std::string phase_of(const json& obj);

// The class a claim asks for ("" = none): the beta annotation wins, as upstream.
std::string claim_class(const json& claim);
// Whether the claim names a class at all (nil vs ""): only nil claims get a default class.
bool claim_has_class(const json& claim);
std::string volume_class(const json& volume);
std::string reclaim_policy(const json& volume);  // Retain when unset

// spec.claimRef names this claim (namespace and name) with an empty or equal UID.
bool is_volume_bound_to_claim(const json& volume, const json& claim);
// The default StorageClass's name among `classes`: annotated default, newest first, then name.
std::string default_class_name(const std::vector<client::ObjectPtr>& classes);

}  // namespace kapi::controllers::pvbinder
