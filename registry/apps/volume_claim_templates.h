// spec.volumeClaimTemplates of a StatefulSet: the PersistentVolumeClaim defaults upstream applies
// to each template, and the apiVersion/kind its apps/v1 conversion stamps on them.
#pragma once

#include "registry/api_error.h"

namespace kapi::registry::apps {

// Each template gets apiVersion v1, kind PersistentVolumeClaim, metadata.creationTimestamp null
// (an unset metav1.Time prints as null), spec.volumeMode Filesystem and status.phase Pending.
void default_volume_claim_templates(json& spec);
// Their resources.requests and .limits quantities in canonical form ("1024Mi" -> "1Gi").
void canonicalize_volume_claim_templates(json& obj);

}  // namespace kapi::registry::apps
