// The built-in type definitions, one function per API group; builtin_schemas() calls them all.
#pragma once

#include "openapi/schema_model.h"

namespace kapi::openapi::types {

void add_meta_types(SchemaModel& model);      // meta/v1, Quantity, IntOrString, RawExtension
void add_core_pod_types(SchemaModel& model);  // Pod and everything a pod template holds
void add_core_types(SchemaModel& model);      // the other core/v1 kinds
void add_core_volume_plugin_types(SchemaModel& model);  // in-tree plugin sources (EBS, iSCSI, RBD, ...)
void add_core_policy_types(SchemaModel& model);  // LimitRange, ResourceQuota, ReplicationController, PodTemplate
void add_apps_types(SchemaModel& model);      // apps/v1
void add_storage_types(SchemaModel& model);   // storage.k8s.io/v1
void add_coordination_types(SchemaModel& model);  // coordination.k8s.io/v1 Lease
void add_autoscaling_types(SchemaModel& model);  // autoscaling/v1 Scale

// Protobuf field numbers (see openapi/proto_fields.h) of the types kubectl's typed clients send;
// run after the definitions they number.
void number_meta_types(SchemaModel& model);      // ObjectMeta, LabelSelector, DeleteOptions, ...
void number_core_pod_types(SchemaModel& model);  // Pod, PodSpec and everything in it
void number_core_types(SchemaModel& model);      // Namespace, ConfigMap, Secret, ServiceAccount, Service, quotas, ...
void number_core_volume_plugin_types(SchemaModel& model);
void number_apps_types(SchemaModel& model);      // Deployment; autoscaling/v1 Scale
void number_storage_types(SchemaModel& model);   // storage.k8s.io/v1

}  // namespace kapi::openapi::types
