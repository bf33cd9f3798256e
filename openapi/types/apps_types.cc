// apps/v1: Deployment, ReplicaSet, StatefulSet, DaemonSet, ControllerRevision.
#include "openapi/schema_builder.h"
#include "openapi/types/types.h"

namespace kapi::openapi::types {
using namespace dsl;

namespace {

SchemaPtr conditions(const std::string& type) {
  return merge_list(ref_to(apps(type)), "type", {}, "Current conditions.");
}

SchemaPtr selector() { return ref_to(meta("LabelSelector"), "Pods this object manages; must match the template's labels."); }
SchemaPtr pod_template() { return ref_to(core("PodTemplateSpec"), "Template of the pods created."); }

void define_kind(SchemaModel& m, const std::string& type, const std::string& description,
                 std::vector<Field> fields) {
  define_kind_and_list(m, apps(type), {"apps", "v1", type}, description, std::move(fields));
}

void add_deployment(SchemaModel& m) {
  m.define(apps("RollingUpdateDeployment"), object("Rolling update parameters.", {
      {"maxSurge", int_or_string("Pods above the desired count during an update; 25% by default.")},
      {"maxUnavailable", int_or_string("Pods that may be unavailable during an update; 25% by default.")},
  }));
  m.define(apps("DeploymentStrategy"), object("How old pods are replaced by new ones.", {
      {"rollingUpdate", ref_to(apps("RollingUpdateDeployment"), "Parameters when type is RollingUpdate.")},
      {"type", str_enum({"Recreate", "RollingUpdate"}, "Recreate or RollingUpdate (default).")},
  }));
  m.define(apps("DeploymentSpec"), object("Desired state of a deployment.", {
      {"minReadySeconds", int32("Seconds a new pod must be ready to count as available.")},
      {"paused", boolean("Pause rollouts.")},
      {"progressDeadlineSeconds", int32("Seconds before a stalled rollout is reported failed.")},
      {"replicas", int32("Desired number of pods; 1 by default.")},
      {"revisionHistoryLimit", int32("Old ReplicaSets kept for rollback; 10 by default.")},
      {"selector", selector(), kRequired},
      // retainKeys: switching type to Recreate must drop rollingUpdate (upstream's tag).
      {"strategy", with_strategy(ref_to(apps("DeploymentStrategy"), "How pods are replaced."), "retainKeys")},
      {"template", pod_template(), kRequired},
  }));
  m.define(apps("DeploymentCondition"), condition("deployment", {"lastUpdateTime"}));
  m.define(apps("DeploymentStatus"), object("Observed state of a deployment.", {
      {"availableReplicas", int32("Available pods.")},
      {"collisionCount", int32("Hash collisions of the template.")},
      {"conditions", conditions("DeploymentCondition")},
      {"observedGeneration", int64("Generation last acted on.")},
      {"readyReplicas", int32("Ready pods.")},
      {"replicas", int32("Pods targeted.")},
      {"terminatingReplicas", int32("Pods terminating.")},
      {"unavailableReplicas", int32("Pods not available.")},
      {"updatedReplicas", int32("Pods with the current template.")},
  }));
  define_kind(m, "Deployment", "Declarative updates for pods through ReplicaSets.", {
      {"spec", ref_to(apps("DeploymentSpec"), "Desired state.")},
      {"status", ref_to(apps("DeploymentStatus"), "Observed state. Read-only.")},
  });
}

void add_replicaset(SchemaModel& m) {
  m.define(apps("ReplicaSetSpec"), object("Desired state of a replica set.", {
      {"minReadySeconds", int32("Seconds a new pod must be ready to count as available.")},
      {"replicas", int32("Desired number of pods; 1 by default.")},
      {"selector", selector(), kRequired},
      {"template", pod_template()},
  }));
  m.define(apps("ReplicaSetCondition"), condition("replica set"));
  m.define(apps("ReplicaSetStatus"), object("Observed state of a replica set.", {
      {"availableReplicas", int32("Available pods.")},
      {"conditions", conditions("ReplicaSetCondition")},
      {"fullyLabeledReplicas", int32("Pods whose labels match the template's.")},
      {"observedGeneration", int64("Generation last acted on.")},
      {"readyReplicas", int32("Ready pods.")},
      {"replicas", int32("Current number of pods."), kRequired},
      {"terminatingReplicas", int32("Pods terminating.")},
  }));
  define_kind(m, "ReplicaSet", "Keeps a number of identical pods running.", {
      {"spec", ref_to(apps("ReplicaSetSpec"), "Desired state.")},
      {"status", ref_to(apps("ReplicaSetStatus"), "Observed state. Read-only.")},
  });
}

void add_statefulset(SchemaModel& m) {
  m.define(apps("RollingUpdateStatefulSetStrategy"), object("Rolling update parameters.", {
      {"maxUnavailable", int_or_string("Pods that may be unavailable during an update.")},
      {"partition", int32("Ordinals below this keep the old revision.")},
  }));
  m.define(apps("StatefulSetUpdateStrategy"), object("How pods are updated.", {
      {"rollingUpdate", ref_to(apps("RollingUpdateStatefulSetStrategy"), "Parameters for RollingUpdate.")},
      {"type", str_enum({"OnDelete", "RollingUpdate"}, "RollingUpdate (default) or OnDelete.")},
  }));
  m.define(apps("StatefulSetOrdinals"), object("Numbering of the pods.", {
      {"start", int32("First ordinal; 0 by default.")},
  }));
  m.define(apps("StatefulSetPersistentVolumeClaimRetentionPolicy"), object("What happens to claims from volumeClaimTemplates.", {
      {"whenDeleted", str_enum({"Retain", "Delete"}, "When the set is deleted.")},
      {"whenScaled", str_enum({"Retain", "Delete"}, "When the set is scaled down.")},
  }));
  m.define(apps("StatefulSetSpec"), object("Desired state of a stateful set.", {
      {"minReadySeconds", int32("Seconds a new pod must be ready to count as available.")},
      {"ordinals", ref_to(apps("StatefulSetOrdinals"), "Pod numbering.")},
      {"persistentVolumeClaimRetentionPolicy",
       ref_to(apps("StatefulSetPersistentVolumeClaimRetentionPolicy"), "Claim retention.")},
      {"podManagementPolicy", str_enum({"OrderedReady", "Parallel"}, "How pods are created and deleted.")},
      {"replicas", int32("Desired number of pods; 1 by default.")},
      {"revisionHistoryLimit", int32("Revisions kept; 10 by default.")},
      {"selector", selector(), kRequired},
      {"serviceName", str("Headless service giving the pods their network identity.")},
      {"template", pod_template(), kRequired},
      {"updateStrategy", ref_to(apps("StatefulSetUpdateStrategy"), "How pods are updated.")},
      {"volumeClaimTemplates", atomic_list(ref_to(core("PersistentVolumeClaim")),
                                           "Claims each pod gets, named <template>-<set>-<ordinal>.")},
  }));
  m.define(apps("StatefulSetCondition"), condition("stateful set"));
  m.define(apps("StatefulSetStatus"), object("Observed state of a stateful set.", {
      {"availableReplicas", int32("Available pods.")},
      {"collisionCount", int32("Hash collisions of the template.")},
      {"conditions", conditions("StatefulSetCondition")},
      {"currentReplicas", int32("Pods at currentRevision.")},
      {"currentRevision", str("Revision of the older pods.")},
      {"observedGeneration", int64("Generation last acted on.")},
      {"readyReplicas", int32("Ready pods.")},
      {"replicas", int32("Pods created."), kRequired},
      {"updateRevision", str("Revision of the newest pods.")},
      {"updatedReplicas", int32("Pods at updateRevision.")},
  }));
  define_kind(m, "StatefulSet", "Pods with stable identities and storage.", {
      {"spec", ref_to(apps("StatefulSetSpec"), "Desired state.")},
      {"status", ref_to(apps("StatefulSetStatus"), "Observed state. Read-only.")},
  });
}

void add_daemonset(SchemaModel& m) {
  m.define(apps("RollingUpdateDaemonSet"), object("Rolling update parameters.", {
      {"maxSurge", int_or_string("Nodes that may run an extra pod during an update.")},
      {"maxUnavailable", int_or_string("Nodes whose pod may be unavailable during an update.")},
  }));
  m.define(apps("DaemonSetUpdateStrategy"), object("How daemon pods are updated.", {
      {"rollingUpdate", ref_to(apps("RollingUpdateDaemonSet"), "Parameters for RollingUpdate.")},
      {"type", str_enum({"OnDelete", "RollingUpdate"}, "RollingUpdate (default) or OnDelete.")},
  }));
  m.define(apps("DaemonSetSpec"), object("Desired state of a daemon set.", {
      {"minReadySeconds", int32("Seconds a new pod must be ready to count as available.")},
      {"revisionHistoryLimit", int32("Revisions kept; 10 by default.")},
      {"selector", selector(), kRequired},
      {"template", pod_template(), kRequired},
      {"updateStrategy", ref_to(apps("DaemonSetUpdateStrategy"), "How pods are updated.")},
  }));
  m.define(apps("DaemonSetCondition"), condition("daemon set"));
  m.define(apps("DaemonSetStatus"), object("Observed state of a daemon set.", {
      {"collisionCount", int32("Hash collisions of the template.")},
      {"conditions", conditions("DaemonSetCondition")},
      {"currentNumberScheduled", int32("Nodes running a daemon pod that should."), kRequired},
      {"desiredNumberScheduled", int32("Nodes that should run a daemon pod."), kRequired},
      {"numberAvailable", int32("Nodes with an available daemon pod.")},
      {"numberMisscheduled", int32("Nodes running a daemon pod that should not."), kRequired},
      {"numberReady", int32("Nodes with a ready daemon pod."), kRequired},
      {"numberUnavailable", int32("Nodes without an available daemon pod.")},
      {"observedGeneration", int64("Generation last acted on.")},
      {"updatedNumberScheduled", int32("Nodes running the updated pod.")},
  }));
  define_kind(m, "DaemonSet", "One pod on each eligible node.", {
      {"spec", ref_to(apps("DaemonSetSpec"), "Desired state.")},
      {"status", ref_to(apps("DaemonSetStatus"), "Observed state. Read-only.")},
  });
}

}  // namespace

void add_apps_types(SchemaModel& m) {
  add_deployment(m);
  add_replicaset(m);
  add_statefulset(m);
  add_daemonset(m);
  define_kind(m, "ControllerRevision", "An immutable snapshot of a controller's state, for rollbacks.", {
      {"data", ref_to(kRawExtension, "The serialized state.")},
      {"revision", int64("Revision number."), kRequired},
  });
}

}  // namespace kapi::openapi::types
