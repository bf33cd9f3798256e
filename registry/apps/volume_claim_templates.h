// spec.volumeClaimTemplates of a StatefulSet: the PersistentVolumeClaim defaults upstream applies
// to each template, and the apiVersion/kind its apps/v1 conversion stamps on them.
#pragma once

#include "registry/api_error.h"

namespace kapi::registry::apps {

// Each template gets apiVersion v1, kind PersistentVolumeClaim, metadata.creationTimestamp null
// (an unset metav1.Time prints as null), spec.volumeMode Filesystem and status.phase Pending.
void default_volume_claim_templates(json& spec);

}  // namespace kapi::registry::apps
