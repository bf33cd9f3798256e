// core/v1 in-tree volume plugin sources: the cloud disks, network filesystems and block devices
// a pod volume or a PersistentVolume may name besides the sources kapi acts on (hostPath, local,
// nfs, csi, ...). Nothing here mounts them; they are modelled so that manifests using them are
// accepted and stored whole (unknown fields are dropped on every write, and refused under Strict).
// Most are deprecated upstream in favour of CSI drivers. The ...PersistentVolumeSource variants
// are the PersistentVolume forms, which may name a Secret in another namespace.
#include "openapi/proto_fields.h"
#include "openapi/schema_builder.h"
#include "openapi/types/types.h"

namespace kapi::openapi::types {
using namespace dsl;

void add_core_volume_plugin_types(SchemaModel& m) {
  m.define(core("AWSElasticBlockStoreVolumeSource"),
           object("An AWS EBS volume. Deprecated: use the ebs.csi.aws.com CSI driver.", {
      {"fsType", str("Filesystem type, e.g. ext4.")},
      {"partition", int32("Partition to mount; the whole disk when 0.")},
      {"readOnly", boolean("Mount read-only.")},
      {"volumeID", str("ID of the volume."), kRequired},
  }));
  m.define(core("AzureDiskVolumeSource"),
           object("An Azure data disk. Deprecated: use the disk.csi.azure.com CSI driver.", {
      {"cachingMode", str("Host caching: None, ReadOnly or ReadWrite.")},
      {"diskName", str("Name of the data disk."), kRequired},
      {"diskURI", str("URI of the data disk."), kRequired},
      {"fsType", str("Filesystem type, e.g. ext4.")},
      {"kind", str("Shared, Dedicated or Managed.")},
      {"readOnly", boolean("Mount read-only.")},
  }));
  m.define(core("AzureFileVolumeSource"),
           object("An Azure File share. Deprecated: use the file.csi.azure.com CSI driver.", {
      {"readOnly", boolean("Mount read-only.")},
      {"secretName", str("Name of the Secret holding the account name and key."), kRequired},
      {"shareName", str("Name of the share."), kRequired},
  }));
  m.define(core("AzureFilePersistentVolumeSource"),
           object("An Azure File share. Deprecated: use the file.csi.azure.com CSI driver.", {
      {"readOnly", boolean("Mount read-only.")},
      {"secretName", str("Name of the Secret holding the account name and key."), kRequired},
      {"secretNamespace", str("Namespace of that Secret.")},
      {"shareName", str("Name of the share."), kRequired},
  }));
  m.define(core("CephFSVolumeSource"), object("A CephFS mount. Deprecated.", {
      {"monitors", strings("Ceph monitors."), kRequired},
      {"path", str("Path inside the filesystem to mount; / by default.")},
      {"readOnly", boolean("Mount read-only.")},
      {"secretFile", str("Path to the key file.")},
      {"secretRef", ref_to(core("LocalObjectReference"), "Secret holding the credentials.")},
      {"user", str("RADOS user; admin by default.")},
  }));
  m.define(core("CephFSPersistentVolumeSource"), object("A CephFS mount. Deprecated.", {
      {"monitors", strings("Ceph monitors."), kRequired},
      {"path", str("Path inside the filesystem to mount; / by default.")},
      {"readOnly", boolean("Mount read-only.")},
      {"secretFile", str("Path to the key file.")},
      {"secretRef", ref_to(core("SecretReference"), "Secret holding the credentials.")},
      {"user", str("RADOS user; admin by default.")},
  }));
  m.define(core("CinderVolumeSource"),
           object("An OpenStack Cinder volume. Deprecated: use the cinder.csi.openstack.org CSI driver.", {
      {"fsType", str("Filesystem type, e.g. ext4.")},
      {"readOnly", boolean("Mount read-only.")},
      {"secretRef", ref_to(core("LocalObjectReference"), "Secret holding the credentials.")},
      {"volumeID", str("ID of the volume."), kRequired},
  }));
  m.define(core("CinderPersistentVolumeSource"),
           object("An OpenStack Cinder volume. Deprecated: use the cinder.csi.openstack.org CSI driver.", {
      {"fsType", str("Filesystem type, e.g. ext4.")},
      {"readOnly", boolean("Mount read-only.")},
      {"secretRef", ref_to(core("SecretReference"), "Secret holding the credentials.")},
      {"volumeID", str("ID of the volume."), kRequired},
  }));
  m.define(core("FCVolumeSource"), object("A Fibre Channel volume.", {
      {"fsType", str("Filesystem type, e.g. ext4.")},
      {"lun", int32("Logical unit number.")},
      {"readOnly", boolean("Mount read-only.")},
      {"targetWWNs", strings("Target world wide names.")},
      {"wwids", strings("World wide identifiers.")},
  }));
  m.define(core("FlexVolumeSource"), object("A volume of a FlexVolume driver. Deprecated: use CSI.", {
      {"driver", str("Name of the driver."), kRequired},
      {"fsType", str("Filesystem type, e.g. ext4.")},
      {"options", string_map("Driver-specific options.")},
      {"readOnly", boolean("Mount read-only.")},
      {"secretRef", ref_to(core("LocalObjectReference"), "Secret holding the credentials.")},
  }));
  m.define(core("FlexPersistentVolumeSource"), object("A volume of a FlexVolume driver. Deprecated: use CSI.", {
      {"driver", str("Name of the driver."), kRequired},
      {"fsType", str("Filesystem type, e.g. ext4.")},
      {"options", string_map("Driver-specific options.")},
      {"readOnly", boolean("Mount read-only.")},
      {"secretRef", ref_to(core("SecretReference"), "Secret holding the credentials.")},
  }));
  m.define(core("FlockerVolumeSource"), object("A Flocker volume. Deprecated.", {
      {"datasetName", str("Flocker dataset name.")},
      {"datasetUUID", str("Flocker dataset UUID.")},
  }));
  m.define(core("GCEPersistentDiskVolumeSource"),
           object("A GCE persistent disk. Deprecated: use the pd.csi.storage.gke.io CSI driver.", {
      {"fsType", str("Filesystem type, e.g. ext4.")},
      {"partition", int32("Partition to mount; the whole disk when 0.")},
      {"pdName", str("Name of the persistent disk."), kRequired},
      {"readOnly", boolean("Mount read-only.")},
  }));
  m.define(core("GitRepoVolumeSource"),
           object("A directory with a git repository cloned into it. Deprecated: clone in an init container.", {
      {"directory", str("Target directory name; must not contain \"..\".")},
      {"repository", str("Repository URL."), kRequired},
      {"revision", str("Commit hash to check out.")},
  }));
  m.define(core("GlusterfsVolumeSource"), object("A Glusterfs mount. Deprecated.", {
      {"endpoints", str("Endpoints object naming the Glusterfs hosts."), kRequired},
      {"path", str("Glusterfs volume name."), kRequired},
      {"readOnly", boolean("Mount read-only.")},
  }));
  m.define(core("GlusterfsPersistentVolumeSource"), object("A Glusterfs mount. Deprecated.", {
      {"endpoints", str("Endpoints object naming the Glusterfs hosts."), kRequired},
      {"endpointsNamespace", str("Namespace of the endpoints.")},
      {"path", str("Glusterfs volume name."), kRequired},
      {"readOnly", boolean("Mount read-only.")},
  }));
  m.define(core("ISCSIVolumeSource"), object("An iSCSI disk.", {
      {"chapAuthDiscovery", boolean("Use CHAP for iSCSI discovery.")},
      {"chapAuthSession", boolean("Use CHAP for the iSCSI session.")},
      {"fsType", str("Filesystem type, e.g. ext4.")},
      {"initiatorName", str("Custom iSCSI initiator name.")},
      {"iqn", str("iSCSI qualified name of the target."), kRequired},
      {"iscsiInterface", str("iSCSI interface; default (tcp) when unset.")},
      {"lun", int32("Logical unit number."), kRequired},
      {"portals", strings("Extra target portals, host:port.")},
      {"readOnly", boolean("Mount read-only.")},
      {"secretRef", ref_to(core("LocalObjectReference"), "Secret holding the credentials.")},
      {"targetPortal", str("Target portal, host:port."), kRequired},
  }));
  m.define(core("ISCSIPersistentVolumeSource"), object("An iSCSI disk.", {
      {"chapAuthDiscovery", boolean("Use CHAP for iSCSI discovery.")},
      {"chapAuthSession", boolean("Use CHAP for the iSCSI session.")},
      {"fsType", str("Filesystem type, e.g. ext4.")},
      {"initiatorName", str("Custom iSCSI initiator name.")},
      {"iqn", str("iSCSI qualified name of the target."), kRequired},
      {"iscsiInterface", str("iSCSI interface; default (tcp) when unset.")},
      {"lun", int32("Logical unit number."), kRequired},
      {"portals", strings("Extra target portals, host:port.")},
      {"readOnly", boolean("Mount read-only.")},
      {"secretRef", ref_to(core("SecretReference"), "Secret holding the credentials.")},
      {"targetPortal", str("Target portal, host:port."), kRequired},
  }));
  m.define(core("PhotonPersistentDiskVolumeSource"), object("A Photon Controller persistent disk. Deprecated.", {
      {"fsType", str("Filesystem type, e.g. ext4.")},
      {"pdID", str("ID of the Photon persistent disk."), kRequired},
  }));
  m.define(core("PortworxVolumeSource"),
           object("A Portworx volume. Deprecated: use the pxd.portworx.com CSI driver.", {
      {"fsType", str("Filesystem type, e.g. ext4.")},
      {"readOnly", boolean("Mount read-only.")},
      {"volumeID", str("ID of the Portworx volume."), kRequired},
  }));
  m.define(core("QuobyteVolumeSource"), object("A Quobyte mount. Deprecated.", {
      {"group", str("Group the volume is mounted as.")},
      {"readOnly", boolean("Mount read-only.")},
      {"registry", str("Quobyte registry services, host:port, comma separated."), kRequired},
      {"tenant", str("Quobyte tenant owning the volume.")},
      {"user", str("User the volume is mounted as.")},
      {"volume", str("Name of an existing Quobyte volume."), kRequired},
  }));
  m.define(core("RBDVolumeSource"), object("A Rados Block Device. Deprecated.", {
      {"fsType", str("Filesystem type, e.g. ext4.")},
      {"image", str("Name of the RADOS image."), kRequired},
      {"keyring", str("Path to the key ring.")},
      {"monitors", strings("Ceph monitors."), kRequired},
      {"pool", str("RADOS pool.")},
      {"readOnly", boolean("Mount read-only.")},
      {"secretRef", ref_to(core("LocalObjectReference"), "Secret holding the credentials.")},
      {"user", str("RADOS user; admin by default.")},
  }));
  m.define(core("RBDPersistentVolumeSource"), object("A Rados Block Device. Deprecated.", {
      {"fsType", str("Filesystem type, e.g. ext4.")},
      {"image", str("Name of the RADOS image."), kRequired},
      {"keyring", str("Path to the key ring.")},
      {"monitors", strings("Ceph monitors."), kRequired},
      {"pool", str("RADOS pool.")},
      {"readOnly", boolean("Mount read-only.")},
      {"secretRef", ref_to(core("SecretReference"), "Secret holding the credentials.")},
      {"user", str("RADOS user; admin by default.")},
  }));
  m.define(core("ScaleIOVolumeSource"), object("A ScaleIO volume. Deprecated.", {
      {"fsType", str("Filesystem type, e.g. ext4.")},
      {"gateway", str("Host of the ScaleIO API gateway."), kRequired},
      {"protectionDomain", str("ScaleIO protection domain.")},
      {"readOnly", boolean("Mount read-only.")},
      {"secretRef", ref_to(core("LocalObjectReference"), "Secret holding the credentials."), kRequired},
      {"sslEnabled", boolean("Talk to the gateway over SSL.")},
      {"storageMode", str("ThickProvisioned or ThinProvisioned.")},
      {"storagePool", str("ScaleIO storage pool.")},
      {"system", str("Name of the ScaleIO system."), kRequired},
      {"volumeName", str("Name of the volume.")},
  }));
  m.define(core("ScaleIOPersistentVolumeSource"), object("A ScaleIO volume. Deprecated.", {
      {"fsType", str("Filesystem type, e.g. ext4.")},
      {"gateway", str("Host of the ScaleIO API gateway."), kRequired},
      {"protectionDomain", str("ScaleIO protection domain.")},
      {"readOnly", boolean("Mount read-only.")},
      {"secretRef", ref_to(core("SecretReference"), "Secret holding the credentials."), kRequired},
      {"sslEnabled", boolean("Talk to the gateway over SSL.")},
      {"storageMode", str("ThickProvisioned or ThinProvisioned.")},
      {"storagePool", str("ScaleIO storage pool.")},
      {"system", str("Name of the ScaleIO system."), kRequired},
      {"volumeName", str("Name of the volume.")},
  }));
  m.define(core("StorageOSVolumeSource"), object("A StorageOS volume. Deprecated.", {
      {"fsType", str("Filesystem type, e.g. ext4.")},
      {"readOnly", boolean("Mount read-only.")},
      {"secretRef", ref_to(core("LocalObjectReference"), "Secret holding the credentials.")},
      {"volumeName", str("Name of the volume.")},
      {"volumeNamespace", str("Namespace scope of the volume.")},
  }));
  m.define(core("StorageOSPersistentVolumeSource"), object("A StorageOS volume. Deprecated.", {
      {"fsType", str("Filesystem type, e.g. ext4.")},
      {"readOnly", boolean("Mount read-only.")},
      {"secretRef", ref_to(core("ObjectReference"), "Secret holding the credentials.")},
      {"volumeName", str("Name of the volume.")},
      {"volumeNamespace", str("Namespace scope of the volume.")},
  }));
  m.define(core("VsphereVirtualDiskVolumeSource"),
           object("A vSphere virtual disk. Deprecated: use the csi.vsphere.vmware.com CSI driver.", {
      {"fsType", str("Filesystem type, e.g. ext4.")},
      {"storagePolicyID", str("ID of the storage policy.")},
      {"storagePolicyName", str("Name of the storage policy.")},
      {"volumePath", str("Path of the disk."), kRequired},
  }));
}

// Upstream's generated.proto numbers; pods carry these in their VolumeSource.
void number_core_volume_plugin_types(SchemaModel& m) {
  number_fields(m, core("AWSElasticBlockStoreVolumeSource"), {"volumeID", "fsType", "partition", "readOnly"});
  number_fields(m, core("AzureDiskVolumeSource"), {
      "diskName", "diskURI", nullable("cachingMode"), nullable("fsType"), nullable("readOnly"),
      nullable("kind")});
  number_fields(m, core("AzureFileVolumeSource"), {"secretName", "shareName", "readOnly"});
  number_fields(m, core("AzureFilePersistentVolumeSource"), {
      "secretName", "shareName", "readOnly", nullable("secretNamespace")});
  number_fields(m, core("CephFSVolumeSource"), {"monitors", "path", "user", "secretFile", "secretRef", "readOnly"});
  number_fields(m, core("CephFSPersistentVolumeSource"), {
      "monitors", "path", "user", "secretFile", "secretRef", "readOnly"});
  number_fields(m, core("CinderVolumeSource"), {"volumeID", "fsType", "readOnly", "secretRef"});
  number_fields(m, core("CinderPersistentVolumeSource"), {"volumeID", "fsType", "readOnly", "secretRef"});
  number_fields(m, core("FCVolumeSource"), {"targetWWNs", nullable("lun"), "fsType", "readOnly", "wwids"});
  number_fields(m, core("FlexVolumeSource"), {"driver", "fsType", "secretRef", "readOnly", "options"});
  number_fields(m, core("FlexPersistentVolumeSource"), {"driver", "fsType", "secretRef", "readOnly", "options"});
  number_fields(m, core("FlockerVolumeSource"), {"datasetName", "datasetUUID"});
  number_fields(m, core("GCEPersistentDiskVolumeSource"), {"pdName", "fsType", "partition", "readOnly"});
  number_fields(m, core("GitRepoVolumeSource"), {"repository", "revision", "directory"});
  number_fields(m, core("GlusterfsVolumeSource"), {"endpoints", "path", "readOnly"});
  number_fields(m, core("GlusterfsPersistentVolumeSource"), {
      "endpoints", "path", "readOnly", nullable("endpointsNamespace")});
  number_fields(m, core("ISCSIVolumeSource"), {
      "targetPortal", "iqn", "lun", "iscsiInterface", "fsType", "readOnly", "portals", "chapAuthDiscovery",
      {"secretRef", 10}, "chapAuthSession", nullable("initiatorName")});
  number_fields(m, core("ISCSIPersistentVolumeSource"), {
      "targetPortal", "iqn", "lun", "iscsiInterface", "fsType", "readOnly", "portals", "chapAuthDiscovery",
      {"secretRef", 10}, "chapAuthSession", nullable("initiatorName")});
  number_fields(m, core("PhotonPersistentDiskVolumeSource"), {"pdID", "fsType"});
  number_fields(m, core("PortworxVolumeSource"), {"volumeID", "fsType", "readOnly"});
  number_fields(m, core("QuobyteVolumeSource"), {"registry", "volume", "readOnly", "user", "group", "tenant"});
  number_fields(m, core("RBDVolumeSource"), {
      "monitors", "image", "fsType", "pool", "user", "keyring", "secretRef", "readOnly"});
  number_fields(m, core("RBDPersistentVolumeSource"), {
      "monitors", "image", "fsType", "pool", "user", "keyring", "secretRef", "readOnly"});
  number_fields(m, core("ScaleIOVolumeSource"), {
      "gateway", "system", "secretRef", "sslEnabled", "protectionDomain", "storagePool", "storageMode",
      "volumeName", "fsType", "readOnly"});
  number_fields(m, core("ScaleIOPersistentVolumeSource"), {
      "gateway", "system", "secretRef", "sslEnabled", "protectionDomain", "storagePool", "storageMode",
      "volumeName", "fsType", "readOnly"});
  number_fields(m, core("StorageOSVolumeSource"), {
      "volumeName", "volumeNamespace", "fsType", "readOnly", "secretRef"});
  number_fields(m, core("StorageOSPersistentVolumeSource"), {
      "volumeName", "volumeNamespace", "fsType", "readOnly", "secretRef"});
  number_fields(m, core("VsphereVirtualDiskVolumeSource"), {
      "volumePath", "fsType", "storagePolicyName", "storagePolicyID"});
}

}  // namespace kapi::openapi::types
