// Protobuf field numbers of core/v1 Pod and the types a pod template holds (k8s.io/api
// core/v1/generated.proto). Go embedded structs (a selector's LocalObjectReference, Probe's
// ProbeHandler, Volume's VolumeSource, EphemeralContainer's common part) are nested messages on
// the wire: see embedded().
#include "openapi/proto_fields.h"
#include "openapi/schema_builder.h"
#include "openapi/types/types.h"

namespace kapi::openapi::types {
using namespace dsl;

namespace {

// Container and EphemeralContainerCommon share these numbers (1-24, no gaps).
std::vector<ProtoField> container_fields() {
  return {"name", "image", "command", "args", "workingDir", "ports", "env", "resources", "volumeMounts",
          "livenessProbe", "readinessProbe", "lifecycle", "terminationMessagePath", "imagePullPolicy",
          "securityContext", "stdin", "stdinOnce", "tty", "envFrom", "terminationMessagePolicy", "volumeDevices",
          "startupProbe", "resizePolicy", nullable("restartPolicy")};
}

// The LocalObjectReference many selectors embed: its only field, name, is field 1 of message 1.
ProtoField local_object_reference() { return embedded(1, {"name"}); }

void number_containers(SchemaModel& m) {
  number_fields(m, core("Container"), container_fields());
  number_fields(m, core("EphemeralContainer"), {embedded(1, container_fields()), "targetContainerName"});
  number_fields(m, core("ContainerPort"), {"name", "hostPort", "containerPort", "protocol", "hostIP"});
  number_fields(m, core("EnvVar"), {"name", "value", "valueFrom"});
  number_fields(m, core("EnvVarSource"), {"fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef"});
  for (const char* selector : {"ConfigMapKeySelector", "SecretKeySelector"}) {
    number_fields(m, core(selector), {local_object_reference(), "key", nullable("optional")});
  }
  number_fields(m, core("ObjectFieldSelector"), {"apiVersion", "fieldPath"});
  number_fields(m, core("ResourceFieldSelector"), {"containerName", "resource", "divisor"});
  number_fields(m, core("EnvFromSource"), {"prefix", "configMapRef", "secretRef"});
  for (const char* source : {"ConfigMapEnvSource", "SecretEnvSource"}) {
    number_fields(m, core(source), {local_object_reference(), nullable("optional")});
  }
  number_fields(m, core("VolumeMount"), {
      "name", "readOnly", "mountPath", "subPath", nullable("mountPropagation"), "subPathExpr",
      nullable("recursiveReadOnly")});
  number_fields(m, core("VolumeDevice"), {"name", "devicePath"});
  number_fields(m, core("ResourceClaim"), {"name", "request"});
  number_fields(m, core("ResourceRequirements"), {"limits", "requests", "claims"});
  number_fields(m, core("ContainerResizePolicy"), {"resourceName", "restartPolicy"});
}

void number_probes_and_security(SchemaModel& m) {
  number_fields(m, core("ExecAction"), {"command"});
  number_fields(m, core("HTTPHeader"), {"name", "value"});
  number_fields(m, core("HTTPGetAction"), {"path", "port", "host", "scheme", "httpHeaders"});
  number_fields(m, core("TCPSocketAction"), {"port", "host"});
  number_fields(m, core("GRPCAction"), {"port", nullable("service")});
  number_fields(m, core("SleepAction"), {"seconds"});
  number_fields(m, core("Probe"), {
      embedded(1, {"exec", "httpGet", "tcpSocket", "grpc"}),  // ProbeHandler
      "initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold",
      nullable("terminationGracePeriodSeconds")});
  number_fields(m, core("LifecycleHandler"), {"exec", "httpGet", "tcpSocket", "sleep"});
  number_fields(m, core("Lifecycle"), {"postStart", "preStop"});
  number_fields(m, core("Capabilities"), {"add", "drop"});
  number_fields(m, core("SELinuxOptions"), {"user", "role", "type", "level"});
  number_fields(m, core("SeccompProfile"), {"type", nullable("localhostProfile")});
  number_fields(m, core("AppArmorProfile"), {"type", nullable("localhostProfile")});
  number_fields(m, core("WindowsSecurityContextOptions"), {
      nullable("gmsaCredentialSpecName"), nullable("gmsaCredentialSpec"), nullable("runAsUserName"),
      nullable("hostProcess")});
  number_fields(m, core("SecurityContext"), {
      "capabilities", nullable("privileged"), "seLinuxOptions", nullable("runAsUser"), nullable("runAsNonRoot"),
      nullable("readOnlyRootFilesystem"), nullable("allowPrivilegeEscalation"), nullable("runAsGroup"),
      nullable("procMount"), "windowsOptions", "seccompProfile", "appArmorProfile"});
  number_fields(m, core("Sysctl"), {"name", "value"});
  number_fields(m, core("PodSecurityContext"), {
      "seLinuxOptions", nullable("runAsUser"), nullable("runAsNonRoot"), "supplementalGroups", nullable("fsGroup"),
      nullable("runAsGroup"), "sysctls", "windowsOptions", nullable("fsGroupChangePolicy"), "seccompProfile",
      "appArmorProfile", nullable("supplementalGroupsPolicy"), nullable("seLinuxChangePolicy")});
}

void number_volumes(SchemaModel& m) {
  number_fields(m, core("KeyToPath"), {"key", "path", nullable("mode")});
  number_fields(m, core("ConfigMapVolumeSource"), {
      local_object_reference(), "items", nullable("defaultMode"), nullable("optional")});
  number_fields(m, core("SecretVolumeSource"), {"secretName", "items", nullable("defaultMode"), nullable("optional")});
  number_fields(m, core("EmptyDirVolumeSource"), {"medium", nullable("sizeLimit")});
  number_fields(m, core("HostPathVolumeSource"), {"path", nullable("type")});
  number_fields(m, core("NFSVolumeSource"), {"server", "path", "readOnly"});
  number_fields(m, core("PersistentVolumeClaimVolumeSource"), {"claimName", "readOnly"});
  number_fields(m, core("CSIVolumeSource"), {
      "driver", nullable("readOnly"), nullable("fsType"), "volumeAttributes", "nodePublishSecretRef"});
  number_fields(m, core("DownwardAPIVolumeFile"), {"path", "fieldRef", "resourceFieldRef", nullable("mode")});
  number_fields(m, core("DownwardAPIVolumeSource"), {"items", nullable("defaultMode")});
  for (const char* projection : {"ConfigMapProjection", "SecretProjection"}) {
    number_fields(m, core(projection), {local_object_reference(), "items", nullable("optional", 4)});
  }
  number_fields(m, core("DownwardAPIProjection"), {"items"});
  number_fields(m, core("ServiceAccountTokenProjection"), {"audience", nullable("expirationSeconds"), "path"});
  number_fields(m, core("ClusterTrustBundleProjection"), {
      nullable("name"), nullable("signerName"), "labelSelector", "path", nullable("optional")});
  number_fields(m, core("VolumeProjection"), {
      "secret", "downwardAPI", "configMap", "serviceAccountToken", "clusterTrustBundle"});
  number_fields(m, core("ProjectedVolumeSource"), {"sources", nullable("defaultMode")});
  number_fields(m, core("PersistentVolumeClaimTemplate"), {"metadata", "spec"});
  number_fields(m, core("EphemeralVolumeSource"), {"volumeClaimTemplate"});
  number_fields(m, core("ImageVolumeSource"), {"reference", "pullPolicy"});
  number_fields(m, core("Volume"), {
      "name", embedded(2, {  // VolumeSource
          "hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi",
          "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI",
          "fc", "azureFile", "configMap", "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk",
          "portworxVolume", "scaleIO", "projected", "storageos", "csi", "ephemeral", "image"})});
  // The claim an ephemeral volume creates.
  number_fields(m, core("PersistentVolumeClaimSpec"), {
      "accessModes", "resources", "volumeName", "selector", nullable("storageClassName"), nullable("volumeMode"),
      "dataSource", "dataSourceRef", nullable("volumeAttributesClassName")});
  number_fields(m, core("VolumeResourceRequirements"), {"limits", "requests"});
  number_fields(m, core("TypedLocalObjectReference"), {nullable("apiGroup"), "kind", "name"});
  number_fields(m, core("TypedObjectReference"), {nullable("apiGroup"), "kind", "name", nullable("namespace")});
}

void number_scheduling(SchemaModel& m) {
  number_fields(m, core("NodeSelectorRequirement"), {"key", "operator", "values"});
  number_fields(m, core("NodeSelectorTerm"), {"matchExpressions", "matchFields"});
  number_fields(m, core("NodeSelector"), {"nodeSelectorTerms"});
  number_fields(m, core("PreferredSchedulingTerm"), {"weight", "preference"});
  number_fields(m, core("NodeAffinity"), {
      "requiredDuringSchedulingIgnoredDuringExecution", "preferredDuringSchedulingIgnoredDuringExecution"});
  number_fields(m, core("PodAffinityTerm"), {
      "labelSelector", "namespaces", "topologyKey", "namespaceSelector", "matchLabelKeys", "mismatchLabelKeys"});
  number_fields(m, core("WeightedPodAffinityTerm"), {"weight", "podAffinityTerm"});
  for (const char* affinity : {"PodAffinity", "PodAntiAffinity"}) {
    number_fields(m, core(affinity), {
        "requiredDuringSchedulingIgnoredDuringExecution", "preferredDuringSchedulingIgnoredDuringExecution"});
  }
  number_fields(m, core("Affinity"), {"nodeAffinity", "podAffinity", "podAntiAffinity"});
  number_fields(m, core("Toleration"), {"key", "operator", "value", "effect", nullable("tolerationSeconds")});
  number_fields(m, core("TopologySpreadConstraint"), {
      "maxSkew", "topologyKey", "whenUnsatisfiable", "labelSelector", nullable("minDomains"),
      nullable("nodeAffinityPolicy"), nullable("nodeTaintsPolicy"), "matchLabelKeys"});
}

void number_pod_spec(SchemaModel& m) {
  number_fields(m, core("LocalObjectReference"), {"name"});
  number_fields(m, core("HostAlias"), {"ip", "hostnames"});
  number_fields(m, core("PodDNSConfigOption"), {"name", nullable("value")});
  number_fields(m, core("PodDNSConfig"), {"nameservers", "searches", "options"});
  number_fields(m, core("PodOS"), {"name"});
  number_fields(m, core("PodReadinessGate"), {"conditionType"});
  number_fields(m, core("PodSchedulingGate"), {"name"});
  number_fields(m, core("PodResourceClaim"), {
      "name", nullable("resourceClaimName", 3), nullable("resourceClaimTemplateName")});
  // 1-40 without gaps.
  number_fields(m, core("PodSpec"), {
      "volumes", "containers", "restartPolicy", nullable("terminationGracePeriodSeconds"),
      nullable("activeDeadlineSeconds"), "dnsPolicy", "nodeSelector", "serviceAccountName", "serviceAccount",
      "nodeName", "hostNetwork", "hostPID", "hostIPC", "securityContext", "imagePullSecrets", "hostname",
      "subdomain", "affinity", "schedulerName", "initContainers", nullable("automountServiceAccountToken"),
      "tolerations", "hostAliases", "priorityClassName", nullable("priority"), "dnsConfig",
      nullable("shareProcessNamespace"), "readinessGates", nullable("runtimeClassName"),
      nullable("enableServiceLinks"), nullable("preemptionPolicy"), "overhead", "topologySpreadConstraints",
      "ephemeralContainers", nullable("setHostnameAsFQDN"), "os", nullable("hostUsers"), "schedulingGates",
      "resourceClaims", "resources"});
  number_fields(m, core("PodTemplateSpec"), {"metadata", "spec"});
}

void number_pod_status(SchemaModel& m) {
  number_fields(m, core("PodCondition"), {
      "type", "status", "lastProbeTime", "lastTransitionTime", "reason", "message"});
  number_fields(m, core("ContainerStateRunning"), {"startedAt"});
  number_fields(m, core("ContainerStateTerminated"), {
      "exitCode", "signal", "reason", "message", "startedAt", "finishedAt", "containerID"});
  number_fields(m, core("ContainerStateWaiting"), {"reason", "message"});
  number_fields(m, core("ContainerState"), {"waiting", "running", "terminated"});
  number_fields(m, core("ContainerStatus"), {
      "name", "state", "lastState", "ready", "restartCount", "image", "imageID", "containerID",
      nullable("started"), "allocatedResources", "resources", "volumeMounts", "user", "allocatedResourcesStatus"});
  number_fields(m, core("VolumeMountStatus"), {"name", "mountPath", "readOnly", nullable("recursiveReadOnly")});
  number_fields(m, core("ContainerUser"), {"linux"});
  number_fields(m, core("LinuxContainerUser"), {"uid", "gid", "supplementalGroups"});
  number_fields(m, core("ResourceStatus"), {"name", "resources"});
  number_fields(m, core("ResourceHealth"), {"resourceID", "health"});
  number_fields(m, core("PodResourceClaimStatus"), {"name", nullable("resourceClaimName")});
  number_fields(m, core("HostIP"), {"ip"});
  number_fields(m, core("PodIP"), {"ip"});
  number_fields(m, core("PodStatus"), {
      "phase", "conditions", "message", "reason", "hostIP", "podIP", "startTime", "containerStatuses", "qosClass",
      "initContainerStatuses", "nominatedNodeName", "podIPs", "ephemeralContainerStatuses", "resize",
      "resourceClaimStatuses", "hostIPs"});
}

}  // namespace

void number_core_pod_types(SchemaModel& m) {
  number_containers(m);
  number_probes_and_security(m);
  number_volumes(m);
  number_scheduling(m);
  number_pod_spec(m);
  number_pod_status(m);
  number_fields(m, core("Pod"), {"metadata", "spec", "status"});
}

}  // namespace kapi::openapi::types
