// coordination.k8s.io/v1: Lease, the heartbeat record of nodes (kube-node-lease) and the lock of
// leader elections.
#include "openapi/schema_builder.h"
#include "openapi/types/types.h"

namespace kapi::openapi::types {
using namespace dsl;

void add_coordination_types(SchemaModel& m) {
  const std::string spec = "io.k8s.api.coordination.v1.LeaseSpec";
  m.define(spec, object("Who holds a lease and until when.", {
      {"acquireTime", ref_to(meta("MicroTime"), "When the current holder took the lease.")},
      {"holderIdentity", str("The identity of the current holder.")},
      {"leaseDurationSeconds", int32("How long, from renewTime, candidates must wait before they may take the lease over.")},
      {"leaseTransitions", int32("How many times the lease changed holders.")},
      {"preferredHolder", str("The holder a coordinated leader election would like to hand the lease to; needs a strategy.")},
      {"renewTime", ref_to(meta("MicroTime"), "When the holder last renewed the lease.")},
      {"strategy", str("How a coordinated leader election picks the holder (OldestEmulationVersion).")},
  }));
  define_kind_and_list(m, "io.k8s.api.coordination.v1.Lease", {"coordination.k8s.io", "v1", "Lease"},
                       "A lease: a holder and its last renewal.", {
      {"spec", ref_to(spec, "The lease's holder and times.")},
  });
}

}  // namespace kapi::openapi::types
