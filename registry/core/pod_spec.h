// PodSpec and PodTemplateSpec rules shared by Pods and every workload template (Deployment,
// ReplicaSet, StatefulSet, DaemonSet, ReplicationController, PodTemplate, Job...), as upstream's
// pkg/apis/core/v1/defaults.go and pkg/apis/core/validation. Field paths in errors start at the
// `path` the caller passes, e.g. "spec" for a Pod or "spec.template.spec" for a workload, so
// messages read `spec.template.spec.containers[0].image: Required value`.
#pragma once

#include <string_view>

#include "registry/validation/field_checks.h"

namespace kapi::registry::core {

// SetDefaults_PodSpec and the defaults of what a PodSpec holds: restartPolicy Always, dnsPolicy
// ClusterFirst, terminationGracePeriodSeconds 30, schedulerName default-scheduler,
// securityContext {}; per container (init and ephemeral too) terminationMessagePath
// /dev/termination-log, terminationMessagePolicy File, imagePullPolicy by tag (Always for
// `latest` or no tag, else IfNotPresent), ports protocol TCP, probe timings, fieldRef apiVersion
// v1; volumes without a source become emptyDir, secret/configMap/downwardAPI/projected
// defaultMode 420, hostPath type "".
void default_pod_spec(json& spec);

// SetDefaults_Pod: what only a Pod gets, never a template (upstream keeps these out of
// templates so that workloads do not roll on upgrade): enableServiceLinks true, requests copied
// from limits, hostPort = containerPort under hostNetwork. Call after default_pod_spec.
void default_pod_only(json& spec);

// A PodTemplateSpec ({metadata, spec}): default_pod_spec on its spec.
void default_pod_template_spec(json& tmpl);

// Quantities of container resources in canonical form, rounded up to milli units as upstream's
// SetDefaults_ResourceList does ("1.5" cpu → "1500m", "1Gi" stays).
void canonicalize_pod_spec(json& spec);
void canonicalize_pod_template_spec(json& tmpl);

// ValidatePodSpec: containers (required, names DNS-1123 labels unique across init and regular
// containers, image required, enums, ports, env names, resource quantities and requests <=
// limits, volumeMounts naming a volume with a unique mountPath), volumes (names unique, exactly
// one source), restartPolicy, dnsPolicy, nodeSelector keys, non-negative durations.
void validate_pod_spec(const json& spec, std::string_view path, validation::Errors& errors);

// ValidatePodTemplateSpec at `path` (e.g. "spec.template"): labels and annotations of its
// metadata (reported at `<path>.labels` as upstream does), then the spec at `<path>.spec`.
void validate_pod_template_spec(const json& tmpl, std::string_view path, validation::Errors& errors);

// The pull policy upstream defaults for an image reference: "Always" for `:latest` or no tag
// (and no digest), else "IfNotPresent".
std::string default_pull_policy(std::string_view image);

}  // namespace kapi::registry::core
