// autoscaling/v1 Scale: the view the /scale subresource reads and writes.
#include "openapi/schema_builder.h"
#include "openapi/types/types.h"

namespace kapi::openapi::types {
using namespace dsl;

void add_autoscaling_types(SchemaModel& m) {
  const std::string prefix = "io.k8s.api.autoscaling.v1.";
  m.define(prefix + "ScaleSpec", object("Desired scale.", {
      {"replicas", int32("Desired number of replicas.")},
  }));
  m.define(prefix + "ScaleStatus", object("Observed scale.", {
      {"replicas", int32("Actual number of replicas."), kRequired},
      {"selector", str("Label selector of the pods, in string form.")},
  }));
  m.define(prefix + "Scale", kind({"autoscaling", "v1", "Scale"}, "The replica count of a scalable resource.", {
      {"spec", ref_to(prefix + "ScaleSpec", "Desired scale.")},
      {"status", ref_to(prefix + "ScaleStatus", "Observed scale. Read-only.")},
  }));
}

}  // namespace kapi::openapi::types
