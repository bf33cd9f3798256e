// core/v1 kinds other than Pod: Namespace, ConfigMap, Secret, Service, PVC, PV, Event, Node,
// Endpoints, ServiceAccount.
#include "openapi/schema_builder.h"
#include "openapi/types/types.h"

namespace kapi::openapi::types {
using namespace dsl;

namespace {

void define_kind(SchemaModel& m, const std::string& type, const std::string& description,
                 std::vector<Field> fields) {
  define_kind_and_list(m, core(type), {"", "v1", type}, description, std::move(fields));
}

void add_namespace_config(SchemaModel& m) {
  m.define(core("NamespaceCondition"), condition("namespace"));
  m.define(core("NamespaceSpec"), object("Desired state of a namespace.", {
      {"finalizers", strings("Must be emptied before the namespace is removed.")},
  }));
  m.define(core("NamespaceStatus"), object("Observed state of a namespace.", {
      {"conditions", merge_list(ref_to(core("NamespaceCondition")), "type", {}, "Current conditions.")},
      {"phase", str_enum({"Active", "Terminating"}, "Lifecycle phase.")},
  }));
  define_kind(m, "Namespace", "A scope for names; most objects live in one.", {
      {"spec", ref_to(core("NamespaceSpec"), "Desired state.")},
      {"status", ref_to(core("NamespaceStatus"), "Observed state. Read-only.")},
  });
  define_kind(m, "ConfigMap", "Configuration data for pods, as key/value pairs.", {
      {"binaryData", map_of(bytes(), "Binary values, base64 encoded.")},
      {"data", string_map("UTF-8 values.")},
      {"immutable", boolean("If true, the data cannot change.")},
  });
  define_kind(m, "Secret", "Sensitive data such as passwords and keys.", {
      {"data", map_of(bytes(), "Values, base64 encoded.")},
      {"immutable", boolean("If true, the data cannot change.")},
      {"stringData", string_map("Write-only plain-text values, merged into data on write.")},
      {"type", str("Type used for programmatic handling, e.g. Opaque.")},
  });
  m.define(core("ObjectReference"), [] {
    SchemaPtr s = object("A reference to an object, possibly to a field of it.", {
        {"apiVersion", str("API version of the referent.")},
        {"fieldPath", str("A field of the referent, e.g. spec.containers{name}.")},
        {"kind", str("Kind of the referent.")},
        {"name", str("Name of the referent.")},
        {"namespace", str("Namespace of the referent.")},
        {"resourceVersion", str("Version of the referent the reference was made at.")},
        {"uid", str("UID of the referent.")},
    });
    s->map_type = "atomic";
    return s;
  }());
  define_kind(m, "ServiceAccount", "An identity for processes in pods.", {
      {"automountServiceAccountToken", boolean("Mount a token into pods by default.")},
      {"imagePullSecrets", atomic_list(ref_to(core("LocalObjectReference")), "Secrets for pulling images.")},
      {"secrets", merge_list(ref_to(core("ObjectReference")), "name", {}, "Secrets pods may use.")},
  });
}

void add_service(SchemaModel& m) {
  m.define(core("ServicePort"), object("A port a service exposes.", {
      {"appProtocol", str("Application protocol.")},
      {"name", str("Name, unique within the service.")},
      {"nodePort", int32("Port on each node, for NodePort and LoadBalancer.")},
      {"port", int32("Port the service listens on."), kRequired},
      {"protocol", str_enum({"TCP", "UDP", "SCTP"}, "Protocol; TCP by default.")},
      {"targetPort", int_or_string("Port number or name on the pods; port by default.")},
  }));
  m.define(core("ClientIPConfig"), object("Client IP session affinity settings.", {
      {"timeoutSeconds", int32("Session stickiness time.")},
  }));
  m.define(core("SessionAffinityConfig"), object("Session affinity settings.", {
      {"clientIP", ref_to(core("ClientIPConfig"), "ClientIP settings.")},
  }));
  m.define(core("ServiceSpec"), object("Desired state of a service.", {
      {"allocateLoadBalancerNodePorts", boolean("Allocate node ports for LoadBalancer services.")},
      {"clusterIP", str("Virtual IP; None for a headless service.")},
      {"clusterIPs", strings("Virtual IPs, one per IP family.")},
      {"externalIPs", strings("External IPs routed to the service.")},
      {"externalName", str("DNS name for an ExternalName service.")},
      {"externalTrafficPolicy", str("Cluster or Local.")},
      {"healthCheckNodePort", int32("Health check node port.")},
      {"internalTrafficPolicy", str("Cluster or Local.")},
      {"ipFamilies", strings("IPv4 and/or IPv6.")},
      {"ipFamilyPolicy", str("SingleStack, PreferDualStack or RequireDualStack.")},
      {"loadBalancerClass", str("Load balancer implementation.")},
      {"loadBalancerIP", str("Deprecated requested load balancer IP.")},
      {"loadBalancerSourceRanges", strings("Allowed client CIDRs.")},
      {"ports", merge_list(ref_to(core("ServicePort")), "port", {"port", "protocol"}, "Ports exposed.")},
      {"publishNotReadyAddresses", boolean("Publish endpoints of unready pods.")},
      {"selector", [] {
         SchemaPtr s = string_map("Labels of the pods traffic goes to.");
         s->map_type = "atomic";
         return s;
       }()},
      {"sessionAffinity", str_enum({"ClientIP", "None"}, "Session affinity.")},
      {"sessionAffinityConfig", ref_to(core("SessionAffinityConfig"), "Session affinity settings.")},
      {"trafficDistribution", str("Traffic distribution preference.")},
      {"type", str_enum({"ClusterIP", "NodePort", "LoadBalancer", "ExternalName"}, "How the service is exposed.")},
  }));
  m.define(core("PortStatus"), object("Status of a load balancer port.", {
      {"error", str("Error, if any.")},
      {"port", int32("Port number."), kRequired},
      {"protocol", str("Protocol."), kRequired},
  }));
  m.define(core("LoadBalancerIngress"), object("An ingress point of a load balancer.", {
      {"hostname", str("DNS name.")},
      {"ip", str("IP address.")},
      {"ipMode", str("VIP or Proxy.")},
      {"ports", atomic_list(ref_to(core("PortStatus")), "Port statuses.")},
  }));
  m.define(core("LoadBalancerStatus"), object("Status of a load balancer.", {
      {"ingress", atomic_list(ref_to(core("LoadBalancerIngress")), "Ingress points.")},
  }));
  m.define(core("ServiceStatus"), object("Observed state of a service.", {
      {"conditions", merge_list(ref_to(meta("Condition")), "type", {}, "Current conditions.")},
      {"loadBalancer", ref_to(core("LoadBalancerStatus"), "Load balancer status.")},
  }));
  define_kind(m, "Service", "A named set of pods behind one virtual address.", {
      {"spec", ref_to(core("ServiceSpec"), "Desired state.")},
      {"status", ref_to(core("ServiceStatus"), "Observed state. Read-only.")},
  });
  m.define(core("EndpointAddress"), object("One endpoint IP.", {
      {"hostname", str("Host name.")},
      {"ip", str("IP address."), kRequired},
      {"nodeName", str("Node hosting the endpoint.")},
      {"targetRef", ref_to(core("ObjectReference"), "The object providing the endpoint.")},
  }));
  m.define(core("EndpointPort"), object("One endpoint port.", {
      {"appProtocol", str("Application protocol.")},
      {"name", str("Name, matching a service port.")},
      {"port", int32("Port number."), kRequired},
      {"protocol", str("Protocol.")},
  }));
  m.define(core("EndpointSubset"), object("Addresses sharing one set of ports.", {
      {"addresses", atomic_list(ref_to(core("EndpointAddress")), "Ready addresses.")},
      {"notReadyAddresses", atomic_list(ref_to(core("EndpointAddress")), "Addresses not ready.")},
      {"ports", atomic_list(ref_to(core("EndpointPort")), "Ports.")},
  }));
  define_kind(m, "Endpoints", "The addresses implementing a service.", {
      {"subsets", atomic_list(ref_to(core("EndpointSubset")), "Sets of addresses and ports.")},
  });
}

void add_volumes(SchemaModel& m) {
  m.define(core("TypedLocalObjectReference"), [] {
    SchemaPtr s = object("A typed reference to an object in the same namespace.", {
        {"apiGroup", str("Group of the referent; core when empty.")},
        {"kind", str("Kind of the referent."), kRequired},
        {"name", str("Name of the referent."), kRequired},
    });
    s->map_type = "atomic";
    return s;
  }());
  m.define(core("TypedObjectReference"), object("A typed reference to an object.", {
      {"apiGroup", str("Group of the referent.")},
      {"kind", str("Kind of the referent."), kRequired},
      {"name", str("Name of the referent."), kRequired},
      {"namespace", str("Namespace of the referent.")},
  }));
  m.define(core("VolumeResourceRequirements"), object("Storage requested for a volume.", {
      {"limits", map_of(quantity(), "Maximum amounts.")},
      {"requests", map_of(quantity(), "Minimum amounts, e.g. storage: 1Gi.")},
  }));
  m.define(core("PersistentVolumeClaimSpec"), object("Desired state of a claim.", {
      {"accessModes", strings("ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod.")},
      {"dataSource", ref_to(core("TypedLocalObjectReference"), "Populate from this object.")},
      {"dataSourceRef", ref_to(core("TypedObjectReference"), "Populate from this object, any namespace.")},
      {"resources", ref_to(core("VolumeResourceRequirements"), "Storage requested.")},
      {"selector", ref_to(meta("LabelSelector"), "Volumes eligible for binding.")},
      {"storageClassName", str("StorageClass to provision from.")},
      {"volumeAttributesClassName", str("VolumeAttributesClass to use.")},
      {"volumeMode", str_enum({"Block", "Filesystem"}, "Volume mode; Filesystem by default.")},
      {"volumeName", str("The PersistentVolume bound to this claim.")},
  }));
  m.define(core("PersistentVolumeClaimCondition"), condition("claim", {"lastProbeTime"}));
  m.define(core("ModifyVolumeStatus"), object("Status of a volume modification.", {
      {"status", str("Pending, InProgress or Infeasible."), kRequired},
      {"targetVolumeAttributesClassName", str("Class being applied.")},
  }));
  m.define(core("PersistentVolumeClaimStatus"), object("Observed state of a claim.", {
      {"accessModes", strings("Access modes of the bound volume.")},
      {"allocatedResourceStatuses", string_map("Resize status per resource.")},
      {"allocatedResources", map_of(quantity(), "Resources allocated.")},
      {"capacity", map_of(quantity(), "Capacity of the bound volume.")},
      {"conditions", merge_list(ref_to(core("PersistentVolumeClaimCondition")), "type", {}, "Current conditions.")},
      {"currentVolumeAttributesClassName", str("Class in use.")},
      {"modifyVolumeStatus", ref_to(core("ModifyVolumeStatus"), "Modification status.")},
      {"phase", str_enum({"Pending", "Bound", "Lost"}, "Phase of the claim.")},
  }));
  define_kind(m, "PersistentVolumeClaim", "A user's request for storage.", {
      {"spec", ref_to(core("PersistentVolumeClaimSpec"), "Desired state.")},
      {"status", ref_to(core("PersistentVolumeClaimStatus"), "Observed state. Read-only.")},
  });

  m.define(core("SecretReference"), [] {
    SchemaPtr s = object("Names a Secret in any namespace.", {
        {"name", str("Name of the Secret.")},
        {"namespace", str("Namespace of the Secret.")},
    });
    s->map_type = "atomic";
    return s;
  }());
  m.define(core("CSIPersistentVolumeSource"), object("Storage managed by a CSI driver.", {
      {"controllerExpandSecretRef", ref_to(core("SecretReference"), "Secret for ControllerExpandVolume.")},
      {"controllerPublishSecretRef", ref_to(core("SecretReference"), "Secret for ControllerPublishVolume.")},
      {"driver", str("Name of the driver."), kRequired},
      {"fsType", str("Filesystem type.")},
      {"nodeExpandSecretRef", ref_to(core("SecretReference"), "Secret for NodeExpandVolume.")},
      {"nodePublishSecretRef", ref_to(core("SecretReference"), "Secret for NodePublishVolume.")},
      {"nodeStageSecretRef", ref_to(core("SecretReference"), "Secret for NodeStageVolume.")},
      {"readOnly", boolean("Mount read-only.")},
      {"volumeAttributes", string_map("Driver-specific attributes.")},
      {"volumeHandle", str("Driver's volume ID."), kRequired},
  }));
  m.define(core("LocalVolumeSource"), object("A local disk or directory of a node.", {
      {"fsType", str("Filesystem type, for block devices.")},
      {"path", str("Full path on the node."), kRequired},
  }));
  m.define(core("VolumeNodeAffinity"), object("Nodes the volume can be used from.", {
      {"required", ref_to(core("NodeSelector"), "The nodes.")},
  }));
  // In-tree plugin sources (openapi/types/core_volume_plugins.cc), mostly deprecated for CSI.
  m.define(core("PersistentVolumeSpec"), object("Desired state of a persistent volume.", {
      {"accessModes", strings("Ways the volume can be mounted.")},
      {"awsElasticBlockStore", ref_to(core("AWSElasticBlockStoreVolumeSource"), "An AWS EBS volume.")},
      {"azureDisk", ref_to(core("AzureDiskVolumeSource"), "An Azure data disk.")},
      {"azureFile", ref_to(core("AzureFilePersistentVolumeSource"), "An Azure File share.")},
      {"capacity", map_of(quantity(), "Capacity, e.g. storage: 10Gi.")},
      {"cephfs", ref_to(core("CephFSPersistentVolumeSource"), "A CephFS mount.")},
      {"cinder", ref_to(core("CinderPersistentVolumeSource"), "An OpenStack Cinder volume.")},
      {"claimRef", ref_to(core("ObjectReference"), "The claim bound to this volume.")},
      {"csi", ref_to(core("CSIPersistentVolumeSource"), "A CSI volume.")},
      {"fc", ref_to(core("FCVolumeSource"), "A Fibre Channel volume.")},
      {"flexVolume", ref_to(core("FlexPersistentVolumeSource"), "A FlexVolume driver's volume.")},
      {"flocker", ref_to(core("FlockerVolumeSource"), "A Flocker volume.")},
      {"gcePersistentDisk", ref_to(core("GCEPersistentDiskVolumeSource"), "A GCE persistent disk.")},
      {"glusterfs", ref_to(core("GlusterfsPersistentVolumeSource"), "A Glusterfs mount.")},
      {"hostPath", ref_to(core("HostPathVolumeSource"), "A path on the node; for tests only.")},
      {"iscsi", ref_to(core("ISCSIPersistentVolumeSource"), "An iSCSI disk.")},
      {"local", ref_to(core("LocalVolumeSource"), "A local disk.")},
      {"mountOptions", strings("Mount options.")},
      {"nfs", ref_to(core("NFSVolumeSource"), "An NFS export.")},
      {"nodeAffinity", ref_to(core("VolumeNodeAffinity"), "Where the volume is reachable.")},
      {"persistentVolumeReclaimPolicy", str_enum({"Delete", "Recycle", "Retain"}, "What happens when released.")},
      {"photonPersistentDisk", ref_to(core("PhotonPersistentDiskVolumeSource"), "A Photon persistent disk.")},
      {"portworxVolume", ref_to(core("PortworxVolumeSource"), "A Portworx volume.")},
      {"quobyte", ref_to(core("QuobyteVolumeSource"), "A Quobyte mount.")},
      {"rbd", ref_to(core("RBDPersistentVolumeSource"), "A Rados Block Device.")},
      {"scaleIO", ref_to(core("ScaleIOPersistentVolumeSource"), "A ScaleIO volume.")},
      {"storageClassName", str("StorageClass of the volume.")},
      {"storageos", ref_to(core("StorageOSPersistentVolumeSource"), "A StorageOS volume.")},
      {"volumeAttributesClassName", str("VolumeAttributesClass of the volume.")},
      {"volumeMode", str_enum({"Block", "Filesystem"}, "Volume mode.")},
      {"vsphereVolume", ref_to(core("VsphereVirtualDiskVolumeSource"), "A vSphere virtual disk.")},
  }));
  m.define(core("PersistentVolumeStatus"), object("Observed state of a persistent volume.", {
      {"lastPhaseTransitionTime", timestamp("When the phase last changed.")},
      {"message", str("Why the volume is in this phase.")},
      {"phase", str_enum({"Pending", "Available", "Bound", "Released", "Failed"}, "Phase of the volume.")},
      {"reason", str("CamelCase reason.")},
  }));
  define_kind(m, "PersistentVolume", "A piece of storage provisioned for the cluster.", {
      {"spec", ref_to(core("PersistentVolumeSpec"), "Desired state.")},
      {"status", ref_to(core("PersistentVolumeStatus"), "Observed state. Read-only.")},
  });
}

void add_event_node(SchemaModel& m) {
  m.define(core("EventSource"), object("The component that reported an event.", {
      {"component", str("Component name.")},
      {"host", str("Node name.")},
  }));
  m.define(core("EventSeries"), object("A series of repeated events.", {
      {"count", int32("Occurrences so far.")},
      {"lastObservedTime", ref_to(meta("MicroTime"), "Time of the last occurrence.")},
  }));
  define_kind(m, "Event", "A report of something that happened to an object.", {
      {"action", str("What was done or failed.")},
      {"count", int32("Times this event occurred.")},
      {"eventTime", ref_to(meta("MicroTime"), "When the event first occurred.")},
      {"firstTimestamp", timestamp("When the event was first recorded.")},
      {"involvedObject", ref_to(core("ObjectReference"), "The object the event is about."), kRequired},
      {"lastTimestamp", timestamp("When the event most recently occurred.")},
      {"message", str("Human readable description.")},
      {"reason", str("CamelCase reason.")},
      {"related", ref_to(core("ObjectReference"), "A second object involved.")},
      {"reportingComponent", str("Controller that emitted the event.")},
      {"reportingInstance", str("Instance of that controller.")},
      {"series", ref_to(core("EventSeries"), "Series data, for repeated events.")},
      {"source", ref_to(core("EventSource"), "The reporting component.")},
      {"type", str("Normal or Warning.")},
  });

  m.define(core("Taint"), object("Repels pods that do not tolerate it.", {
      {"effect", str("NoSchedule, PreferNoSchedule or NoExecute."), kRequired},
      {"key", str("Taint key."), kRequired},
      {"timeAdded", timestamp("When a NoExecute taint was added.")},
      {"value", str("Taint value.")},
  }));
  m.define(core("ConfigMapNodeConfigSource"), object("A ConfigMap holding a kubelet configuration.", {
      {"kubeletConfigKey", str("Key of the configuration in the ConfigMap."), kRequired},
      {"name", str("Name of the ConfigMap."), kRequired},
      {"namespace", str("Namespace of the ConfigMap."), kRequired},
      {"resourceVersion", str("Resource version of the ConfigMap; set in status.")},
      {"uid", str("UID of the ConfigMap; set in status.")},
  }));
  m.define(core("NodeConfigSource"), object("Where a node's kubelet configuration comes from. Deprecated.", {
      {"configMap", ref_to(core("ConfigMapNodeConfigSource"), "A ConfigMap.")},
  }));
  m.define(core("NodeConfigStatus"), object("Which dynamic kubelet configuration a node uses. Deprecated.", {
      {"active", ref_to(core("NodeConfigSource"), "Configuration in use.")},
      {"assigned", ref_to(core("NodeConfigSource"), "Configuration the node was asked to use.")},
      {"error", str("Problem reconciling the configuration.")},
      {"lastKnownGood", ref_to(core("NodeConfigSource"), "Fallback configuration.")},
  }));
  m.define(core("NodeRuntimeHandlerFeatures"), object("Features a runtime handler supports.", {
      {"recursiveReadOnlyMounts", boolean("Recursive read-only mounts.")},
      {"userNamespaces", boolean("User namespaces for pods.")},
  }));
  m.define(core("NodeRuntimeHandler"), object("A runtime handler of the node's container runtime.", {
      {"features", ref_to(core("NodeRuntimeHandlerFeatures"), "What it supports.")},
      {"name", str("Handler name; empty for the default handler.")},
  }));
  m.define(core("NodeFeatures"), object("Features the node supports.", {
      {"supplementalGroupsPolicy", boolean("The supplementalGroupsPolicy field of pods.")},
  }));
  m.define(core("NodeSpec"), object("Desired state of a node.", {
      {"configSource", ref_to(core("NodeConfigSource"), "Deprecated; ignored by kubelets.")},
      {"externalID", str("Deprecated.")},
      {"podCIDR", str("Pod IP range of the node.")},
      {"podCIDRs", set_list(str(), "Pod IP ranges, one per family.")},
      {"providerID", str("Cloud provider ID.")},
      {"taints", atomic_list(ref_to(core("Taint")), "Taints of the node.")},
      {"unschedulable", boolean("Keep new pods off the node.")},
  }));
  m.define(core("NodeAddress"), object("An address of a node.", {
      {"address", str("The address."), kRequired},
      {"type", str("Hostname, InternalIP, ExternalIP, ..."), kRequired},
  }));
  m.define(core("NodeCondition"), condition("node", {"lastHeartbeatTime"}));
  m.define(core("DaemonEndpoint"), object("A port of a node daemon.", {
      {"Port", int32("Port number."), kRequired},
  }));
  m.define(core("NodeDaemonEndpoints"), object("Ports of the node's daemons.", {
      {"kubeletEndpoint", ref_to(core("DaemonEndpoint"), "The kubelet's port.")},
  }));
  m.define(core("ContainerImage"), object("An image present on a node.", {
      {"names", strings("Names of the image.")},
      {"sizeBytes", int64("Size in bytes.")},
  }));
  m.define(core("NodeSystemInfo"), object("Facts about a node.", {
      {"architecture", str("CPU architecture."), kRequired},
      {"bootID", str("Boot ID."), kRequired},
      {"containerRuntimeVersion", str("Runtime and version."), kRequired},
      {"kernelVersion", str("Kernel version."), kRequired},
      {"kubeProxyVersion", str("Deprecated."), kRequired},
      {"kubeletVersion", str("Kubelet version."), kRequired},
      {"machineID", str("Machine ID."), kRequired},
      {"operatingSystem", str("Operating system."), kRequired},
      {"osImage", str("OS image."), kRequired},
      {"systemUUID", str("System UUID."), kRequired},
  }));
  m.define(core("AttachedVolume"), object("A volume attached to a node.", {
      {"devicePath", str("Where it is attached."), kRequired},
      {"name", str("Volume name."), kRequired},
  }));
  m.define(core("NodeStatus"), object("Observed state of a node.", {
      {"addresses", merge_list(ref_to(core("NodeAddress")), "type", {}, "Addresses of the node.")},
      {"allocatable", map_of(quantity(), "Resources available to pods.")},
      {"capacity", map_of(quantity(), "Total resources.")},
      {"conditions", merge_list(ref_to(core("NodeCondition")), "type", {}, "Current conditions.")},
      {"config", ref_to(core("NodeConfigStatus"), "Dynamic kubelet configuration. Deprecated.")},
      {"daemonEndpoints", ref_to(core("NodeDaemonEndpoints"), "Daemon ports.")},
      {"features", ref_to(core("NodeFeatures"), "Features the node supports.")},
      {"images", atomic_list(ref_to(core("ContainerImage")), "Images on the node.")},
      {"nodeInfo", ref_to(core("NodeSystemInfo"), "Facts about the node.")},
      {"phase", str("Deprecated.")},
      {"runtimeHandlers", atomic_list(ref_to(core("NodeRuntimeHandler")), "Runtime handlers available.")},
      {"volumesAttached", atomic_list(ref_to(core("AttachedVolume")), "Attached volumes.")},
      {"volumesInUse", strings("Volumes in use.")},
  }));
  define_kind(m, "Node", "A worker machine.", {
      {"spec", ref_to(core("NodeSpec"), "Desired state.")},
      {"status", ref_to(core("NodeStatus"), "Observed state. Read-only.")},
  });
}

}  // namespace

void add_core_types(SchemaModel& m) {
  add_namespace_config(m);
  add_service(m);
  add_volumes(m);
  add_event_node(m);
}

}  // namespace kapi::openapi::types
