// Namespaces: cluster-scoped, DNS-1123 label names, phase Active and the kubernetes finalizer
// from creation on.
#include "registry/core/resources.h"
#include "registry/object_meta.h"

namespace kapi::registry::core {
namespace {
class NamespaceStrategy : public Strategy {
 public:
  std::vector<std::string> check_name(const std::string& name) const override {
    return check_dns1123_label(name);
  }
  void prepare_for_create(json& obj) const override {
    obj["status"] = {{"phase", "Active"}};
    auto& spec = obj["spec"];
    if (!spec.is_object()) spec = json::object();
    if (!spec.contains("finalizers")) spec["finalizers"] = json::array({"kubernetes"});
    // upstream labels every namespace with its own name
    obj["metadata"]["labels"]["kubernetes.io/metadata.name"] = obj["metadata"].value("name", "");
  }
  void prepare_for_update(json& obj, const json& old) const override {
    if (old.contains("spec")) obj["spec"] = old["spec"];  // spec.finalizers change via /finalize
    obj["metadata"]["labels"]["kubernetes.io/metadata.name"] = obj["metadata"].value("name", "");
  }
  void selectable_fields(const json& obj, std::map<std::string, std::string>& fields) const override {
    fields["status.phase"] = obj.contains("status") ? obj["status"].value("phase", "") : "";
  }
  TablePrinter table_printer() const override {
    TablePrinter p = name_age_printer();
    p.columns.insert(p.columns.begin() + 1,
                     {"Status", "string", "", "The status of the namespace", 0});
    p.cells = [](const json& obj, std::chrono::system_clock::time_point now) {
      std::string phase = obj.contains("status") ? obj["status"].value("phase", "") : "";
      return json::array({meta_string(obj, "name"), phase, age_since(obj, now)});
    };
    return p;
  }
};
}  // namespace

ResourceDefinition namespaces() {
  return {{"", "v1", "Namespace", "namespaces", "namespace", {"ns"}, {}, false, {"status", "finalize"}},
          std::make_shared<NamespaceStrategy>()};
}
}  // namespace kapi::registry::core
