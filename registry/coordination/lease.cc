// Leases (coordination.k8s.io/v1), as upstream's pkg/registry/coordination/lease: no defaults, no
// status; ValidateLeaseSpec's bounds, and the coordinated-election fields checked together.
#include "registry/apps/workload_columns.h"
#include "registry/apps/workload_validation.h"
#include "registry/coordination/resources.h"
#include "registry/object_meta.h"

namespace kapi::registry::coordination {
namespace {

using apps::field_at;
using apps::string_at;

void validate_spec(const json& obj, std::vector<FieldError>& errors) {
  const json& spec = field_at(obj, {"spec"});
  const json& duration = field_at(spec, {"leaseDurationSeconds"});
  if (duration.is_number_integer() && duration.get<int64_t>() <= 0)
    errors.push_back(invalid_value("spec.leaseDurationSeconds", duration, "must be greater than 0"));
  const json& transitions = field_at(spec, {"leaseTransitions"});
  if (transitions.is_number_integer() && transitions.get<int64_t>() < 0)
    errors.push_back(invalid_value("spec.leaseTransitions", transitions, "must be greater than or equal to 0"));
  const std::string strategy = string_at(spec, {"strategy"});
  if (spec.is_object() && spec.contains("strategy") && strategy != "OldestEmulationVersion")
    errors.push_back(not_supported("spec.strategy", spec["strategy"], {"OldestEmulationVersion"}));
  if (!string_at(spec, {"preferredHolder"}).empty() && strategy.empty())
    errors.push_back(forbidden("spec.preferredHolder", "may only be specified if `strategy` is defined"));
}

class LeaseStrategy : public Strategy {
 public:
  void validate(const json& obj, std::vector<FieldError>& errors) const override { validate_spec(obj, errors); }
  void validate_update(const json& obj, const json&, std::vector<FieldError>& errors) const override {
    validate_spec(obj, errors);
  }

  TablePrinter table_printer() const override {
    return {{apps::name_column(), apps::column("Holder", "string", "The identity of the current holder."),
             apps::age_column()},
            [](const json& obj, std::chrono::system_clock::time_point now) {
              const json& holder = field_at(obj, {"spec", "holderIdentity"});
              return json::array({meta_string(obj, "name"),
                                  holder.is_string() ? holder.get<std::string>() : std::string("<unknown>"),
                                  age_since(obj, now)});
            }};
  }
};

}  // namespace

ResourceDefinition leases() {
  return {{"coordination.k8s.io", "v1", "Lease", "leases", "lease", {}, {}, true, {}},
          std::make_shared<LeaseStrategy>()};
}

}  // namespace kapi::registry::coordination
