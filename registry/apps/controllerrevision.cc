// ControllerRevisions (apps/v1), as upstream's pkg/registry/apps/controllerrevision: data is
// required and immutable, revision non-negative; printed with the owning controller.
#include <algorithm>
#include <cctype>

#include "registry/apps/go_repr.h"
#include "registry/apps/resources.h"
#include "registry/apps/workload_columns.h"
#include "registry/apps/workload_validation.h"
#include "registry/object_meta.h"

namespace kapi::registry::apps {
namespace {

void validate_revision(const json& obj, FieldErrors& errors) {
  if (field_at(obj, {"data"}).is_null()) errors.push_back(required("data", "data is mandatory"));
  validate_nonnegative(obj, "revision", "revision", errors);
}

// %#v of the runtime.RawExtension upstream prints when data changes: its raw JSON bytes.
std::string go_raw_extension(const json& data) {
  static const char* hex = "0123456789abcdef";
  std::string out = "runtime.RawExtension{Raw:[]uint8{";
  const std::string raw = data.dump();
  for (size_t i = 0; i < raw.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(raw[i]);
    out += std::string(i ? ", " : "") + "0x" + hex[c >> 4] + hex[c & 0xf];
  }
  return out + "}, Object:runtime.Object(nil)}";
}

// `statefulset.apps/web` for the controlling owner, `<none>` without one.
std::string controller_cell(const json& obj) {
  const json& owners = field_at(obj, {"metadata", "ownerReferences"});
  if (owners.is_array())
    for (const json& ref : owners) {
      if (field_at(ref, {"controller"}) != true) continue;
      const std::string api_version = string_at(ref, {"apiVersion"});
      const size_t slash = api_version.find('/');
      const std::string group = slash == std::string::npos ? "" : api_version.substr(0, slash);
      std::string kind = string_at(ref, {"kind"}) + (group.empty() ? "" : "." + group);
      std::transform(kind.begin(), kind.end(), kind.begin(), [](unsigned char c) { return std::tolower(c); });
      return kind + "/" + string_at(ref, {"name"});
    }
  return "<none>";
}

class ControllerRevisionStrategy : public Strategy {
 public:
  void validate(const json& obj, FieldErrors& errors) const override { validate_revision(obj, errors); }
  void validate_update(const json& obj, const json& old, FieldErrors& errors) const override {
    validate_revision(obj, errors);
    // Upstream freezes data only; revision may be rewritten (the controllers renumber them).
    if (field_at(obj, {"data"}) != field_at(old, {"data"}))
      errors.push_back(invalid_rendered("data", go_raw_extension(field_at(obj, {"data"})), "field is immutable"));
  }

  TablePrinter table_printer() const override {
    return {{name_column(),
             column("Controller", "string", "Controller of the object"),
             column("Revision", "string", "Revision indicates the revision of the state represented by Data."),
             age_column()},
            [](const json& obj, std::chrono::system_clock::time_point now) {
              return json::array({meta_string(obj, "name"), controller_cell(obj), int_field(obj, {"revision"}),
                                  age_since(obj, now)});
            }};
  }
};

}  // namespace

ResourceDefinition controllerrevisions() {
  return {{"apps", "v1", "ControllerRevision", "controllerrevisions", "controllerrevision", {}, {}, true, {}},
          std::make_shared<ControllerRevisionStrategy>()};
}

}  // namespace kapi::registry::apps
