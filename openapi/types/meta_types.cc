// Shared meta types (k8s.io/apimachinery): object and list metadata, Status, DeleteOptions, ...
#include "openapi/schema_builder.h"
#include "openapi/types/types.h"

namespace kapi::openapi::types {
using namespace dsl;

namespace {

// Groups whose endpoints take DeleteOptions and stream WatchEvents: upstream tags these shared
// types with one GVK per served group version.
std::vector<GroupVersionKind> per_group_version(const std::string& kind) {
  return {{"", "v1", kind}, {"apps", "v1", kind}, {"autoscaling", "v1", kind},
          {"storage.k8s.io", "v1", kind}, {"coordination.k8s.io", "v1", kind},
          {"meta.k8s.io", "v1", kind}};
}

}  // namespace

void add_meta_types(SchemaModel& m) {
  m.define(meta("Time"), [] {
    SchemaPtr s = str("A timestamp in RFC 3339 form, to the second, e.g. 2024-01-02T15:04:05Z.");
    s->format = "date-time";
    return s;
  }());
  m.define(meta("MicroTime"), [] {
    SchemaPtr s = str("A timestamp in RFC 3339 form with microseconds.");
    s->format = "date-time";
    return s;
  }());
  m.define(kQuantity, [] {
    SchemaPtr s = str("A fixed-point number with an optional suffix: 500m, 1Gi, 2.5, 1e3.");
    s->v3_one_of = {SchemaType::kString, SchemaType::kNumber};
    return s;
  }());
  m.define(kIntOrString, [] {
    SchemaPtr s = str("Either an integer or a string, e.g. a port number or a port name, 3 or 25%.");
    s->format = "int-or-string";
    s->v3_one_of = {SchemaType::kInteger, SchemaType::kString};
    s->int_or_string = true;
    return s;
  }());
  m.define(kRawExtension, [] {
    SchemaPtr s = object("An embedded object of any kind.", {});
    s->preserve_unknown_fields = true;
    return s;
  }());
  m.define(meta("FieldsV1"), object("A set of fields in the trie format of managedFields.", {}));

  m.define(meta("OwnerReference"), [] {
    SchemaPtr s = object("Identifies an object that owns this one; deleting the owner collects it.", {
        {"apiVersion", str("API version of the owner."), kRequired},
        {"blockOwnerDeletion", boolean("If true, the owner cannot be deleted in foreground until this reference is removed.")},
        {"controller", boolean("If true, this reference points at the managing controller.")},
        {"kind", str("Kind of the owner."), kRequired},
        {"name", str("Name of the owner."), kRequired},
        {"uid", str("UID of the owner."), kRequired},
    });
    s->map_type = "atomic";
    return s;
  }());

  m.define(meta("ManagedFieldsEntry"), object("The fields one manager owns, for one operation.", {
      {"apiVersion", str("Version of the schema the fields refer to.")},
      {"fieldsType", str("Format of fieldsV1; only FieldsV1.")},
      {"fieldsV1", ref_to(meta("FieldsV1"), "The owned fields.")},
      {"manager", str("Name of the workflow managing these fields.")},
      {"operation", str("Apply or Update.")},
      {"subresource", str("The subresource the operation wrote to, if any.")},
      {"time", timestamp("When the fields were last changed by this manager.")},
  }));

  m.define(meta("ObjectMeta"), object("Metadata every persisted object has.", {
      {"annotations", string_map("Unstructured key/value data for tools; not used for selection.")},
      {"creationTimestamp", timestamp("When the server created the object. Read-only.")},
      {"deletionGracePeriodSeconds", int64("Seconds left for graceful termination once deletion began. Read-only.")},
      {"deletionTimestamp", timestamp("When the object will be deleted; set by the server on a delete request. Read-only.")},
      {"finalizers", set_list(str(), "Conditions that must be cleared before the object is removed from storage.")},
      {"generateName", str("Prefix for a server-generated name, used when name is empty.")},
      {"generation", int64("Sequence number of the desired state; bumped on spec changes. Read-only.")},
      {"labels", string_map("Key/value pairs used to organise and select objects.")},
      {"managedFields", atomic_list(ref_to(meta("ManagedFieldsEntry")), "Which manager owns which fields.")},
      {"name", str("Unique name within a namespace (or the cluster for cluster-scoped kinds).")},
      {"namespace", str("The namespace the object lives in; empty for cluster-scoped kinds.")},
      {"ownerReferences", merge_list(ref_to(meta("OwnerReference")), "uid", {}, "Objects this one depends on.")},
      {"resourceVersion", str("Opaque version of the object, for optimistic concurrency and watches. Read-only.")},
      {"selfLink", str("Deprecated; not set.")},
      {"uid", str("Unique identifier in time and space, set by the server. Read-only.")},
  }));

  m.define(meta("ListMeta"), object("Metadata of a list.", {
      {"continue", str("Token to fetch the next page, when the list was limited.")},
      {"remainingItemCount", int64("Estimated number of items after this page.")},
      {"resourceVersion", str("The revision this list was read at.")},
      {"selfLink", str("Deprecated; not set.")},
  }));

  m.define(meta("LabelSelectorRequirement"), object("One label test: key, operator and values.", {
      {"key", str("The label key."), kRequired},
      {"operator", str("In, NotIn, Exists or DoesNotExist."), kRequired},
      {"values", strings("Values for In and NotIn; empty for Exists and DoesNotExist.")},
  }));
  m.define(meta("LabelSelector"), [] {
    SchemaPtr s = object("A label query; all of its requirements must hold. Empty matches everything.", {
        {"matchExpressions", atomic_list(ref_to(meta("LabelSelectorRequirement")), "Requirements, ANDed.")},
        {"matchLabels", string_map("Exact key=value matches, ANDed.")},
    });
    s->map_type = "atomic";
    return s;
  }());

  m.define(meta("Condition"), object("One aspect of an object's current state.", {
      {"lastTransitionTime", timestamp("When the status last changed."), kRequired},
      {"message", str("Human readable details."), kRequired},
      {"observedGeneration", int64("The generation the condition was computed for.")},
      {"reason", str("CamelCase reason for the last transition."), kRequired},
      {"status", str("True, False or Unknown."), kRequired},
      {"type", str("CamelCase condition type."), kRequired},
  }));

  m.define(meta("StatusCause"), object("One cause of an error.", {
      {"field", str("The field at fault, e.g. spec.containers[0].name.")},
      {"message", str("Human readable description.")},
      {"reason", str("Machine readable cause.")},
  }));
  m.define(meta("StatusDetails"), object("Extra data about an error.", {
      {"causes", atomic_list(ref_to(meta("StatusCause")), "The causes of the error.")},
      {"group", str("Group of the resource concerned.")},
      {"kind", str("Kind or resource of the object concerned.")},
      {"name", str("Name of the object concerned.")},
      {"retryAfterSeconds", int32("Seconds to wait before retrying.")},
      {"uid", str("UID of the object concerned.")},
  }));
  m.define(meta("Status"), [] {
    SchemaPtr s = object("Result of an operation that returns no object; every error is one.", {
        {"apiVersion", str("v1.")},
        {"code", int32("The HTTP status code.")},
        {"details", ref_to(meta("StatusDetails"), "Extra data about the error.")},
        {"kind", str("Status.")},
        {"message", str("Human readable description.")},
        {"metadata", list_meta()},
        {"reason", str("Machine readable reason, e.g. NotFound.")},
        {"status", str("Success or Failure.")},
    });
    s->gvks = {{"", "v1", "Status"}};
    return s;
  }());

  m.define(meta("Preconditions"), object("Must hold for a delete to proceed.", {
      {"resourceVersion", str("The expected resourceVersion.")},
      {"uid", str("The expected UID.")},
  }));
  m.define(meta("DeleteOptions"), [] {
    SchemaPtr s = object("Options of a delete request.", {
        {"apiVersion", str("v1.")},
        {"dryRun", strings("All: process the request without persisting it.")},
        {"gracePeriodSeconds", int64("Seconds before the object is deleted; 0 means now.")},
        {"ignoreStoreReadErrorWithClusterBreakingPotential", boolean("Delete even an object that cannot be read.")},
        {"kind", str("DeleteOptions.")},
        {"orphanDependents", boolean("Deprecated; use propagationPolicy.")},
        {"preconditions", ref_to(meta("Preconditions"), "Must hold for the delete to proceed.")},
        {"propagationPolicy", str("Orphan, Background or Foreground garbage collection of dependents.")},
    });
    s->gvks = per_group_version("DeleteOptions");
    return s;
  }());

  m.define(meta("Patch"), object("A patch body; its format is given by the request's Content-Type.", {}));

  m.define(meta("WatchEvent"), [] {
    SchemaPtr s = object("One event of a watch stream.", {
        {"object", ref_to(kRawExtension, "The object (or a Status for ERROR events)."), kRequired},
        {"type", str("ADDED, MODIFIED, DELETED, BOOKMARK or ERROR."), kRequired},
    });
    s->gvks = per_group_version("WatchEvent");
    return s;
  }());
}

}  // namespace kapi::openapi::types
