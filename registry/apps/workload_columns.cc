#include "registry/apps/workload_columns.h"

#include <map>

#include "registry/apps/workload_validation.h"
#include "registry/selector/label_selector.h"

namespace kapi::registry::apps {

TableColumn name_column() { return name_age_printer().columns.at(0); }
TableColumn age_column() { return name_age_printer().columns.at(1); }

TableColumn column(std::string name, std::string type, std::string description, int priority) {
  return TableColumn{std::move(name), std::move(type), "", std::move(description), priority};
}

namespace {
std::string join_containers(const json& obj, const char* field) {
  const json& containers = field_at(obj, {"spec", "template", "spec", "containers"});
  if (!containers.is_array()) return "";
  std::string out;
  for (size_t i = 0; i < containers.size(); ++i) out += (i ? "," : "") + string_at(containers[i], {field});
  return out;
}
}  // namespace

std::string template_container_names(const json& obj) { return join_containers(obj, "name"); }
std::string template_container_images(const json& obj) { return join_containers(obj, "image"); }

std::string format_labels(const json& labels) {
  if (!labels.is_object() || labels.empty()) return "<none>";
  std::map<std::string, std::string> sorted;
  for (const auto& [k, v] : labels.items()) sorted[k] = v.is_string() ? v.get<std::string>() : "";
  std::string out;
  for (const auto& [k, v] : sorted) out += (out.empty() ? "" : ",") + k + "=" + v;
  return out;
}

std::string format_label_selector(const json& selector) {
  if (!selector.is_object()) return "<none>";
  auto parsed = selector::LabelSelector::from_json(selector);
  if (std::holds_alternative<std::string>(parsed)) return "<error>";
  std::string text = std::get<selector::LabelSelector>(parsed).to_string();
  return text.empty() ? "<none>" : text;
}

int64_t int_field(const json& obj, std::initializer_list<const char*> path) {
  const json& v = field_at(obj, path);
  return v.is_number_integer() ? v.get<int64_t>() : 0;
}

}  // namespace kapi::registry::apps
