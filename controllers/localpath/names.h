// Names the local-path provisioner shares with the API: its provisioner name, the objects it
// installs, and the annotations it reads and writes (upstream's spellings).
#pragma once

namespace kapi::controllers::localpath {

inline constexpr const char* kProvisionerName = "rancher.io/local-path";

// What upstream's deploy/local-path-storage.yaml installs.
inline constexpr const char* kStorageNamespace = "local-path-storage";
inline constexpr const char* kConfigMapName = "local-path-config";
inline constexpr const char* kStorageClassName = "local-path";
inline constexpr const char* kDefaultNodeKey = "DEFAULT_PATH_FOR_NON_LISTED_NODES";

// StorageClass.
inline constexpr const char* kAnnIsDefaultClass = "storageclass.kubernetes.io/is-default-class";
inline constexpr const char* kAnnDefaultVolumeType = "defaultVolumeType";  // class annotation
inline constexpr const char* kParamNodeAffinityKey = "nodeAffinityKey";
inline constexpr const char* kDefaultNodeAffinityKey = "kubernetes.io/hostname";

// PVC, written by the PV binder and the scheduler.
inline constexpr const char* kAnnStorageProvisioner = "volume.kubernetes.io/storage-provisioner";
inline constexpr const char* kAnnBetaStorageProvisioner = "volume.beta.kubernetes.io/storage-provisioner";
inline constexpr const char* kAnnSelectedNode = "volume.kubernetes.io/selected-node";
inline constexpr const char* kAnnBetaStorageClass = "volume.beta.kubernetes.io/storage-class";
inline constexpr const char* kAnnVolumeType = "volumeType";  // PVC annotation: hostPath or local

// PV, written here.
inline constexpr const char* kAnnProvisionedBy = "pv.kubernetes.io/provisioned-by";
inline constexpr const char* kAnnNodeName = "local.path.provisioner/selected-node";

// Upstream's sig-storage-lib gives up on a claim or volume after this many failed attempts.
inline constexpr int kMaxRetries = 15;

}  // namespace kapi::controllers::localpath
