// Namespaces: cluster-scoped, DNS-1123 label names, phase Active and the kubernetes finalizer
// from creation on.
#include <algorithm>

#include "registry/core/resources.h"
#include "registry/object_meta.h"

namespace kapi::registry::core {
namespace {
constexpr const char* kKubernetesFinalizer = "kubernetes";

class NamespaceStrategy : public Strategy {
 public:
  std::vector<std::string> check_name(const std::string& name) const override {
    return check_dns1123_label(name);
  }
  void prepare_for_create(json& obj) const override {
    obj["status"] = {{"phase", "Active"}};
    auto& spec = obj["spec"];
    if (!spec.is_object()) spec = json::object();
    // upstream requires the kubernetes finalizer on create (it may be removed later, via /finalize)
    json& finalizers = spec["finalizers"];
    if (!finalizers.is_array()) finalizers = json::array();
    if (std::find(finalizers.begin(), finalizers.end(), kKubernetesFinalizer) == finalizers.end())
      finalizers.push_back(kKubernetesFinalizer);
    // upstream labels every namespace with its own name
    obj["metadata"]["labels"]["kubernetes.io/metadata.name"] = obj["metadata"].value("name", "");
  }
  void prepare_for_update(json& obj, const json& old) const override {
    if (old.contains("spec")) obj["spec"] = old["spec"];  // spec.finalizers change via /finalize
    obj["metadata"]["labels"]["kubernetes.io/metadata.name"] = obj["metadata"].value("name", "");
  }
  // Deletion: the first DELETE marks the namespace Terminating; the namespace controller empties
  // it and takes "kubernetes" out of spec.finalizers through /finalize; the namespace goes once
  // spec.finalizers is empty (upstream's namespace REST Delete and ShouldDeleteNamespaceDuringUpdate).
  bool return_deleted_object() const override { return true; }
  std::optional<std::string> pending_finalization(const json& obj) const override {
    const json* finalizers = obj.contains("spec") && obj["spec"].is_object() && obj["spec"].contains("finalizers")
                                 ? &obj["spec"]["finalizers"] : nullptr;
    if (!finalizers || !finalizers->is_array() || finalizers->empty()) return std::nullopt;
    return "The system is ensuring all content is removed from this namespace.  Upon completion, this "
           "namespace will automatically be purged by the system.";
  }
  void prepare_for_delete(json& obj) const override {
    if (!obj["status"].is_object()) obj["status"] = json::object();
    obj["status"]["phase"] = "Terminating";
    obj["metadata"].erase("deletionGracePeriodSeconds");  // upstream sets only the timestamp
  }
  bool prepare_for_finalize(json& obj, const json& old) const override {
    json finalizers = json::array();
    if (obj.contains("spec") && obj["spec"].is_object() && obj["spec"].contains("finalizers"))
      finalizers = obj["spec"]["finalizers"];
    obj = old;
    if (!obj["spec"].is_object()) obj["spec"] = json::object();
    obj["spec"]["finalizers"] = finalizers.is_null() ? json::array() : finalizers;
    return true;
  }
  void validate_update(const json& obj, const json&, std::vector<FieldError>& errors) const override {
    validate(obj, errors);
  }
  void validate(const json& obj, std::vector<FieldError>& errors) const override {
    if (!obj.contains("spec") || !obj["spec"].is_object() || !obj["spec"].contains("finalizers")) return;
    const json& finalizers = obj["spec"]["finalizers"];
    if (!finalizers.is_array()) {
      errors.push_back(invalid_value("spec.finalizers", finalizers, "must be a list of finalizer names"));
      return;
    }
    for (size_t i = 0; i < finalizers.size(); ++i)
      if (!finalizers[i].is_string() || finalizers[i].get<std::string>().empty())
        errors.push_back(invalid_value("spec.finalizers[" + std::to_string(i) + "]", finalizers[i],
                                       "must be a finalizer name"));
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
