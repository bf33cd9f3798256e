// core/v1 Pod and every type a pod template holds: containers, volumes, probes, affinity, status.
#include "openapi/schema_builder.h"
#include "openapi/types/types.h"

namespace kapi::openapi::types {
using namespace dsl;

namespace {

// The fields Container and EphemeralContainer share (upstream keeps them identical).
std::vector<Field> container_fields() {
  return {
      {"args", strings("Arguments to the entrypoint; the image's CMD when empty.")},
      {"command", strings("Entrypoint array; the image's ENTRYPOINT when empty.")},
      {"env", merge_list(ref_to(core("EnvVar")), "name", {}, "Environment variables to set.")},
      {"envFrom", atomic_list(ref_to(core("EnvFromSource")), "Sources of environment variables, taken whole.")},
      {"image", str("Container image name.")},
      {"imagePullPolicy", str_enum({"Always", "IfNotPresent", "Never"}, "When to pull the image.")},
      {"lifecycle", ref_to(core("Lifecycle"), "Actions on start and stop.")},
      {"livenessProbe", ref_to(core("Probe"), "Restart the container when this fails.")},
      {"name", str("Name of the container, unique within the pod (DNS label)."), kRequired},
      {"ports", merge_list(ref_to(core("ContainerPort")), "containerPort", {"containerPort", "protocol"},
                           "Ports the container exposes; informational.")},
      {"readinessProbe", ref_to(core("Probe"), "Remove from service endpoints while this fails.")},
      {"resizePolicy", atomic_list(ref_to(core("ContainerResizePolicy")), "How resources may be resized.")},
      {"resources", ref_to(core("ResourceRequirements"), "Compute resources requested and allowed.")},
      {"restartPolicy", str("For init containers: Always makes it a sidecar.")},
      {"securityContext", ref_to(core("SecurityContext"), "Security options of the container.")},
      {"startupProbe", ref_to(core("Probe"), "Other probes wait until this succeeds.")},
      {"stdin", boolean("Allocate a stdin buffer.")},
      {"stdinOnce", boolean("Close stdin after the first attach detaches.")},
      {"terminationMessagePath", str("File whose content becomes the termination message.")},
      {"terminationMessagePolicy", str_enum({"File", "FallbackToLogsOnError"}, "Where the termination message comes from.")},
      {"tty", boolean("Allocate a TTY.")},
      {"volumeDevices", merge_list(ref_to(core("VolumeDevice")), "devicePath", {}, "Block devices to expose.")},
      {"volumeMounts", merge_list(ref_to(core("VolumeMount")), "mountPath", {}, "Volumes to mount into the filesystem.")},
      {"workingDir", str("Working directory; the image's default when empty.")},
  };
}

// A list merged by key in server-side apply (list-type map) that strategic merge patch replaces
// whole: upstream gives it no patch strategy.
SchemaPtr keyed_list(SchemaPtr items, const std::string& key, std::string description) {
  SchemaPtr s = merge_list(std::move(items), key, {}, std::move(description));
  s->patch_strategy.clear();
  s->patch_merge_key.clear();
  return s;
}

SchemaPtr key_to_paths() {
  return atomic_list(ref_to(core("KeyToPath")), "Which keys to project, and where; all keys when empty.");
}

void add_containers(SchemaModel& m) {
  m.define(core("Container"), object("A single application container of a pod.", container_fields()));
  std::vector<Field> ephemeral = container_fields();
  ephemeral.push_back({"targetContainerName", str("Container whose namespaces this one joins.")});
  m.define(core("EphemeralContainer"), object("A temporary container added to a running pod for debugging.", ephemeral));

  m.define(core("ContainerPort"), object("A network port of a container.", {
      {"containerPort", int32("Port number on the pod's IP address."), kRequired},
      {"hostIP", str("Host IP to bind the host port to.")},
      {"hostPort", int32("Port number on the host.")},
      {"name", str("IANA service name of the port, unique within the pod.")},
      {"protocol", str_enum({"TCP", "UDP", "SCTP"}, "Protocol; TCP by default.")},
  }));
  m.define(core("EnvVar"), object("An environment variable.", {
      {"name", str("Variable name."), kRequired},
      {"value", str("Value; $(VAR) references are expanded.")},
      {"valueFrom", ref_to(core("EnvVarSource"), "Where the value comes from, when not literal.")},
  }));
  m.define(core("EnvVarSource"), object("Source of an environment variable's value.", {
      {"configMapKeyRef", ref_to(core("ConfigMapKeySelector"), "A key of a ConfigMap.")},
      {"fieldRef", ref_to(core("ObjectFieldSelector"), "A field of the pod.")},
      {"resourceFieldRef", ref_to(core("ResourceFieldSelector"), "A resource limit or request of a container.")},
      {"secretKeyRef", ref_to(core("SecretKeySelector"), "A key of a Secret.")},
  }));
  m.define(core("ConfigMapKeySelector"), object("Selects a key of a ConfigMap.", {
      {"key", str("The key."), kRequired},
      {"name", str("Name of the ConfigMap.")},
      {"optional", boolean("Whether the ConfigMap or key may be missing.")},
  }));
  m.define(core("SecretKeySelector"), object("Selects a key of a Secret.", {
      {"key", str("The key."), kRequired},
      {"name", str("Name of the Secret.")},
      {"optional", boolean("Whether the Secret or key may be missing.")},
  }));
  m.define(core("ObjectFieldSelector"), object("Selects a field of an object.", {
      {"apiVersion", str("Version of the schema the path is written in.")},
      {"fieldPath", str("Path of the field, e.g. metadata.name."), kRequired},
  }));
  m.define(core("ResourceFieldSelector"), object("Selects a container resource.", {
      {"containerName", str("Container name; required for volumes.")},
      {"divisor", quantity("Unit the value is given in.")},
      {"resource", str("e.g. limits.cpu, requests.memory."), kRequired},
  }));
  m.define(core("EnvFromSource"), object("A source of several environment variables.", {
      {"configMapRef", ref_to(core("ConfigMapEnvSource"), "All keys of a ConfigMap.")},
      {"prefix", str("Prefix added to each variable name.")},
      {"secretRef", ref_to(core("SecretEnvSource"), "All keys of a Secret.")},
  }));
  m.define(core("ConfigMapEnvSource"), object("A ConfigMap used as environment.", {
      {"name", str("Name of the ConfigMap.")},
      {"optional", boolean("Whether it may be missing.")},
  }));
  m.define(core("SecretEnvSource"), object("A Secret used as environment.", {
      {"name", str("Name of the Secret.")},
      {"optional", boolean("Whether it may be missing.")},
  }));
  m.define(core("VolumeMount"), object("Where a volume is mounted in a container.", {
      {"mountPath", str("Path in the container; must not contain ':'."), kRequired},
      {"mountPropagation", str("None, HostToContainer or Bidirectional.")},
      {"name", str("Name of the pod volume."), kRequired},
      {"readOnly", boolean("Mount read-only.")},
      {"recursiveReadOnly", str("Disabled, IfPossible or Enabled.")},
      {"subPath", str("Path inside the volume to mount instead of its root.")},
      {"subPathExpr", str("Like subPath, with $(VAR) expansion.")},
  }));
  m.define(core("VolumeDevice"), object("A raw block device exposed to a container.", {
      {"devicePath", str("Path of the device in the container."), kRequired},
      {"name", str("Name of a PVC of the pod."), kRequired},
  }));
  m.define(core("ResourceClaim"), object("A resource claim a container uses.", {
      {"name", str("Name of an entry of the pod's resourceClaims."), kRequired},
      {"request", str("A request within the claim.")},
  }));
  m.define(core("ResourceRequirements"), object("Compute resources: what is requested and the upper limits.", {
      {"claims", merge_list(ref_to(core("ResourceClaim")), "name", {}, "Dynamic resource claims used.")},
      {"limits", map_of(quantity(), "Maximum amounts, e.g. cpu: 500m, memory: 128Mi.")},
      {"requests", map_of(quantity(), "Minimum amounts the scheduler reserves.")},
  }));
  m.define(core("ContainerResizePolicy"), object("How one resource of a container is resized.", {
      {"resourceName", str("cpu or memory."), kRequired},
      {"restartPolicy", str("NotRequired or RestartContainer."), kRequired},
  }));
}

void add_probes_and_security(SchemaModel& m) {
  m.define(core("ExecAction"), object("Runs a command in the container.", {
      {"command", strings("Command line; not run in a shell.")},
  }));
  m.define(core("HTTPHeader"), object("A header of a probe request.", {
      {"name", str("Header name."), kRequired},
      {"value", str("Header value."), kRequired},
  }));
  m.define(core("HTTPGetAction"), object("An HTTP GET request.", {
      {"host", str("Host name; the pod IP by default.")},
      {"httpHeaders", atomic_list(ref_to(core("HTTPHeader")), "Extra headers.")},
      {"path", str("Path to request.")},
      {"port", int_or_string("Port number or name."), kRequired},
      {"scheme", str_enum({"HTTP", "HTTPS"}, "Scheme; HTTP by default.")},
  }));
  m.define(core("TCPSocketAction"), object("Opens a TCP connection.", {
      {"host", str("Host name; the pod IP by default.")},
      {"port", int_or_string("Port number or name."), kRequired},
  }));
  m.define(core("GRPCAction"), object("A gRPC health check.", {
      {"port", int32("Port number."), kRequired},
      {"service", str("Service name sent in the health check request.")},
  }));
  m.define(core("SleepAction"), object("Sleeps for a while.", {
      {"seconds", int64("How long to sleep."), kRequired},
  }));
  m.define(core("Probe"), object("A health check of a container.", {
      {"exec", ref_to(core("ExecAction"), "Run a command.")},
      {"failureThreshold", int32("Consecutive failures before the probe counts as failed.")},
      {"grpc", ref_to(core("GRPCAction"), "A gRPC health check.")},
      {"httpGet", ref_to(core("HTTPGetAction"), "An HTTP GET request.")},
      {"initialDelaySeconds", int32("Seconds after start before the first probe.")},
      {"periodSeconds", int32("Seconds between probes.")},
      {"successThreshold", int32("Consecutive successes before the probe counts as passed.")},
      {"tcpSocket", ref_to(core("TCPSocketAction"), "A TCP connection.")},
      {"terminationGracePeriodSeconds", int64("Grace period when the probe kills the container.")},
      {"timeoutSeconds", int32("Seconds before a probe times out.")},
  }));
  m.define(core("LifecycleHandler"), object("An action run at a lifecycle event.", {
      {"exec", ref_to(core("ExecAction"), "Run a command.")},
      {"httpGet", ref_to(core("HTTPGetAction"), "Send an HTTP GET.")},
      {"sleep", ref_to(core("SleepAction"), "Sleep.")},
      {"tcpSocket", ref_to(core("TCPSocketAction"), "Deprecated; accepted for compatibility.")},
  }));
  m.define(core("Lifecycle"), object("Actions the kubelet runs on container start and stop.", {
      {"postStart", ref_to(core("LifecycleHandler"), "Run right after the container starts.")},
      {"preStop", ref_to(core("LifecycleHandler"), "Run before the container is stopped.")},
  }));
  m.define(core("Capabilities"), object("Linux capabilities to add and drop.", {
      {"add", strings("Capabilities to add.")},
      {"drop", strings("Capabilities to drop.")},
  }));
  m.define(core("SELinuxOptions"), object("SELinux labels.", {
      {"level", str("Level label.")}, {"role", str("Role label.")},
      {"type", str("Type label.")},   {"user", str("User label.")},
  }));
  m.define(core("SeccompProfile"), object("A seccomp profile.", {
      {"localhostProfile", str("Profile file on the node, for type Localhost.")},
      {"type", str("Localhost, RuntimeDefault or Unconfined."), kRequired},
  }));
  m.define(core("AppArmorProfile"), object("An AppArmor profile.", {
      {"localhostProfile", str("Profile loaded on the node, for type Localhost.")},
      {"type", str("Localhost, RuntimeDefault or Unconfined."), kRequired},
  }));
  m.define(core("WindowsSecurityContextOptions"), object("Windows-specific security options.", {
      {"gmsaCredentialSpec", str("GMSA credential spec content.")},
      {"gmsaCredentialSpecName", str("Name of the GMSA credential spec.")},
      {"hostProcess", boolean("Run as a host process container.")},
      {"runAsUserName", str("User name to run as.")},
  }));
  m.define(core("SecurityContext"), object("Security options of one container; override the pod's.", {
      {"allowPrivilegeEscalation", boolean("Whether a process may gain more privileges than its parent.")},
      {"appArmorProfile", ref_to(core("AppArmorProfile"), "AppArmor profile.")},
      {"capabilities", ref_to(core("Capabilities"), "Capabilities to add and drop.")},
      {"privileged", boolean("Run as privileged.")},
      {"procMount", str("Default or Unmasked.")},
      {"readOnlyRootFilesystem", boolean("Mount the root filesystem read-only.")},
      {"runAsGroup", int64("GID to run as.")},
      {"runAsNonRoot", boolean("Refuse to start as UID 0.")},
      {"runAsUser", int64("UID to run as.")},
      {"seLinuxOptions", ref_to(core("SELinuxOptions"), "SELinux context.")},
      {"seccompProfile", ref_to(core("SeccompProfile"), "Seccomp profile.")},
      {"windowsOptions", ref_to(core("WindowsSecurityContextOptions"), "Windows options.")},
  }));
  m.define(core("Sysctl"), object("A namespaced kernel parameter.", {
      {"name", str("Parameter name."), kRequired},
      {"value", str("Value."), kRequired},
  }));
  m.define(core("PodSecurityContext"), object("Security options of all containers of a pod.", {
      {"appArmorProfile", ref_to(core("AppArmorProfile"), "AppArmor profile.")},
      {"fsGroup", int64("Supplemental group owning the pod's volumes.")},
      {"fsGroupChangePolicy", str("OnRootMismatch or Always.")},
      {"runAsGroup", int64("GID to run as.")},
      {"runAsNonRoot", boolean("Refuse to start containers as UID 0.")},
      {"runAsUser", int64("UID to run as.")},
      {"seLinuxChangePolicy", str("How SELinux labels are applied to volumes.")},
      {"seLinuxOptions", ref_to(core("SELinuxOptions"), "SELinux context.")},
      {"seccompProfile", ref_to(core("SeccompProfile"), "Seccomp profile.")},
      {"supplementalGroups", atomic_list(int64(), "Extra groups of the first process.")},
      {"supplementalGroupsPolicy", str("Merge or Strict.")},
      {"sysctls", atomic_list(ref_to(core("Sysctl")), "Namespaced sysctls to set.")},
      {"windowsOptions", ref_to(core("WindowsSecurityContextOptions"), "Windows options.")},
  }));
}

void add_volumes(SchemaModel& m) {
  m.define(core("KeyToPath"), object("Maps a key to a file path in a volume.", {
      {"key", str("The key."), kRequired},
      {"mode", int32("File mode bits.")},
      {"path", str("Relative file path."), kRequired},
  }));
  m.define(core("ConfigMapVolumeSource"), object("A ConfigMap's keys as files.", {
      {"defaultMode", int32("File mode bits; 0644 by default.")},
      {"items", key_to_paths()},
      {"name", str("Name of the ConfigMap.")},
      {"optional", boolean("Whether it may be missing.")},
  }));
  m.define(core("SecretVolumeSource"), object("A Secret's keys as files.", {
      {"defaultMode", int32("File mode bits; 0644 by default.")},
      {"items", key_to_paths()},
      {"optional", boolean("Whether it may be missing.")},
      {"secretName", str("Name of the Secret.")},
  }));
  m.define(core("EmptyDirVolumeSource"), object("An empty directory that lives as long as the pod.", {
      {"medium", str("Storage medium: empty (node default) or Memory.")},
      {"sizeLimit", quantity("Maximum size.")},
  }));
  m.define(core("HostPathVolumeSource"), object("A file or directory of the node.", {
      {"path", str("Path on the node."), kRequired},
      {"type", str("Expected type, e.g. Directory, DirectoryOrCreate, File.")},
  }));
  m.define(core("NFSVolumeSource"), object("An NFS export.", {
      {"path", str("Exported path."), kRequired},
      {"readOnly", boolean("Mount read-only.")},
      {"server", str("Host name or IP of the server."), kRequired},
  }));
  m.define(core("PersistentVolumeClaimVolumeSource"), object("A PVC in the pod's namespace.", {
      {"claimName", str("Name of the PVC."), kRequired},
      {"readOnly", boolean("Mount read-only.")},
  }));
  m.define(core("CSIVolumeSource"), object("An inline volume of a CSI driver.", {
      {"driver", str("Name of the CSI driver."), kRequired},
      {"fsType", str("Filesystem type.")},
      {"nodePublishSecretRef", ref_to(core("LocalObjectReference"), "Secret for NodePublishVolume.")},
      {"readOnly", boolean("Mount read-only.")},
      {"volumeAttributes", string_map("Driver-specific attributes.")},
  }));
  m.define(core("DownwardAPIVolumeFile"), object("A file holding a pod field.", {
      {"fieldRef", ref_to(core("ObjectFieldSelector"), "A pod field.")},
      {"mode", int32("File mode bits.")},
      {"path", str("Relative file path."), kRequired},
      {"resourceFieldRef", ref_to(core("ResourceFieldSelector"), "A container resource.")},
  }));
  m.define(core("DownwardAPIVolumeSource"), object("Pod fields as files.", {
      {"defaultMode", int32("File mode bits.")},
      {"items", atomic_list(ref_to(core("DownwardAPIVolumeFile")), "The files.")},
  }));
  m.define(core("ConfigMapProjection"), object("A ConfigMap in a projected volume.", {
      {"items", key_to_paths()},
      {"name", str("Name of the ConfigMap.")},
      {"optional", boolean("Whether it may be missing.")},
  }));
  m.define(core("SecretProjection"), object("A Secret in a projected volume.", {
      {"items", key_to_paths()},
      {"name", str("Name of the Secret.")},
      {"optional", boolean("Whether it may be missing.")},
  }));
  m.define(core("DownwardAPIProjection"), object("Pod fields in a projected volume.", {
      {"items", atomic_list(ref_to(core("DownwardAPIVolumeFile")), "The files.")},
  }));
  m.define(core("ServiceAccountTokenProjection"), object("A service account token in a projected volume.", {
      {"audience", str("Intended audience of the token.")},
      {"expirationSeconds", int64("Requested lifetime.")},
      {"path", str("Relative file path."), kRequired},
  }));
  m.define(core("ClusterTrustBundleProjection"), object("Certificates of ClusterTrustBundles as one PEM file.", {
      {"labelSelector", ref_to(meta("LabelSelector"), "Bundles with these labels (with signerName).")},
      {"name", str("A bundle by name; excludes signerName and labelSelector.")},
      {"optional", boolean("Write an empty file when no bundle matches instead of failing.")},
      {"path", str("Relative file path."), kRequired},
      {"signerName", str("Bundles of this signer.")},
  }));
  m.define(core("VolumeProjection"), object("One source of a projected volume.", {
      {"clusterTrustBundle", ref_to(core("ClusterTrustBundleProjection"), "Trust anchors.")},
      {"configMap", ref_to(core("ConfigMapProjection"), "A ConfigMap.")},
      {"downwardAPI", ref_to(core("DownwardAPIProjection"), "Pod fields.")},
      {"secret", ref_to(core("SecretProjection"), "A Secret.")},
      {"serviceAccountToken", ref_to(core("ServiceAccountTokenProjection"), "A token.")},
  }));
  m.define(core("ProjectedVolumeSource"), object("Several sources projected into one directory.", {
      {"defaultMode", int32("File mode bits.")},
      {"sources", atomic_list(ref_to(core("VolumeProjection")), "The sources.")},
  }));
  m.define(core("PersistentVolumeClaimTemplate"), object("A PVC created for and deleted with the pod.", {
      {"metadata", object_meta()},
      {"spec", ref_to(core("PersistentVolumeClaimSpec"), "Spec of the claim."), kRequired},
  }));
  m.define(core("EphemeralVolumeSource"), object("A volume backed by a PVC that lives with the pod.", {
      {"volumeClaimTemplate", ref_to(core("PersistentVolumeClaimTemplate"), "Template of the PVC.")},
  }));
  m.define(core("ImageVolumeSource"), object("An OCI image or artifact mounted read-only.", {
      {"pullPolicy", str("Always, Never or IfNotPresent.")},
      {"reference", str("Image reference.")},
  }));
  // In-tree plugin sources (openapi/types/core_volume_plugins.cc), mostly deprecated for CSI.
  m.define(core("Volume"), object("A named volume of a pod; exactly one source is set.", {
      {"awsElasticBlockStore", ref_to(core("AWSElasticBlockStoreVolumeSource"), "An AWS EBS volume.")},
      {"azureDisk", ref_to(core("AzureDiskVolumeSource"), "An Azure data disk.")},
      {"azureFile", ref_to(core("AzureFileVolumeSource"), "An Azure File share.")},
      {"cephfs", ref_to(core("CephFSVolumeSource"), "A CephFS mount.")},
      {"cinder", ref_to(core("CinderVolumeSource"), "An OpenStack Cinder volume.")},
      {"configMap", ref_to(core("ConfigMapVolumeSource"), "A ConfigMap.")},
      {"csi", ref_to(core("CSIVolumeSource"), "A CSI inline volume.")},
      {"downwardAPI", ref_to(core("DownwardAPIVolumeSource"), "Pod fields.")},
      {"emptyDir", ref_to(core("EmptyDirVolumeSource"), "A temporary directory.")},
      {"ephemeral", ref_to(core("EphemeralVolumeSource"), "A PVC living with the pod.")},
      {"fc", ref_to(core("FCVolumeSource"), "A Fibre Channel volume.")},
      {"flexVolume", ref_to(core("FlexVolumeSource"), "A FlexVolume driver's volume.")},
      {"flocker", ref_to(core("FlockerVolumeSource"), "A Flocker volume.")},
      {"gcePersistentDisk", ref_to(core("GCEPersistentDiskVolumeSource"), "A GCE persistent disk.")},
      {"gitRepo", ref_to(core("GitRepoVolumeSource"), "A cloned git repository.")},
      {"glusterfs", ref_to(core("GlusterfsVolumeSource"), "A Glusterfs mount.")},
      {"hostPath", ref_to(core("HostPathVolumeSource"), "A path of the node.")},
      {"image", ref_to(core("ImageVolumeSource"), "An OCI image.")},
      {"iscsi", ref_to(core("ISCSIVolumeSource"), "An iSCSI disk.")},
      {"name", str("Volume name, unique within the pod (DNS label)."), kRequired},
      {"nfs", ref_to(core("NFSVolumeSource"), "An NFS export.")},
      {"persistentVolumeClaim", ref_to(core("PersistentVolumeClaimVolumeSource"), "A PVC.")},
      {"photonPersistentDisk", ref_to(core("PhotonPersistentDiskVolumeSource"), "A Photon persistent disk.")},
      {"portworxVolume", ref_to(core("PortworxVolumeSource"), "A Portworx volume.")},
      {"projected", ref_to(core("ProjectedVolumeSource"), "Projected sources.")},
      {"quobyte", ref_to(core("QuobyteVolumeSource"), "A Quobyte mount.")},
      {"rbd", ref_to(core("RBDVolumeSource"), "A Rados Block Device.")},
      {"scaleIO", ref_to(core("ScaleIOVolumeSource"), "A ScaleIO volume.")},
      {"secret", ref_to(core("SecretVolumeSource"), "A Secret.")},
      {"storageos", ref_to(core("StorageOSVolumeSource"), "A StorageOS volume.")},
      {"vsphereVolume", ref_to(core("VsphereVirtualDiskVolumeSource"), "A vSphere virtual disk.")},
  }));
}

void add_scheduling(SchemaModel& m) {
  m.define(core("NodeSelectorRequirement"), object("A test on a node label or field.", {
      {"key", str("Label key or field name."), kRequired},
      {"operator", str("In, NotIn, Exists, DoesNotExist, Gt or Lt."), kRequired},
      {"values", strings("Values to compare with.")},
  }));
  m.define(core("NodeSelectorTerm"), [] {
    SchemaPtr s = object("Requirements ANDed together.", {
        {"matchExpressions", atomic_list(ref_to(core("NodeSelectorRequirement")), "On node labels.")},
        {"matchFields", atomic_list(ref_to(core("NodeSelectorRequirement")), "On node fields.")},
    });
    s->map_type = "atomic";
    return s;
  }());
  m.define(core("NodeSelector"), [] {
    SchemaPtr s = object("Terms ORed together.", {
        {"nodeSelectorTerms", atomic_list(ref_to(core("NodeSelectorTerm")), "The terms."), kRequired},
    });
    s->map_type = "atomic";
    return s;
  }());
  m.define(core("PreferredSchedulingTerm"), object("A weighted node preference.", {
      {"preference", ref_to(core("NodeSelectorTerm"), "The preferred nodes."), kRequired},
      {"weight", int32("Weight, 1-100."), kRequired},
  }));
  m.define(core("NodeAffinity"), object("Node affinity rules.", {
      {"preferredDuringSchedulingIgnoredDuringExecution",
       atomic_list(ref_to(core("PreferredSchedulingTerm")), "Preferences.")},
      {"requiredDuringSchedulingIgnoredDuringExecution", ref_to(core("NodeSelector"), "Hard requirements.")},
  }));
  m.define(core("PodAffinityTerm"), object("Pods to be near (or away from), by topology.", {
      {"labelSelector", ref_to(meta("LabelSelector"), "Which pods.")},
      {"matchLabelKeys", strings("Label keys whose values are taken from the incoming pod.")},
      {"mismatchLabelKeys", strings("Label keys whose values must differ.")},
      {"namespaceSelector", ref_to(meta("LabelSelector"), "Which namespaces.")},
      {"namespaces", strings("Namespace names.")},
      {"topologyKey", str("Node label defining the topology domain."), kRequired},
  }));
  m.define(core("WeightedPodAffinityTerm"), object("A weighted pod affinity term.", {
      {"podAffinityTerm", ref_to(core("PodAffinityTerm"), "The term."), kRequired},
      {"weight", int32("Weight, 1-100."), kRequired},
  }));
  for (const char* name : {"PodAffinity", "PodAntiAffinity"}) {
    m.define(core(name), object("Inter-pod (anti-)affinity rules.", {
        {"preferredDuringSchedulingIgnoredDuringExecution",
         atomic_list(ref_to(core("WeightedPodAffinityTerm")), "Preferences.")},
        {"requiredDuringSchedulingIgnoredDuringExecution",
         atomic_list(ref_to(core("PodAffinityTerm")), "Hard requirements.")},
    }));
  }
  m.define(core("Affinity"), object("Scheduling constraints.", {
      {"nodeAffinity", ref_to(core("NodeAffinity"), "Node affinity.")},
      {"podAffinity", ref_to(core("PodAffinity"), "Pod affinity.")},
      {"podAntiAffinity", ref_to(core("PodAntiAffinity"), "Pod anti-affinity.")},
  }));
  m.define(core("Toleration"), object("Lets a pod be scheduled on nodes with a matching taint.", {
      {"effect", str("NoSchedule, PreferNoSchedule or NoExecute; all when empty.")},
      {"key", str("Taint key; all keys when empty with operator Exists.")},
      {"operator", str("Exists or Equal.")},
      {"tolerationSeconds", int64("How long a NoExecute taint is tolerated.")},
      {"value", str("Taint value for Equal.")},
  }));
  m.define(core("TopologySpreadConstraint"), object("How to spread matching pods over topology domains.", {
      {"labelSelector", ref_to(meta("LabelSelector"), "Pods counted.")},
      {"matchLabelKeys", strings("Label keys taken from the incoming pod.")},
      {"maxSkew", int32("Allowed difference between domains."), kRequired},
      {"minDomains", int32("Minimum number of eligible domains.")},
      {"nodeAffinityPolicy", str("Honor or Ignore.")},
      {"nodeTaintsPolicy", str("Honor or Ignore.")},
      {"topologyKey", str("Node label defining the domain."), kRequired},
      {"whenUnsatisfiable", str("DoNotSchedule or ScheduleAnyway."), kRequired},
  }));
}

void add_pod_spec(SchemaModel& m) {
  m.define(core("LocalObjectReference"), [] {
    SchemaPtr s = object("Names an object in the same namespace.", {
        {"name", str("Name of the referent.")},
    });
    s->map_type = "atomic";
    return s;
  }());
  m.define(core("HostAlias"), object("An /etc/hosts entry.", {
      {"hostnames", strings("Host names for the IP.")},
      {"ip", str("The IP address."), kRequired},
  }));
  m.define(core("PodDNSConfigOption"), object("A resolver option.", {
      {"name", str("Option name.")}, {"value", str("Option value.")},
  }));
  m.define(core("PodDNSConfig"), object("DNS settings of a pod beyond dnsPolicy.", {
      {"nameservers", strings("Name server IPs.")},
      {"options", atomic_list(ref_to(core("PodDNSConfigOption")), "Resolver options.")},
      {"searches", strings("Search domains.")},
  }));
  m.define(core("PodOS"), object("Operating system of the pod.", {
      {"name", str("linux or windows."), kRequired},
  }));
  m.define(core("PodReadinessGate"), object("An extra condition for pod readiness.", {
      {"conditionType", str("A condition type of the pod."), kRequired},
  }));
  m.define(core("PodSchedulingGate"), object("Blocks scheduling while present.", {
      {"name", str("Gate name."), kRequired},
  }));
  m.define(core("PodResourceClaim"), object("A resource claim of the pod.", {
      {"name", str("Name used by containers."), kRequired},
      {"resourceClaimName", str("An existing ResourceClaim.")},
      {"resourceClaimTemplateName", str("A template to create a claim from.")},
  }));
  m.define(core("PodSpec"), object("The desired state of a pod.", {
      {"activeDeadlineSeconds", int64("Seconds the pod may be active before it is failed.")},
      {"affinity", ref_to(core("Affinity"), "Scheduling constraints.")},
      {"automountServiceAccountToken", boolean("Mount the service account token.")},
      {"containers", merge_list(ref_to(core("Container")), "name", {}, "The containers of the pod; at least one."), kRequired},
      {"dnsConfig", ref_to(core("PodDNSConfig"), "DNS parameters.")},
      {"dnsPolicy", str_enum({"ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"}, "DNS policy.")},
      {"enableServiceLinks", boolean("Inject service environment variables.")},
      {"ephemeralContainers", merge_list(ref_to(core("EphemeralContainer")), "name", {}, "Debugging containers.")},
      {"hostAliases", merge_list(ref_to(core("HostAlias")), "ip", {}, "Extra /etc/hosts entries.")},
      {"hostIPC", boolean("Use the host's IPC namespace.")},
      {"hostNetwork", boolean("Use the host's network namespace.")},
      {"hostPID", boolean("Use the host's PID namespace.")},
      {"hostUsers", boolean("Use the host's user namespace.")},
      {"hostname", str("Host name of the pod; the pod name by default.")},
      {"imagePullSecrets", merge_list(ref_to(core("LocalObjectReference")), "name", {}, "Secrets used to pull images.")},
      {"initContainers", merge_list(ref_to(core("Container")), "name", {}, "Containers run in order before the app containers.")},
      {"nodeName", str("The node the pod is bound to.")},
      {"nodeSelector", [] {
         SchemaPtr s = string_map("Labels a node must have.");
         s->map_type = "atomic";
         return s;
       }()},
      {"os", ref_to(core("PodOS"), "Operating system.")},
      {"overhead", map_of(quantity(), "Resources of the pod sandbox.")},
      {"preemptionPolicy", str("PreemptLowerPriority or Never.")},
      {"priority", int32("Priority value, set from priorityClassName.")},
      {"priorityClassName", str("Priority class.")},
      {"readinessGates", atomic_list(ref_to(core("PodReadinessGate")), "Extra readiness conditions.")},
      {"resourceClaims", with_strategy(merge_list(ref_to(core("PodResourceClaim")), "name"), "merge,retainKeys")},
      {"resources", ref_to(core("ResourceRequirements"), "Pod-level resources.")},
      {"restartPolicy", str_enum({"Always", "OnFailure", "Never"}, "Restart policy of the containers.")},
      {"runtimeClassName", str("RuntimeClass to run with.")},
      {"schedulerName", str("Scheduler to dispatch the pod.")},
      {"schedulingGates", merge_list(ref_to(core("PodSchedulingGate")), "name", {}, "Gates blocking scheduling.")},
      {"securityContext", ref_to(core("PodSecurityContext"), "Pod-level security options.")},
      {"serviceAccount", str("Deprecated alias of serviceAccountName.")},
      {"serviceAccountName", str("ServiceAccount the pod runs as.")},
      {"setHostnameAsFQDN", boolean("Set the hostname to the FQDN.")},
      {"shareProcessNamespace", boolean("Share one PID namespace among containers.")},
      {"subdomain", str("Subdomain of the pod's FQDN.")},
      {"terminationGracePeriodSeconds", int64("Seconds between SIGTERM and SIGKILL.")},
      {"tolerations", atomic_list(ref_to(core("Toleration")), "Taints tolerated.")},
      {"topologySpreadConstraints",
       merge_list(ref_to(core("TopologySpreadConstraint")), "topologyKey", {"topologyKey", "whenUnsatisfiable"},
                  "Spreading over topology domains.")},
      {"volumes", with_strategy(merge_list(ref_to(core("Volume")), "name", {}, "Volumes the containers can mount."),
                                "merge,retainKeys")},
  }));
  m.define(core("PodTemplateSpec"), object("The pods a controller creates: their metadata and spec.", {
      {"metadata", object_meta()},
      {"spec", ref_to(core("PodSpec"), "Spec of the pods.")},
  }));
}

void add_pod_status(SchemaModel& m) {
  m.define(core("PodCondition"), object("One aspect of a pod's state.", {
      {"lastProbeTime", timestamp("When the condition was last probed.")},
      {"lastTransitionTime", timestamp("When the status last changed.")},
      {"message", str("Human readable details.")},
      {"reason", str("CamelCase reason.")},
      {"status", str("True, False or Unknown."), kRequired},
      {"type", str("PodScheduled, Ready, Initialized, ContainersReady, ..."), kRequired},
  }));
  m.define(core("ContainerStateRunning"), object("A running container.", {
      {"startedAt", timestamp("When it started.")},
  }));
  m.define(core("ContainerStateTerminated"), object("A terminated container.", {
      {"containerID", str("Container ID.")},
      {"exitCode", int32("Exit code."), kRequired},
      {"finishedAt", timestamp("When it finished.")},
      {"message", str("Message.")},
      {"reason", str("Reason, e.g. Completed, Error, OOMKilled.")},
      {"signal", int32("Signal that killed it.")},
      {"startedAt", timestamp("When it started.")},
  }));
  m.define(core("ContainerStateWaiting"), object("A container not yet running.", {
      {"message", str("Message.")},
      {"reason", str("Reason, e.g. ContainerCreating, CrashLoopBackOff.")},
  }));
  m.define(core("ContainerState"), object("State of a container; one member is set.", {
      {"running", ref_to(core("ContainerStateRunning"), "Running.")},
      {"terminated", ref_to(core("ContainerStateTerminated"), "Terminated.")},
      {"waiting", ref_to(core("ContainerStateWaiting"), "Waiting.")},
  }));
  m.define(core("VolumeMountStatus"), object("How a volume is mounted in a running container.", {
      {"mountPath", str("Path in the container."), kRequired},
      {"name", str("Name of the pod volume."), kRequired},
      {"readOnly", boolean("Mounted read-only.")},
      {"recursiveReadOnly", str("Disabled, Enabled or empty when not read-only.")},
  }));
  m.define(core("LinuxContainerUser"), object("Identity of a container's first process on Linux.", {
      {"gid", int64("Primary GID."), kRequired},
      {"supplementalGroups", atomic_list(int64(), "Supplementary GIDs.")},
      {"uid", int64("UID."), kRequired},
  }));
  m.define(core("ContainerUser"), object("Identity of a container's first process.", {
      {"linux", ref_to(core("LinuxContainerUser"), "On Linux.")},
  }));
  m.define(core("ResourceHealth"), object("Health of one device allocated to a container.", {
      {"health", str("Healthy, Unhealthy or Unknown.")},
      {"resourceID", str("Device ID, unique within its resource."), kRequired},
  }));
  m.define(core("ResourceStatus"), object("Health of the devices of one allocated resource.", {
      {"name", str("Resource name: a device plugin resource or claim:<claim>/<request>."), kRequired},
      {"resources", keyed_list(ref_to(core("ResourceHealth")), "resourceID", "One entry per device.")},
  }));
  m.define(core("ContainerStatus"), object("Observed state of one container.", {
      {"allocatedResources", map_of(quantity(), "Resources allocated by the node.")},
      {"allocatedResourcesStatus", merge_list(ref_to(core("ResourceStatus")), "name", {},
                                              "Health of the allocated resources.")},
      {"containerID", str("Runtime ID of the container.")},
      {"image", str("Image it runs."), kRequired},
      {"imageID", str("Image ID it runs."), kRequired},
      {"lastState", ref_to(core("ContainerState"), "State of the previous run.")},
      {"name", str("Container name."), kRequired},
      {"ready", boolean("Whether it passes its readiness probe."), kRequired},
      {"resources", ref_to(core("ResourceRequirements"), "Resources applied.")},
      {"restartCount", int32("Number of restarts."), kRequired},
      {"started", boolean("Whether it passed its startup probe.")},
      {"state", ref_to(core("ContainerState"), "Current state.")},
      {"user", ref_to(core("ContainerUser"), "Identity the first process runs as.")},
      {"volumeMounts", merge_list(ref_to(core("VolumeMountStatus")), "mountPath", {}, "Mounts as applied.")},
  }));
  m.define(core("HostIP"), object("An IP of the pod's node.", {{"ip", str("The IP."), kRequired}}));
  m.define(core("PodIP"), object("An IP of the pod.", {{"ip", str("The IP."), kRequired}}));
  m.define(core("PodResourceClaimStatus"), object("The ResourceClaim made for a pod's claim template.", {
      {"name", str("Entry of spec.resourceClaims."), kRequired},
      {"resourceClaimName", str("Name of the generated claim; unset when none was needed.")},
  }));
  m.define(core("PodStatus"), object("The observed state of a pod.", {
      {"conditions", merge_list(ref_to(core("PodCondition")), "type", {}, "Current conditions.")},
      {"containerStatuses", atomic_list(ref_to(core("ContainerStatus")), "One per container.")},
      {"ephemeralContainerStatuses", atomic_list(ref_to(core("ContainerStatus")), "One per ephemeral container.")},
      {"hostIP", str("IP of the node.")},
      {"hostIPs", merge_list(ref_to(core("HostIP")), "ip", {}, "IPs of the node.")},
      {"initContainerStatuses", atomic_list(ref_to(core("ContainerStatus")), "One per init container.")},
      {"message", str("Why the pod is in this phase.")},
      {"nominatedNodeName", str("Node the pod may be scheduled on after preemption.")},
      {"phase", str_enum({"Pending", "Running", "Succeeded", "Failed", "Unknown"}, "Lifecycle phase.")},
      {"podIP", str("IP of the pod.")},
      {"podIPs", merge_list(ref_to(core("PodIP")), "ip", {}, "IPs of the pod.")},
      {"qosClass", str("Guaranteed, Burstable or BestEffort.")},
      {"reason", str("CamelCase reason, e.g. Evicted.")},
      {"resize", str("Status of a resize.")},
      {"resourceClaimStatuses", with_strategy(merge_list(ref_to(core("PodResourceClaimStatus")), "name", {},
                                                         "Claims generated from templates."),
                                              "merge,retainKeys")},
      {"startTime", timestamp("When the kubelet acknowledged the pod.")},
  }));
}

}  // namespace

void add_core_pod_types(SchemaModel& m) {
  add_containers(m);
  add_probes_and_security(m);
  add_volumes(m);
  add_scheduling(m);
  add_pod_spec(m);
  add_pod_status(m);
  define_kind_and_list(m, core("Pod"), {"", "v1", "Pod"}, "A group of containers scheduled together on one node.", {
      {"spec", ref_to(core("PodSpec"), "Desired state of the pod.")},
      {"status", ref_to(core("PodStatus"), "Observed state of the pod. Read-only.")},
  });
}

}  // namespace kapi::openapi::types
