// ServiceAccounts: the table counts the listed secrets; /token is the lead's apiserver work.
#include "registry/apps/workload_columns.h"
#include "registry/core/resources.h"
#include "registry/object_meta.h"
#include "registry/validation/field_checks.h"

namespace kapi::registry::core {
namespace {
class ServiceAccountStrategy : public Strategy {
 public:
  TablePrinter table_printer() const override {
    TablePrinter p;
    p.columns = {apps::name_column(),
                 apps::column("Secrets", "string", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."),
                 apps::age_column()};
    p.cells = [](const json& sa, std::chrono::system_clock::time_point now) {
      return json::array({meta_string(sa, "name"), validation::array_at(sa, "secrets").size(), age_since(sa, now)});
    };
    return p;
  }
};
}  // namespace

ResourceDefinition serviceaccounts() {
  return {{"", "v1", "ServiceAccount", "serviceaccounts", "serviceaccount", {"sa"}, {}, true, {"token"}},
          std::make_shared<ServiceAccountStrategy>()};
}
}  // namespace kapi::registry::core
