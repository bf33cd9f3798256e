#include "admission/namespace_lifecycle.h"

namespace kapi::admission {

namespace {
bool is_immortal(const std::string& name) {
  return name == "default" || name == "kube-system" || name == "kube-public";
}
}  // namespace

std::optional<ApiError> NamespaceLifecycle::validate(const Attributes& attrs) const {
  const auto& r = attrs.resource;
  if (r.group.empty() && r.plural == "namespaces") {
    if (attrs.operation == Operation::kDelete && is_immortal(attrs.name))
      return registry::forbidden_message("namespaces \"" + attrs.name +
                                         "\" is forbidden: this namespace may not be deleted");
    return std::nullopt;
  }
  if (!r.namespaced || attrs.operation != Operation::kCreate) return std::nullopt;
  auto ns = lookup_(attrs.ns);
  if (!ns) return registry::not_found({"", "namespaces"}, attrs.ns);
  const json* phase = nullptr;
  if (auto st = ns->find("status"); st != ns->end() && st->is_object())
    if (auto p = st->find("phase"); p != st->end()) phase = &*p;
  if (phase && *phase == "Terminating") {
    ApiError err = registry::forbidden_message(
        r.plural + " \"" + attrs.name + "\" is forbidden: unable to create new content in namespace " +
        attrs.ns + " because it is being terminated");
    err.details = {{"name", attrs.name}, {"kind", r.plural},
                   {"causes", json::array({{{"reason", "NamespaceTerminating"},
                                            {"message", "namespace " + attrs.ns + " is being terminated"},
                                            {"field", "metadata.namespace"}}})}};
    return err;
  }
  return std::nullopt;
}

}  // namespace kapi::admission
