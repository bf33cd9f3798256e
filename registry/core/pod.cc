// Pods: status through /status; spec.nodeName selectable (the scheduler and kubelet watch by it).
#include "registry/core/resources.h"

namespace kapi::registry::core {
namespace {
class PodStrategy : public Strategy {
 public:
  void prepare_for_create(json& obj) const override {
    obj["status"] = {{"phase", "Pending"}, {"qosClass", "BestEffort"}};
  }
  bool return_deleted_object() const override { return true; }
  void selectable_fields(const json& obj, std::map<std::string, std::string>& fields) const override {
    const json spec = obj.value("spec", json::object());
    const json status = obj.value("status", json::object());
    fields["spec.nodeName"] = spec.value("nodeName", "");
    fields["spec.restartPolicy"] = spec.value("restartPolicy", "");
    fields["spec.schedulerName"] = spec.value("schedulerName", "");
    fields["spec.serviceAccountName"] = spec.value("serviceAccountName", "");
    fields["spec.hostNetwork"] = spec.value("hostNetwork", false) ? "true" : "false";
    fields["status.phase"] = status.value("phase", "");
    fields["status.podIP"] = status.value("podIP", "");
    fields["status.nominatedNodeName"] = status.value("nominatedNodeName", "");
  }
};
}  // namespace

ResourceDefinition pods() {
  return {{"", "v1", "Pod", "pods", "pod", {"po"}, {"all"}, true, {"status", "binding", "eviction", "log", "exec", "attach", "portforward", "ephemeralcontainers"}},
          std::make_shared<PodStrategy>()};
}
}  // namespace kapi::registry::core
