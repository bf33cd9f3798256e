// core/v1 kinds about quotas, limits and pod templates: LimitRange, ResourceQuota,
// ReplicationController and PodTemplate.
#include "openapi/schema_builder.h"
#include "openapi/types/types.h"

namespace kapi::openapi::types {
using namespace dsl;

namespace {

void define_kind(SchemaModel& m, const std::string& type, const std::string& description,
                 std::vector<Field> fields) {
  define_kind_and_list(m, core(type), {"", "v1", type}, description, std::move(fields));
}

// map[ResourceName]Quantity, e.g. {cpu: 500m, memory: 1Gi}.
SchemaPtr resource_list(std::string description) { return map_of(quantity(), std::move(description)); }

void add_limit_range(SchemaModel& m) {
  m.define(core("LimitRangeItem"), object("Limits for one kind of object (Pod, Container or claim).", {
      {"default", resource_list("Limits a container gets when it sets none.")},
      {"defaultRequest", resource_list("Requests a container gets when it sets none.")},
      {"max", resource_list("Largest amount allowed per resource.")},
      {"maxLimitRequestRatio", resource_list("Largest allowed limit divided by request, per resource.")},
      {"min", resource_list("Smallest amount allowed per resource.")},
      {"type", str("What the limits apply to: Pod, Container or PersistentVolumeClaim."), kRequired},
  }));
  m.define(core("LimitRangeSpec"), object("The limits of a LimitRange.", {
      {"limits", atomic_list(ref_to(core("LimitRangeItem")), "One entry per kind of object."), kRequired},
  }));
  define_kind(m, "LimitRange", "Per-namespace bounds and defaults for resource requests and limits.", {
      {"spec", ref_to(core("LimitRangeSpec"), "The limits.")},
  });
}

void add_resource_quota(SchemaModel& m) {
  m.define(core("ScopedResourceSelectorRequirement"), object("A test on one quota scope.", {
      {"operator", str_enum({"DoesNotExist", "Exists", "In", "NotIn"}, "How the scope relates to values."), kRequired},
      {"scopeName", str_enum({"BestEffort", "CrossNamespacePodAffinity", "NotBestEffort", "NotTerminating",
                              "PriorityClass", "Terminating", "VolumeAttributesClass"},
                             "The scope the requirement is about."), kRequired},
      {"values", strings("Values for In and NotIn; empty for Exists and DoesNotExist.")},
  }));
  m.define(core("ScopeSelector"), [] {
    SchemaPtr s = object("Scope requirements ANDed together.", {
        {"matchExpressions", atomic_list(ref_to(core("ScopedResourceSelectorRequirement")), "The requirements.")},
    });
    s->map_type = "atomic";
    return s;
  }());
  m.define(core("ResourceQuotaSpec"), object("Desired limits of a quota.", {
      {"hard", resource_list("Upper bound per named resource, e.g. pods: 10, requests.cpu: 4.")},
      {"scopeSelector", ref_to(core("ScopeSelector"), "Only objects matching these scopes count.")},
      {"scopes", strings("Only objects in all these scopes count.")},
  }));
  m.define(core("ResourceQuotaStatus"), object("Observed use of a quota.", {
      {"hard", resource_list("The enforced bounds.")},
      {"used", resource_list("What the namespace uses now.")},
  }));
  define_kind(m, "ResourceQuota", "Caps the total resources a namespace may consume.", {
      {"spec", ref_to(core("ResourceQuotaSpec"), "Desired limits.")},
      {"status", ref_to(core("ResourceQuotaStatus"), "Observed use. Read-only.")},
  });
}

void add_replication_controller(SchemaModel& m) {
  m.define(core("ReplicationControllerSpec"), object("Desired state of a replication controller.", {
      {"minReadySeconds", int32("Seconds a new pod must be ready to count as available.")},
      {"replicas", int32("Desired number of pods; 1 by default.")},
      {"selector", [] {
         SchemaPtr s = string_map("Labels of the pods it manages; the template's labels when empty.");
         s->map_type = "atomic";
         return s;
       }()},
      {"template", ref_to(core("PodTemplateSpec"), "Template of the pods created.")},
  }));
  m.define(core("ReplicationControllerCondition"), condition("replication controller"));
  m.define(core("ReplicationControllerStatus"), object("Observed state of a replication controller.", {
      {"availableReplicas", int32("Available pods.")},
      {"conditions", merge_list(ref_to(core("ReplicationControllerCondition")), "type", {}, "Current conditions.")},
      {"fullyLabeledReplicas", int32("Pods whose labels match the template's.")},
      {"observedGeneration", int64("Generation last acted on.")},
      {"readyReplicas", int32("Ready pods.")},
      {"replicas", int32("Pods created."), kRequired},
  }));
  define_kind(m, "ReplicationController", "Keeps a number of pod replicas running (the predecessor of ReplicaSet).", {
      {"spec", ref_to(core("ReplicationControllerSpec"), "Desired state.")},
      {"status", ref_to(core("ReplicationControllerStatus"), "Observed state. Read-only.")},
  });
  define_kind(m, "PodTemplate", "A stored pod template that other objects can copy.", {
      {"template", ref_to(core("PodTemplateSpec"), "The template.")},
  });
}

}  // namespace

void add_core_policy_types(SchemaModel& m) {
  add_limit_range(m);
  add_resource_quota(m);
  add_replication_controller(m);
}

}  // namespace kapi::openapi::types
