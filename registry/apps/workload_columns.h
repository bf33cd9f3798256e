// Table cells the apps/v1 and storage.k8s.io/v1 printers share, computed as upstream's
// pkg/printers/internalversion/printers.go does (see /work/shared/reference/TABLES.md §4).
#pragma once

#include <cstdint>
#include <string>

#include "registry/table.h"

namespace kapi::registry::apps {

// The Name and Age columns every printer starts and ends with (same descriptions as the
// default printer's).
TableColumn name_column();
TableColumn age_column();
TableColumn column(std::string name, std::string type, std::string description, int priority = 0);

// spec.template.spec.containers names and images, each joined with ",".
std::string template_container_names(const json& obj);
std::string template_container_images(const json& obj);

// labels.FormatLabels: sorted `k=v` joined with ",", `<none>` when empty.
std::string format_labels(const json& labels);
// metav1.FormatLabelSelector: `<none>` for a missing or empty selector, `<error>` when invalid.
std::string format_label_selector(const json& selector);

// obj.a.b... as an integer (0 when missing): status counters.
int64_t int_field(const json& obj, std::initializer_list<const char*> path);

}  // namespace kapi::registry::apps
