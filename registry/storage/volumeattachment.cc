// VolumeAttachments (storage.k8s.io/v1), as upstream's pkg/registry/storage/volumeattachment:
// cluster-scoped, a read-only spec (attacher, source, nodeName), status through /status.
#include <algorithm>
#include <cctype>

#include "registry/apps/workload_columns.h"
#include "registry/apps/workload_validation.h"
#include "registry/object_meta.h"
#include "registry/selector/label_requirement.h"
#include "registry/storage/resources.h"

namespace kapi::registry::storage_k8s_io {
namespace {

using apps::field_at;
using apps::string_at;

constexpr size_t kMaxAttachmentMetadataBytes = 256 * 1024;
constexpr size_t kMaxErrorMessageBytes = 1024;

void validate_volume_error(const json& error, const std::string& path, std::vector<FieldError>& errors) {
  if (!error.is_object()) return;
  if (string_at(error, {"message"}).size() > kMaxErrorMessageBytes)
    errors.push_back(too_long(path + ".message", kMaxAttachmentMetadataBytes));  // upstream's limit text
  const json& code = field_at(error, {"errorCode"});
  if (code.is_number_integer() && code.get<int64_t>() < 0)
    errors.push_back(invalid_value(path + ".errorCode", code, "must be between 0 and 2147483647, inclusive"));
}

void validate_attachment(const json& obj, std::vector<FieldError>& errors) {
  const std::string attacher = string_at(obj, {"spec", "attacher"});
  if (attacher.empty()) errors.push_back(required("spec.attacher", ""));
  const json& source = field_at(obj, {"spec", "source"});
  const json& pv = field_at(source, {"persistentVolumeName"});
  const json& inline_spec = field_at(source, {"inlineVolumeSpec"});
  constexpr const char* kExactlyOne = "must specify exactly one of inlineVolumeSpec and persistentVolumeName";
  if (pv.is_null() && inline_spec.is_null())
    errors.push_back(required("spec.source", kExactlyOne));
  else if (!pv.is_null() && !inline_spec.is_null())
    errors.push_back(forbidden("spec.source", kExactlyOne));
  else if (!pv.is_null() && string_at(source, {"persistentVolumeName"}).empty())
    errors.push_back(required("spec.source.persistentVolumeName", "must specify non empty persistentVolumeName"));
  const std::string node = string_at(obj, {"spec", "nodeName"});
  for (const auto& msg : check_dns1123_subdomain(node)) errors.push_back(invalid_value("spec.nodeName", node, msg));

  size_t metadata_bytes = 0;
  const json& metadata = field_at(obj, {"status", "attachmentMetadata"});
  if (metadata.is_object())
    for (const auto& [k, v] : metadata.items()) metadata_bytes += k.size() + (v.is_string() ? v.get<std::string>().size() : 0);
  if (metadata_bytes > kMaxAttachmentMetadataBytes)
    errors.push_back(too_long("status.attachmentMetadata", kMaxAttachmentMetadataBytes));
  validate_volume_error(field_at(obj, {"status", "attachError"}), "status.attachError", errors);
  validate_volume_error(field_at(obj, {"status", "detachError"}), "status.detachError", errors);

  // storage.k8s.io/v1 adds: the attacher is a CSI driver name, the PV name a PV name.
  if (attacher.empty()) errors.push_back(required("spec.attacher", ""));
  if (attacher.size() > 63) errors.push_back(too_long("spec.attacher", 63));
  std::string lower = attacher;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const auto& msg : check_dns1123_subdomain(lower)) errors.push_back(invalid_value("spec.attacher", attacher, msg));
  if (pv.is_string())
    for (const auto& msg : check_dns1123_subdomain(pv.get<std::string>()))
      errors.push_back(invalid_value("spec.source.persistentVolumeName", pv, msg));
}

// %#v of the internal VolumeAttachmentSpec, printed when an update changes it.
std::string go_spec(const json& obj) {
  const json& source = field_at(obj, {"spec", "source"});
  auto pointer = [](const json& v, const char* type) {
    return std::string("(") + type + ")(" + (v.is_null() ? "nil" : "0xc000000000") + ")";
  };
  return "storage.VolumeAttachmentSpec{Attacher:" + selector::go_quote(string_at(obj, {"spec", "attacher"})) +
         ", Source:storage.VolumeAttachmentSource{PersistentVolumeName:" +
         pointer(field_at(source, {"persistentVolumeName"}), "*string") +
         ", InlineVolumeSpec:" + pointer(field_at(source, {"inlineVolumeSpec"}), "*core.PersistentVolumeSpec") +
         "}, NodeName:" + selector::go_quote(string_at(obj, {"spec", "nodeName"})) + "}";
}

class VolumeAttachmentStrategy : public Strategy {
 public:
  void validate(const json& obj, std::vector<FieldError>& errors) const override { validate_attachment(obj, errors); }
  void validate_update(const json& obj, const json& old, std::vector<FieldError>& errors) const override {
    validate_attachment(obj, errors);
    if (field_at(obj, {"spec"}) != field_at(old, {"spec"}))
      errors.push_back({"FieldValueInvalid", "spec", "Invalid value: " + go_spec(obj) + ": field is immutable"});
  }

  TablePrinter table_printer() const override {
    TableColumn attacher{"Attacher", "string", "name", "Attacher indicates the name of the volume driver that MUST handle this request.", 0};
    return {{apps::name_column(), attacher,
             apps::column("PV", "string", "Name of the persistent volume to attach."),
             apps::column("Node", "string", "The node that the volume should be attached to."),
             apps::column("Attached", "boolean", "Indicates the volume is successfully attached."),
             apps::age_column()},
            [](const json& obj, std::chrono::system_clock::time_point now) {
              const json& attached = field_at(obj, {"status", "attached"});
              return json::array({meta_string(obj, "name"), string_at(obj, {"spec", "attacher"}),
                                  string_at(obj, {"spec", "source", "persistentVolumeName"}),
                                  string_at(obj, {"spec", "nodeName"}), attached.is_boolean() && attached.get<bool>(),
                                  age_since(obj, now)});
            }};
  }
};

}  // namespace

ResourceDefinition volumeattachments() {
  return {{"storage.k8s.io", "v1", "VolumeAttachment", "volumeattachments", "volumeattachment", {}, {}, false, {"status"}},
          std::make_shared<VolumeAttachmentStrategy>()};
}

}  // namespace kapi::registry::storage_k8s_io
